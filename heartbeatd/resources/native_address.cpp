#include "heartbeatd/resources/native_address.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hb::resources {

namespace asio = boost::asio;

namespace {

struct SockFree { void operator()(nl_sock* s) const { nl_socket_free(s); } };
struct CacheFree { void operator()(nl_cache* c) const { nl_cache_free(c); } };
struct AddrFree { void operator()(rtnl_addr* a) const { rtnl_addr_put(a); } };
struct NlAddrFree { void operator()(nl_addr* a) const { nl_addr_put(a); } };
using NlAddr = std::unique_ptr<nl_addr, NlAddrFree>;

NlAddr ipv4(std::uint32_t ip, int prefix) {
    std::uint32_t be = htonl(ip);
    NlAddr a(nl_addr_build(AF_INET, &be, sizeof be));
    if (a) nl_addr_set_prefixlen(a.get(), prefix);
    return a;
}

std::optional<std::uint32_t> ipv4_of(nl_addr* a) {
    if (!a || nl_addr_get_family(a) != AF_INET || nl_addr_get_len(a) != 4) return std::nullopt;
    std::uint32_t be;
    std::memcpy(&be, nl_addr_get_binary_addr(a), 4);
    return ntohl(be);
}

struct Walk {
    nl_cache* links;
    std::vector<InterfaceAddress>* out;
};

} // namespace

