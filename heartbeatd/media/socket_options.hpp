// Interface facts and socket options the UDP media need (thin wrappers over ioctl/setsockopt).
#pragma once
#include <optional>
#include <string>

#include "lib/address.hpp"

namespace hb::media {

// The IPv4 broadcast address configured on `ifname` (SIOCGIFBRDADDR), which bcast sends to.
std::optional<ha::Address> interface_broadcast(const std::string& ifname, std::string& error);
// if_nametoindex, 0 if unknown.
unsigned interface_index(const std::string& ifname);
// SO_BINDTODEVICE; false with `error` set.
bool bind_to_device(int fd, const std::string& ifname, std::string& error);

} // namespace hb::media
