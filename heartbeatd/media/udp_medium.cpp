#include "heartbeatd/media/udp_medium.hpp"

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>

#include "heartbeatd/media/socket_options.hpp"
#include "heartbeatd/wire/serial_framer.hpp"

namespace hb::media {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using Kind = config::Medium::Kind;

UdpMedium::UdpMedium(asio::io_context& io, config::Medium cfg)
    : io_(io), cfg_(std::move(cfg)), rx_(io), tx_(io), buf_(wire::SerialFramer::kMaxFrame) {}

std::string UdpMedium::describe() const {
    std::string s = std::string(config::to_string(cfg_.kind)) + " " + cfg_.device;
    if (!cfg_.address.empty()) s += " " + cfg_.address;
    return s + " port " + std::to_string(cfg_.port);
}

static bool set_opt(int fd, int level, int name, int value, const char* what, std::string& error) {
    if (::setsockopt(fd, level, name, &value, sizeof value) == 0) return true;
    error = std::string(what) + ": " + std::strerror(errno);
    return false;
}

// Resolves the ucast peer (literal or host name) or the mcast group.
static std::optional<asio::ip::address> resolve(asio::io_context& io, const std::string& host, bool v6,
                                                std::string& error) {
    boost::system::error_code ec;
    auto a = asio::ip::make_address(host, ec);
    if (!ec) return a;
    udp::resolver r(io);
    auto res = r.resolve(v6 ? udp::v6() : udp::v4(), host, "", ec);
    if (ec || res.empty()) {
        error = "cannot resolve " + host + ": " + ec.message();
        return std::nullopt;
    }
    return res.begin()->endpoint().address();
}

bool UdpMedium::open_receiver(std::string& error) {
    boost::system::error_code ec;
    bool v6 = cfg_.kind == Kind::mcast6 || cfg_.kind == Kind::ucast6;
    rx_.open(v6 ? udp::v6() : udp::v4(), ec);
    if (ec) return error = "socket: " + ec.message(), false;
    int fd = rx_.native_handle();
    rx_.set_option(asio::socket_base::reuse_address(true), ec);
    if (cfg_.kind == Kind::ucast || cfg_.kind == Kind::ucast6)
        if (!set_opt(fd, SOL_SOCKET, SO_REUSEPORT, 1, "SO_REUSEPORT", error)) return false;
    if (v6) rx_.set_option(asio::ip::v6_only(true), ec);
    if (!bind_to_device(fd, cfg_.device, error)) return false;
    // Receive times for every packet, read back with SIOCGSTAMPNS (a failure only loses them).
    std::string ignored;
    set_opt(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS", ignored);

    udp::endpoint local;
    if (cfg_.kind == Kind::mcast || cfg_.kind == Kind::mcast6) {
        auto group = resolve(io_, cfg_.address, v6, error);
        if (!group) return false;
        local = udp::endpoint(*group, cfg_.port);
    } else {
        local = udp::endpoint(v6 ? udp::v6() : udp::v4(), cfg_.port);
    }
    rx_.bind(local, ec);
    if (ec) return error = "bind " + local.address().to_string() + ":" + std::to_string(cfg_.port) + ": " + ec.message(), false;

    unsigned ifindex = interface_index(cfg_.device);
    if (cfg_.kind == Kind::mcast) {
        ip_mreqn mr{};
        mr.imr_multiaddr.s_addr = htonl(local.address().to_v4().to_uint());
        mr.imr_ifindex = int(ifindex);
        if (::setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof mr) != 0)
            return error = std::string("IP_ADD_MEMBERSHIP: ") + std::strerror(errno), false;
    } else if (cfg_.kind == Kind::mcast6) {
        rx_.set_option(asio::ip::multicast::join_group(local.address().to_v6(), ifindex), ec);
        if (ec) return error = "IPV6_JOIN_GROUP: " + ec.message(), false;
    }
    return true;
}

bool UdpMedium::open_sender(std::string& error) {
    boost::system::error_code ec;
    bool v6 = cfg_.kind == Kind::mcast6 || cfg_.kind == Kind::ucast6;
    tx_.open(v6 ? udp::v6() : udp::v4(), ec);
    if (ec) return error = "socket: " + ec.message(), false;
    int fd = tx_.native_handle();
    unsigned ifindex = interface_index(cfg_.device);
    if (ifindex == 0) return error = "no such interface: " + cfg_.device, false;
    switch (cfg_.kind) {
    case Kind::bcast: {
        tx_.set_option(asio::socket_base::broadcast(true), ec);
        tx_.set_option(asio::socket_base::do_not_route(true), ec);
        if (!bind_to_device(fd, cfg_.device, error)) return false;
        auto b = interface_broadcast(cfg_.device, error);
        if (!b) return false;
        dest_ = udp::endpoint(asio::ip::make_address_v4(b->str()), cfg_.port);
        break;
    }
    case Kind::ucast:
    case Kind::ucast6: {
        set_opt(fd, IPPROTO_IP, IP_TOS, 0x10 /* IPTOS_LOWDELAY */, "IP_TOS", error);
        if (!bind_to_device(fd, cfg_.device, error)) return false;
        auto a = resolve(io_, cfg_.address, v6, error);
        if (!a) return false;
        if (a->is_v6()) {
            auto a6 = a->to_v6();
            if (a6.is_link_local())
                a6.scope_id(cfg_.scope.empty() ? ifindex : interface_index(cfg_.scope));
            *a = a6;
        }
        dest_ = udp::endpoint(*a, cfg_.port);
        break;
    }
    case Kind::mcast: {
        ip_mreqn mr{};
        mr.imr_ifindex = int(ifindex);
        if (::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof mr) != 0)
            return error = std::string("IP_MULTICAST_IF: ") + std::strerror(errno), false;
        tx_.set_option(asio::ip::multicast::hops(cfg_.ttl), ec);
        tx_.set_option(asio::ip::multicast::enable_loopback(cfg_.loop), ec);
        auto g = resolve(io_, cfg_.address, false, error);
        if (!g) return false;
        dest_ = udp::endpoint(*g, cfg_.port);
        break;
    }
    case Kind::mcast6: {
        tx_.set_option(asio::ip::multicast::outbound_interface(ifindex), ec);
        tx_.set_option(asio::ip::multicast::hops(cfg_.ttl), ec);
        tx_.set_option(asio::ip::multicast::enable_loopback(cfg_.loop), ec);
        auto g = resolve(io_, cfg_.address, true, error);
        if (!g) return false;
        auto g6 = g->to_v6();
        if (g6.is_multicast_link_local()) g6.scope_id(ifindex);
        dest_ = udp::endpoint(g6, cfg_.port);
        break;
    }
    case Kind::serial:
        return error = "not a UDP medium", false;
    }
    tx_.non_blocking(true, ec);
    return true;
}

