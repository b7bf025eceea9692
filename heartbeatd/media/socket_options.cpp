#include "heartbeatd/media/socket_options.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hb::media {

std::optional<ha::Address> interface_broadcast(const std::string& ifname, std::string& error) {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
    int rc = ::ioctl(fd, SIOCGIFBRDADDR, &ifr);
    int e = errno;
    ::close(fd);
    if (rc != 0) {
        error = ifname + ": no broadcast address: " + std::strerror(e);
        return std::nullopt;
    }
    auto* sin = reinterpret_cast<sockaddr_in*>(&ifr.ifr_broadaddr);
    if (sin->sin_addr.s_addr == 0) {
        error = ifname + ": broadcast address is 0.0.0.0 (configure one with 'brd +')";
        return std::nullopt;
    }
    return ha::Address::v4(ntohl(sin->sin_addr.s_addr));
}

unsigned interface_index(const std::string& ifname) { return ::if_nametoindex(ifname.c_str()); }

bool bind_to_device(int fd, const std::string& ifname, std::string& error) {
    if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname.c_str(), socklen_t(ifname.size())) == 0)
        return true;
    error = "SO_BINDTODEVICE " + ifname + ": " + std::strerror(errno);
    return false;
}

} // namespace hb::media
