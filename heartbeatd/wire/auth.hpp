// Packet signatures as heartbeat computes them: lowercase hex of HMAC-MD5/SHA1 (RFC 2104)
// or of the crc checksum (printed like "%lx": no zero padding), and the "IDX HEX" token.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "heartbeatd/config/auth_method.hpp"

namespace hb::wire {

// The methods are authkeys' words (config); the wire computes their digests.
using config::AuthMethod;
using config::is_extension;
using config::needs_key;

// Hex digest of `data` under `method` and `key` (the key is ignored for crc).
std::string compute_digest(AuthMethod method, std::string_view key, std::string_view data);

// Constant-time comparison of a received digest with the expected one.
bool digest_matches(AuthMethod method, std::string_view key, std::string_view data,
                    std::string_view received_hex);

// "<index> <hexdigest>": the value of the auth= field and the body of the netstring trailer.
struct AuthToken {
    int index = 0;
    std::string digest;
};
std::string format_auth_token(int index, std::string_view digest);
std::optional<AuthToken> parse_auth_token(std::string_view text);

} // namespace hb::wire
