// The small part of URLs an HTTP check needs: http(s)://host[:port]/path?query, and
// resolving a redirect's Location against the URL it came from.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace directord::checks {

struct Url {
    std::string scheme;      // "http" or "https"
    std::string host;        // as written, brackets removed for IPv6
    std::uint16_t port = 0;  // explicit or the scheme's default
    bool port_given = false;
    std::string target;      // path and query, "/" at least

    // Host header value: host, bracketed when IPv6, ":port" when it was written.
    std::string authority() const;
    std::string str() const;
};

std::optional<Url> parse_url(const std::string& text);
// RFC 3986 reference resolution, simplified: absolute, scheme-relative, absolute path,
// or relative to the base's directory.
std::optional<Url> resolve_location(const Url& base, const std::string& location);

} // namespace directord::checks
