#include "directord/checks/transport/pinger.hpp"

#include <cerrno>
#include <cstring>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <random>
#include <sys/socket.h>
#include <unistd.h>

namespace directord::checks {

namespace asio = boost::asio;

std::uint16_t icmp_checksum(const std::uint8_t* p, std::size_t n) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < n; i += 2) sum += (std::uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1) sum += (std::uint32_t)p[n - 1] << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return (std::uint16_t)~sum;
}

std::vector<std::uint8_t> icmp_echo_request(bool v6, std::uint16_t id, std::uint16_t seq, std::size_t payload) {
    std::vector<std::uint8_t> b(8 + payload);
    b[0] = v6 ? 128 : 8;   // ICMP6_ECHO_REQUEST : ICMP_ECHO
    b[4] = id >> 8;
    b[5] = id & 0xff;
    b[6] = seq >> 8;
    b[7] = seq & 0xff;
    for (std::size_t i = 0; i < payload; ++i) b[8 + i] = (std::uint8_t)i;
    std::uint16_t c = icmp_checksum(b.data(), b.size());
    b[2] = c >> 8;
    b[3] = c & 0xff;
    return b;
}

int icmp_echo_reply_seq(bool v6, const std::uint8_t* p, std::size_t n, bool has_ip_header, int want_id) {
    if (has_ip_header) {
        if (n < 20) return -1;
        std::size_t ihl = (p[0] & 0x0f) * 4u;
        if (ihl < 20 || n < ihl) return -1;
        p += ihl;
        n -= ihl;
    }
    if (n < 8) return -1;
    if (p[0] != (v6 ? 129 : 0) || p[1] != 0) return -1;   // echo reply
    int id = p[4] << 8 | p[5];
    if (want_id >= 0 && id != want_id) return -1;
    return p[6] << 8 | p[7];
}

struct Pinger::Pending {
    explicit Pending(asio::any_io_executor ex) : timer(ex) {}
    asio::steady_timer timer;
    ha::Address to;
    std::uint64_t token = 0;
    bool replied = false;
};

Pinger::Pinger(asio::any_io_executor ex, int family) : ex_(ex), family_(family) {
    std::random_device rd;
    id_ = (std::uint16_t)(rd() ^ ::getpid());
}

Pinger::~Pinger() {
    if (sock_) {
        boost::system::error_code ec;
        sock_->close(ec);
    }
}

bool Pinger::open(std::string& err) {
    if (sock_) return true;
    int proto = family_ == AF_INET6 ? (int)IPPROTO_ICMPV6 : (int)IPPROTO_ICMP;
    int fd = ::socket(family_, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
    raw_ = false;
    if (fd < 0) {
        fd = ::socket(family_, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
        raw_ = true;
    }
    if (fd < 0) {
        err = std::string("cannot open an ICMP socket (needs root, CAP_NET_RAW or net.ipv4.ping_group_range): ") +
              std::strerror(errno);
        return false;
    }
    if (raw_ && family_ == AF_INET6) {
        // Only echo replies reach this socket.
        icmp6_filter f;
        ICMP6_FILTER_SETBLOCKALL(&f);
        ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
        setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof f);
    }
    sock_ = std::make_unique<asio::posix::stream_descriptor>(ex_, fd);
    fd_ = fd;
    read_loop();
    return true;
}

void Pinger::read_loop() {
    std::weak_ptr<Pinger> weak = weak_from_this();
    sock_->async_wait(asio::posix::descriptor_base::wait_read, [weak](const boost::system::error_code& ec) {
        if (ec) return;
        if (auto self = weak.lock()) {
            self->on_readable();
            self->read_loop();
        }
    });
}

void Pinger::on_readable() {
    std::uint8_t buf[2048];
    for (;;) {
        sockaddr_storage from{};
        socklen_t len = sizeof from;
        ssize_t n = ::recvfrom(fd_, buf, sizeof buf, 0, (sockaddr*)&from, &len);
        if (n < 0) return;   // EAGAIN: drained
        bool v6 = family_ == AF_INET6;
        // Ping sockets: the kernel owns the id and only delivers our replies.
        int seq = icmp_echo_reply_seq(v6, buf, (std::size_t)n, raw_ && !v6, raw_ ? id_ : -1);
        if (seq < 0) continue;
        auto it = pending_.find((std::uint16_t)seq);
        if (it == pending_.end()) continue;
        ha::Address src;
        src.family = family_;
        if (v6) std::memcpy(src.bytes.data(), &((sockaddr_in6*)&from)->sin6_addr, 16);
        else std::memcpy(src.bytes.data(), &((sockaddr_in*)&from)->sin_addr, 4);
        if (src != it->second->to) continue;
        it->second->replied = true;
        it->second->timer.cancel();
        pending_.erase(it);
    }
}

asio::awaitable<bool> Pinger::echo(const ha::Address& to, std::chrono::steady_clock::duration timeout, std::string& err,
                                   std::uint64_t& token) {
    if (!open(err)) co_return false;
    auto self = shared_from_this();
    auto p = std::make_shared<Pending>(ex_);
    p->to = to;
    p->token = token = next_token_++;
    std::uint16_t seq = ++seq_;
    pending_[seq] = p;
    auto pkt = icmp_echo_request(family_ == AF_INET6, id_, seq);
    sockaddr_storage dst{};
    socklen_t dlen;
    if (family_ == AF_INET6) {
        auto* s6 = (sockaddr_in6*)&dst;
        s6->sin6_family = AF_INET6;
        std::memcpy(&s6->sin6_addr, to.bytes.data(), 16);
        dlen = sizeof *s6;
    } else {
        auto* s4 = (sockaddr_in*)&dst;
        s4->sin_family = AF_INET;
        std::memcpy(&s4->sin_addr, to.bytes.data(), 4);
        dlen = sizeof *s4;
    }
    if (::sendto(fd_, pkt.data(), pkt.size(), 0, (sockaddr*)&dst, dlen) < 0) {
        err = "ping " + to.str() + ": " + std::strerror(errno);
        pending_.erase(seq);
        co_return false;
    }
    p->timer.expires_after(timeout);
    boost::system::error_code ec;
    co_await p->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (auto it = pending_.find(seq); it != pending_.end() && it->second == p) pending_.erase(it);
    if (!p->replied) err = "no echo reply from " + to.str();
    co_return p->replied;
}

void Pinger::cancel(std::uint64_t token) {
    for (auto& [seq, p] : pending_)
        if (p->token == token) {
            p->timer.cancel();
            break;
        }
}

} // namespace directord::checks
