// send_unsolicited_na: unsolicited IPv6 neighbour advertisements for resource.d/IPv6addr.
//   send_unsolicited_na [-c COUNT] [-i INTERVAL_MS] IFACE ADDRESS
// Sends COUNT (default 5) advertisements for ADDRESS with IFACE's MAC to all-nodes (ff02::1),
// INTERVAL_MS (default 200) apart, from ADDRESS itself, hop limit 255 (receivers drop any
// other). ADDRESS must already be on IFACE and usable (added with nodad). Exit 0 when every
// advertisement was sent, 1 on a send error, 2 on bad arguments.
#include "heartbeatd/resources/neighbour_advert.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {

int usage() {
    std::fprintf(stderr, "usage: send_unsolicited_na [-c COUNT] [-i INTERVAL_MS] IFACE ADDRESS\n");
    return 2;
}

bool number(const char* s, long& out) {
    char* end = nullptr;
    out = std::strtol(s, &end, 10);
    return *s && !*end && out >= 0;
}

} // namespace

int main(int argc, char** argv) {
    long count = 5, interval = 200;
    int opt;
    while ((opt = getopt(argc, argv, "c:i:")) != -1) {
        if (opt == 'c' && number(optarg, count)) continue;
        if (opt == 'i' && number(optarg, interval)) continue;
        return usage();
    }
    if (argc - optind != 2) return usage();
    const char* ifname = argv[optind];
    const char* addr = argv[optind + 1];

    std::array<std::uint8_t, 16> target{};
    if (inet_pton(AF_INET6, addr, target.data()) != 1) {
        std::fprintf(stderr, "send_unsolicited_na: bad IPv6 address %s\n", addr);
        return 2;
    }
    unsigned ifindex = if_nametoindex(ifname);
    if (!ifindex) {
        std::fprintf(stderr, "send_unsolicited_na: no interface %s\n", ifname);
        return 2;
    }
    int s = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
    if (s < 0) { std::perror("send_unsolicited_na: raw ICMPv6 socket"); return 1; }
    ifreq ifr{};
    std::snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
    if (ioctl(s, SIOCGIFHWADDR, &ifr) < 0) { std::perror("send_unsolicited_na: MAC"); return 1; }
    std::array<std::uint8_t, 6> mac;
    std::memcpy(mac.data(), ifr.ifr_hwaddr.sa_data, 6);

    int hops = 255;
    int idx = static_cast<int>(ifindex);
    if (setsockopt(s, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) < 0 ||
        setsockopt(s, IPPROTO_IPV6, IPV6_MULTICAST_IF, &idx, sizeof idx) < 0) {
        std::perror("send_unsolicited_na: socket options");
        return 1;
    }
    sockaddr_in6 src{};
    src.sin6_family = AF_INET6;
    std::memcpy(&src.sin6_addr, target.data(), 16);
    if (IN6_IS_ADDR_LINKLOCAL(&src.sin6_addr)) src.sin6_scope_id = ifindex;
    if (bind(s, reinterpret_cast<sockaddr*>(&src), sizeof src) < 0) {
        std::fprintf(stderr, "send_unsolicited_na: cannot send from %s (not on %s, or still tentative): %s\n",
                     addr, ifname, std::strerror(errno));
        return 1;
    }
    sockaddr_in6 dst{};
    dst.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "ff02::1", &dst.sin6_addr);
    dst.sin6_scope_id = ifindex;

    auto packet = hb::resources::unsolicited_na(target, mac);
    for (long i = 0; i < count; ++i) {
        if (i) std::this_thread::sleep_for(std::chrono::milliseconds(interval));
        if (sendto(s, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&dst), sizeof dst) < 0) {
            std::perror("send_unsolicited_na: send");
            return 1;
        }
    }
    return 0;
}
