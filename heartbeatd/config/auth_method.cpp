#include "heartbeatd/config/auth_method.hpp"

namespace hb::config {

std::optional<AuthMethod> parse_auth_method(std::string_view name) {
    if (name == "crc") return AuthMethod::crc;
    if (name == "md5") return AuthMethod::md5;
    if (name == "sha1") return AuthMethod::sha1;
    if (name == "sha256") return AuthMethod::sha256;
    return std::nullopt;
}

std::string_view to_string(AuthMethod m) {
    switch (m) {
    case AuthMethod::crc: return "crc";
    case AuthMethod::md5: return "md5";
    case AuthMethod::sha1: return "sha1";
    case AuthMethod::sha256: return "sha256";
    }
    return "?";
}

} // namespace hb::config