struct NativeAddress::Train {
    explicit Train(asio::any_io_executor ex) : timer(ex) {}
    asio::steady_timer timer;
    int fd = -1;
    std::vector<std::uint8_t> frame;
    sockaddr_ll to{};
    int left = 0;
    std::chrono::milliseconds interval{0};
    ~Train() {
        if (fd >= 0) ::close(fd);
    }
    void send() {
        ::sendto(fd, frame.data(), frame.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
        --left;
    }
};

NativeAddress::NativeAddress(asio::any_io_executor ex, std::vector<std::string> environment)
    : ex_(ex), environment_(std::move(environment)) {}

NativeAddress::~NativeAddress() {
    for (auto& t : trains_) t->timer.cancel();
}

AddressTakeover::Result NativeAddress::take(const config::Resource& r, const std::string& script, std::string& detail) {
    ArpTrain defaults;
    if (r.script == "IPaddr") defaults = {10, std::chrono::milliseconds(500)};
    else if (r.script != "IPaddr2") return Result::not_handled;
    if (r.args.size() != 1) return Result::not_handled;
    {
        char head[kMarkerWindow];
        int fd = ::open(script.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return Result::not_handled;
        ssize_t n = ::read(fd, head, sizeof head);
        ::close(fd);
        if (n <= 0 || !declares_native_takeover(std::string_view(head, static_cast<std::size_t>(n))))
            return Result::not_handled;
    }
    auto spec = parse_address_spec(r.args[0], detail);
    if (!spec) return Result::not_handled;

    std::unique_ptr<nl_sock, SockFree> sk(nl_socket_alloc());
    if (!sk || nl_connect(sk.get(), NETLINK_ROUTE) < 0) {
        detail = "cannot open a netlink socket";
        return Result::failed;
    }
    nl_cache *lc = nullptr, *ac = nullptr;
    if (int e = rtnl_link_alloc_cache(sk.get(), AF_UNSPEC, &lc); e < 0) {
        detail = std::string("cannot list interfaces: ") + nl_geterror(e);
        return Result::failed;
    }
    std::unique_ptr<nl_cache, CacheFree> links(lc);
    if (int e = rtnl_addr_alloc_cache(sk.get(), &ac); e < 0) {
        detail = std::string("cannot list addresses: ") + nl_geterror(e);
        return Result::failed;
    }
    std::unique_ptr<nl_cache, CacheFree> addrs(ac);

    std::vector<InterfaceAddress> configured;
    Walk w{links.get(), &configured};
    nl_cache_foreach(addrs.get(), [](nl_object* o, void* arg) {
        auto* w = static_cast<Walk*>(arg);
        auto* a = reinterpret_cast<rtnl_addr*>(o);
        if (rtnl_addr_get_family(a) != AF_INET) return;
        auto ip = ipv4_of(rtnl_addr_get_local(a));
        char name[64];
        if (!ip || !rtnl_link_i2name(w->links, rtnl_addr_get_ifindex(a), name, sizeof name)) return;
        w->out->push_back({name, *ip, static_cast<int>(rtnl_addr_get_prefixlen(a))});
    }, &w);

    auto place = place_address(*spec, configured, detail);
    if (!place) return Result::not_handled;   // the script says the same and fails the start
    for (const auto& c : configured)
        if (c.nic == place->nic && c.ip == spec->ip) return Result::present;

    rtnl_link* link = rtnl_link_get_by_name(links.get(), place->nic.c_str());
    if (!link) {
        detail = "no interface " + place->nic;
        return Result::not_handled;
    }
    int ifindex = rtnl_link_get_ifindex(link);
    std::array<std::uint8_t, 6> mac{};
    nl_addr* hw = rtnl_link_get_addr(link);
    bool ethernet = hw && nl_addr_get_len(hw) == 6;
    if (ethernet) std::memcpy(mac.data(), nl_addr_get_binary_addr(hw), 6);
    rtnl_link_put(link);

    std::unique_ptr<rtnl_addr, AddrFree> a(rtnl_addr_alloc());
    auto local = ipv4(spec->ip, place->prefix);
    if (!a || !local) {
        detail = "out of memory";
        return Result::failed;
    }
    rtnl_addr_set_ifindex(a.get(), ifindex);
    rtnl_addr_set_family(a.get(), AF_INET);
    rtnl_addr_set_local(a.get(), local.get());
    rtnl_addr_set_prefixlen(a.get(), place->prefix);
    if (place->broadcast) {
        auto b = ipv4(*place->broadcast, 32);
        if (b) rtnl_addr_set_broadcast(a.get(), b.get());
    }
    if (!spec->label.empty() && rtnl_addr_set_label(a.get(), spec->label.c_str()) < 0) {
        detail = "label " + spec->label + " too long";
        return Result::failed;
    }
    if (int e = rtnl_addr_add(sk.get(), a.get(), 0); e < 0) {
        detail = "netlink add of " + dotted(spec->ip) + "/" + std::to_string(place->prefix) + " on " + place->nic +
                 ": " + nl_geterror(e);
        return Result::failed;
    }
    detail = dotted(spec->ip) + "/" + std::to_string(place->prefix) + " added to " + place->nic;
    if (!ethernet) {
        detail += " (not Ethernet: no gratuitous ARP)";
        return Result::added;
    }
    auto train = arp_train(environment_, defaults);
    if (train.count > 0) {
        announce(ifindex, mac, spec->ip, train);
        detail += ", " + std::to_string(train.count) + " gratuitous ARP(s) " + std::to_string(train.interval.count()) +
                  " ms apart";
    }
    return Result::added;
}

void NativeAddress::announce(int ifindex, const std::array<std::uint8_t, 6>& mac, std::uint32_t ip, ArpTrain t) {
    auto train = std::make_shared<Train>(ex_);
    train->fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);   // send only: no protocol bound
    if (train->fd < 0) return;
    train->frame = gratuitous_arp(mac, ip);
    train->to.sll_family = AF_PACKET;
    train->to.sll_protocol = htons(ETH_P_ARP);
    train->to.sll_ifindex = ifindex;
    train->to.sll_halen = 6;
    std::memset(train->to.sll_addr, 0xff, 6);
    train->left = t.count;
    train->interval = t.interval;
    train->send();
    if (train->left <= 0) return;
    trains_.insert(train);
    struct Next {
        NativeAddress* self;
        std::shared_ptr<Train> t;
        void operator()(boost::system::error_code ec) const {
            if (ec) return;   // cancelled: the daemon is going away
            t->send();
            if (t->left <= 0) {
                self->trains_.erase(t);
                return;
            }
            t->timer.expires_after(t->interval);
            t->timer.async_wait(*this);
        }
    };
    train->timer.expires_after(t.interval);
    train->timer.async_wait(Next{this, train});
}

} // namespace hb::resources
