// The packet signing methods named in authkeys.
#pragma once
#include <optional>
#include <string_view>

namespace hb::config {

enum class AuthMethod {
    crc,     // CRC-32, no key: integrity only, no security
    md5,     // HMAC-MD5
    sha1,    // HMAC-SHA1
    sha256,  // HMAC-SHA256: heartbeatd extension, heartbeat 3.0.6 cannot verify it
};

std::optional<AuthMethod> parse_auth_method(std::string_view name);
std::string_view to_string(AuthMethod m);
inline bool needs_key(AuthMethod m) { return m != AuthMethod::crc; }
inline bool is_extension(AuthMethod m) { return m == AuthMethod::sha256; }

} // namespace hb::config
