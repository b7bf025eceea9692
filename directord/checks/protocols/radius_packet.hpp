// RADIUS packets for the radius negotiate check (RFC 2865): an Access-Request with a
// hidden User-Password, and the verification of the server's answer. Pure: no
// sockets, unit-tested against vectors computed independently (see the test).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lib/address.hpp"

namespace directord::checks::radius {

enum Code : std::uint8_t { AccessRequest = 1, AccessAccept = 2, AccessReject = 3, AccessChallenge = 11 };
enum Attr : std::uint8_t {
    UserName = 1, UserPassword = 2, NasIpAddress = 4, ReplyMessage = 18, NasIdentifier = 32,
    MessageAuthenticator = 80, NasIpv6Address = 95,
};

using Authenticator = std::array<std::uint8_t, 16>;

struct Request {
    std::uint8_t id = 0;
    Authenticator authenticator{};          // random per request (RFC 2865 3)
    std::string user, password;
    std::optional<ha::Address> nas;         // NAS-IP-Address / NAS-IPv6-Address
    std::string nas_identifier;             // NAS-Identifier when not empty
    bool message_authenticator = true;      // RFC 3579 3.2, sent first (Blast-RADIUS advice)
};

// RFC 2865 5.2: the password padded to 16-byte blocks, each XORed with
// MD5(secret + previous block), the first with MD5(secret + request authenticator).
std::string hide_password(std::string_view password, std::string_view secret, const Authenticator& ra);

// The encoded Access-Request; nullopt and `err` for what RFC 2865 does not allow (an
// empty or over-long user name or secret, a password over 128 bytes).
std::optional<std::string> encode_access_request(const Request& r, std::string_view secret, std::string& err);

struct Response {
    std::uint8_t code = 0;
    std::uint8_t id = 0;
    std::string reply_message;              // Reply-Message attributes, joined
};

// The answer to `request` (as encoded and sent) when `packet` is well formed, has its
// identifier, and its Response Authenticator (and Message-Authenticator, if present)
// verifies with `secret`; nullopt and why otherwise. RFC 2865 says such a packet is
// silently discarded: the caller keeps waiting.
std::optional<Response> verify_response(std::string_view packet, std::string_view request, std::string_view secret,
                                        std::string& err);

std::string code_name(std::uint8_t code);

// MD5 and HMAC-MD5 (OpenSSL), 16 raw bytes.
std::string md5(std::string_view data);
std::string hmac_md5(std::string_view key, std::string_view data);

} // namespace directord::checks::radius
