#include "lib/address.hpp"

#include <arpa/inet.h>
#include <cstring>

namespace ha {

std::optional<Address> Address::parse(std::string_view text) {
    std::string s(text);
    Address a;
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
        a.family = AF_INET;
        return a;
    }
    if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
        a.family = AF_INET6;
        return a;
    }
    return std::nullopt;
}

Address Address::v4(std::uint32_t host_order) {
    Address a;
    a.family = AF_INET;
    std::uint32_t n = htonl(host_order);
    std::memcpy(a.bytes.data(), &n, 4);
    return a;
}

std::uint32_t Address::v4_host() const {
    std::uint32_t n;
    std::memcpy(&n, bytes.data(), 4);
    return ntohl(n);
}

bool Address::is_unspecified() const {
    std::size_t len = family == AF_INET ? 4 : 16;
    for (std::size_t i = 0; i < len; ++i)
        if (bytes[i]) return false;
    return true;
}

std::string Address::str() const {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(family, bytes.data(), buf, sizeof buf);
    return buf;
}

std::string Address::bracketed() const {
    return is_v6() ? "[" + str() + "]" : str();
}

std::string endpoint(const Address& a, std::uint16_t port) {
    return a.bracketed() + ":" + std::to_string(port);
}

} // namespace ha
