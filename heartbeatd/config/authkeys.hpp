// /etc/ha.d/authkeys: "auth N" picks the signing entry; "N method [key]" lines define
// entries 0..15, every one of which can verify incoming packets.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "heartbeatd/config/diagnostic.hpp"
#include "heartbeatd/wire/auth_method.hpp"

namespace hb::config {

struct AuthKey {
    int index = 0;
    wire::AuthMethod method = wire::AuthMethod::sha1;
    std::string key;   // empty for crc
    int line = 0;
};

struct AuthKeys {
    static constexpr int kMaxIndex = 15;   // heartbeat's MAXAUTH - 1
    std::array<std::optional<AuthKey>, kMaxIndex + 1> entries;
    int sign_index = -1;

    // The entry used to sign outgoing packets (always present in a valid file).
    const AuthKey* signing() const;
    const AuthKey* find(int index) const;
};

struct AuthKeysOptions {
    std::string file_name = "authkeys";
    // sha256 is not understood by heartbeat 3.0.6: only accept it when every node runs heartbeatd.
    bool allow_extensions = false;
};

struct AuthKeysResult {
    AuthKeys keys;
    Diagnostics diagnostics;
    bool ok() const { return !diagnostics.has_errors(); }
};

AuthKeysResult parse_authkeys(std::string_view text, const AuthKeysOptions& options = {});

// heartbeat refuses a key file readable by group or others (owner and write bits are not
// checked). Returns the error text, or nullopt when `mode` (st_mode bits) is acceptable.
std::optional<std::string> check_authkeys_mode(mode_t mode, std::string_view path);

} // namespace hb::config
