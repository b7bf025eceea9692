// /etc/ha.d/authkeys: "auth N" picks the signing entry; "N method [key]" lines define
// entries 0..15, every one of which can verify incoming packets.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "heartbeatd/config/diagnostic.hpp"
#include "heartbeatd/config/auth_method.hpp"

namespace hb::config {

struct AuthKey {
    int index = 0;
    AuthMethod method = AuthMethod::sha1;
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
    // Every entry verifies incoming packets, so a crc entry beside an HMAC key lets anyone on
    // the segment forge packets (signed "N crc"). Refused unless the operator opts in
    // (HEARTBEATD_ALLOW_CRC=yes in heartbeatd's environment), e.g. while moving off crc.
    bool allow_crc_beside_hmac = false;
};

struct AuthKeysResult {
    AuthKeys keys;
    Diagnostics diagnostics;
    bool ok() const { return !diagnostics.has_errors(); }
};

AuthKeysResult parse_authkeys(std::string_view text, const AuthKeysOptions& options = {});

// The key file as opened (fstat of the descriptor it is read from): a regular file with no
// group or other bits at all, owned by the user heartbeatd runs as (`euid`: root in
// production). heartbeat 3.0.6 only refused group/other read bits, so a file writable by
// others (0602, 0622) or owned by another user passed. Returns the error text, or nullopt.
std::optional<std::string> check_authkeys_file(mode_t mode, uid_t owner, uid_t euid, std::string_view path);

} // namespace hb::config
