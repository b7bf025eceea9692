// vip_probe: failover timing for tests/bench/failover.sh, run in a client namespace.
//   vip_probe IFACE VIP MAC TIMEOUT_MS [PID...]
// Takes the start time, SIGKILLs the PIDs (the VIP holder's processes) right after it, then
// asks "who has VIP" on IFACE every 10 ms and waits for VIP to be spoken for by MAC (the
// survivor): an ARP reply to us, or a gratuitous ARP. Prints "answer_ms=<ms> via=reply|garp
// kill_at=<epoch s.ns>"
// and exits 0, or prints "timeout" and exits 1. Taking the kill and the answer in one process
// keeps both timestamps on the same clock with no fork in between.
#include <arpa/inet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

double now_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

bool parse_mac(const char* s, unsigned char out[6]) {
    unsigned v[6];
    if (std::sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6) return false;
    for (int i = 0; i < 6; ++i) out[i] = static_cast<unsigned char>(v[i]);
    return true;
}

struct ArpFrame {
    ether_header eth;
    ether_arp arp;
} __attribute__((packed));

} // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: vip_probe IFACE VIP MAC TIMEOUT_MS [PID...]\n");
        return 2;
    }
    const char* ifname = argv[1];
    in_addr vip{};
    unsigned char want_mac[6];
    if (inet_pton(AF_INET, argv[2], &vip) != 1 || !parse_mac(argv[3], want_mac)) {
        std::fprintf(stderr, "vip_probe: bad VIP or MAC\n");
        return 2;
    }
    double timeout = std::atof(argv[4]);

    int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ARP));
    if (s < 0) { std::perror("vip_probe: socket"); return 2; }
    ifreq ifr{};
    std::snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
    if (ioctl(s, SIOCGIFINDEX, &ifr) < 0) { std::perror("vip_probe: interface"); return 2; }
    int ifindex = ifr.ifr_ifindex;
    if (ioctl(s, SIOCGIFHWADDR, &ifr) < 0) { std::perror("vip_probe: hwaddr"); return 2; }
    unsigned char my_mac[6];
    std::memcpy(my_mac, ifr.ifr_hwaddr.sa_data, 6);
    ifr.ifr_addr.sa_family = AF_INET;
    if (ioctl(s, SIOCGIFADDR, &ifr) < 0) { std::perror("vip_probe: no IPv4 address"); return 2; }
    in_addr my_ip = reinterpret_cast<sockaddr_in*>(&ifr.ifr_addr)->sin_addr;

    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ARP);
    sll.sll_ifindex = ifindex;
    if (bind(s, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0) { std::perror("vip_probe: bind"); return 2; }

    ArpFrame req{};
    std::memset(req.eth.ether_dhost, 0xff, 6);
    std::memcpy(req.eth.ether_shost, my_mac, 6);
    req.eth.ether_type = htons(ETHERTYPE_ARP);
    req.arp.arp_hrd = htons(ARPHRD_ETHER);
    req.arp.arp_pro = htons(ETHERTYPE_IP);
    req.arp.arp_hln = 6;
    req.arp.arp_pln = 4;
    req.arp.arp_op = htons(ARPOP_REQUEST);
    std::memcpy(req.arp.arp_sha, my_mac, 6);
    std::memcpy(req.arp.arp_spa, &my_ip, 4);
    std::memcpy(req.arp.arp_tpa, &vip, 4);
    sockaddr_ll to = sll;
    to.sll_halen = 6;
    std::memset(to.sll_addr, 0xff, 6);

    double t0 = now_ms();
    timespec wall{};
    clock_gettime(CLOCK_REALTIME, &wall);
    for (int i = 5; i < argc; ++i) kill(std::atoi(argv[i]), SIGKILL);

    const double step = 10.0;
    double next_send = t0;
    for (;;) {
        double t = now_ms();
        if (t - t0 > timeout) { std::printf("timeout\n"); return 1; }
        if (t >= next_send) {
            sendto(s, &req, sizeof req, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
            next_send += step;
            continue;
        }
        pollfd p{s, POLLIN, 0};
        int wait = static_cast<int>(next_send - t) + 1;
        if (poll(&p, 1, wait) <= 0) continue;
        unsigned char buf[256];
        ssize_t n = recv(s, buf, sizeof buf, 0);
        double at = now_ms();
        if (n < static_cast<ssize_t>(sizeof(ArpFrame))) continue;
        ArpFrame f;
        std::memcpy(&f, buf, sizeof f);
        if (std::memcmp(f.arp.arp_spa, &vip, 4) != 0 || std::memcmp(f.arp.arp_sha, want_mac, 6) != 0) continue;
        bool reply = ntohs(f.arp.arp_op) == ARPOP_REPLY && std::memcmp(f.arp.arp_tpa, &my_ip, 4) == 0;
        bool garp = std::memcmp(f.arp.arp_tpa, &vip, 4) == 0;
        if (!reply && !garp) continue;
        std::printf("answer_ms=%.1f via=%s kill_at=%lld.%09ld\n", at - t0, reply ? "reply" : "garp",
                    static_cast<long long>(wall.tv_sec), wall.tv_nsec);
        return 0;
    }
}
