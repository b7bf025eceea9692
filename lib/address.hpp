// An IPv4 or IPv6 address held as bytes: comparable, hashable, printable.
#pragma once
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <sys/socket.h>

namespace ha {

struct Address {
    int family = AF_INET;                // AF_INET or AF_INET6
    std::array<std::uint8_t, 16> bytes{}; // network order; IPv4 uses the first 4

    static std::optional<Address> parse(std::string_view text);   // literal only, no brackets
    static Address v4(std::uint32_t host_order);
    std::uint32_t v4_host() const;        // IPv4 only
    bool is_v6() const { return family == AF_INET6; }
    bool is_unspecified() const;
    std::string str() const;              // 10.0.0.1 or 2001:db8::1
    std::string bracketed() const;        // 10.0.0.1 or [2001:db8::1]

    auto operator<=>(const Address&) const = default;
};

// "addr:port" with IPv6 bracketed, as ipvsadm prints it.
std::string endpoint(const Address& a, std::uint16_t port);

} // namespace ha
