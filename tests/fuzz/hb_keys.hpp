// The fixed authkeys the heartbeat packet harnesses verify against: a sha1 signing key and
// md5, crc and sha256 entries that can also verify.
#pragma once
#include "heartbeatd/config/authkeys.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace fuzz {

inline const hb::config::AuthKeys& fixed_keys() {
    static const hb::config::AuthKeys keys = [] {
        hb::config::AuthKeysOptions o;
        o.allow_extensions = true;
        o.allow_crc_beside_hmac = true;   // every method verifies here, crc included
        auto r = hb::config::parse_authkeys("auth 1\n1 sha1 fuzzkey\n2 md5 otherkey\n3 crc\n7 sha256 ext\n", o);
        FUZZ_CHECK(r.ok());
        return r.keys;
    }();
    return keys;
}

} // namespace fuzz