bool UdpMedium::open(Receiver rx, std::string& error) {
    on_rx_ = std::move(rx);
    if (!open_receiver(error) || !open_sender(error)) {
        error = describe() + ": " + error;
        close();
        return false;
    }
    read();
    return true;
}

void UdpMedium::read() {
    std::weak_ptr<bool> alive = alive_;
    rx_.async_receive_from(asio::buffer(buf_), from_, [this, alive](boost::system::error_code ec, std::size_t n) {
        if (alive.expired() || ec == asio::error::operation_aborted || !rx_.is_open()) return;
        if (!ec) on_rx_(std::string_view(buf_.data(), n), cfg_.link_name(), last_packet_age());
        read();
    });
}

// The kernel's receive time of the packet read last from rx_ (the socket keeps it), as an age.
std::optional<std::chrono::milliseconds> UdpMedium::last_packet_age() {
    timespec stamp{}, now{};
    if (::ioctl(rx_.native_handle(), SIOCGSTAMPNS, &stamp) != 0) return std::nullopt;
    ::clock_gettime(CLOCK_REALTIME, &now);
    auto ns = (std::int64_t(now.tv_sec) - stamp.tv_sec) * 1'000'000'000 + (now.tv_nsec - stamp.tv_nsec);
    return std::chrono::milliseconds(ns / 1'000'000);
}

std::size_t UdpMedium::drain(std::size_t max) {
    if (!rx_.is_open()) return 0;
    if (drain_buf_.empty()) drain_buf_.resize(buf_.size());
    std::size_t n = 0;
    while (n < max) {
        ssize_t r = ::recv(rx_.native_handle(), drain_buf_.data(), drain_buf_.size(), MSG_DONTWAIT);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) break;   // EAGAIN: nothing (more) waiting; errors: the async read sees them too
        ++n;
        on_rx_(std::string_view(drain_buf_.data(), std::size_t(r)), cfg_.link_name(), last_packet_age());
        if (!rx_.is_open()) break;   // the receiver closed us (stop)
    }
    return n;
}

void UdpMedium::send(const Encoded& e) {
    if (!tx_.is_open()) return;
    boost::system::error_code ec;
    // Non-blocking: a full socket buffer loses this copy; the next keepalive follows anyway.
    tx_.send_to(asio::buffer(e.udp), dest_, 0, ec);
    if (ec) ++send_errors_;
}

void UdpMedium::close() {
    alive_ = std::make_shared<bool>(true);
    boost::system::error_code ec;
    rx_.close(ec);
    tx_.close(ec);
}

} // namespace hb::media
