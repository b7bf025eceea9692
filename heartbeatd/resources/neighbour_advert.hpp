#pragma once
// The ICMPv6 body of an unsolicited neighbour advertisement (RFC 4861 4.4), as sent after
// taking over an IPv6 address so that neighbours update their caches to our MAC: Override
// set, Solicited and Router clear, and a target link-layer address option. The checksum is
// left zero: the kernel fills it in for a raw ICMPv6 socket.
#include <array>
#include <cstdint>
#include <vector>

namespace hb::resources {

std::vector<std::uint8_t> unsolicited_na(const std::array<std::uint8_t, 16>& target,
                                         const std::array<std::uint8_t, 6>& mac);

} // namespace hb::resources
