#include "heartbeatd/media/icmp_pinger.hpp"

#include <ctime>
#include <random>
#include <unistd.h>

#include "heartbeatd/wire/fields.hpp"
#include "heartbeatd/wire/packet.hpp"

namespace hb::media {

namespace asio = boost::asio;
using icmp = asio::ip::icmp;

std::uint16_t inet_checksum(std::string_view b) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < b.size(); i += 2)
        sum += (std::uint32_t(std::uint8_t(b[i])) << 8) | std::uint8_t(b[i + 1]);
    if (b.size() % 2) sum += std::uint32_t(std::uint8_t(b.back())) << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return std::uint16_t(~sum);
}

std::string make_echo_request(std::uint16_t id, std::uint16_t seq, std::string_view payload) {
    std::string p(8, '\0');
    p[0] = 8;   // echo request
    p[4] = char(id >> 8), p[5] = char(id & 0xff);
    p[6] = char(seq >> 8), p[7] = char(seq & 0xff);
    p.append(payload);
    std::uint16_t c = inet_checksum(p);
    p[2] = char(c >> 8), p[3] = char(c & 0xff);
    return p;
}

std::string echo_reply_payload(std::string_view d, std::uint16_t id) {
    if (d.size() < 20) return {};
    std::size_t ihl = std::size_t(std::uint8_t(d[0]) & 0x0f) * 4;
    if (ihl < 20 || d.size() < ihl + 8) return {};
    auto icmp_part = d.substr(ihl);
    if (icmp_part[0] != 0 || icmp_part[1] != 0) return {};   // type 0 code 0: echo reply
    std::uint16_t got = std::uint16_t((std::uint8_t(icmp_part[4]) << 8) | std::uint8_t(icmp_part[5]));
    if (got != id) return {};
    return std::string(icmp_part.substr(8));
}

IcmpPinger::IcmpPinger(asio::io_context& io, const std::vector<config::PingNode>& nodes,
                       const config::AuthKeys& keys, std::string local)
    : io_(io), keys_(keys), local_(std::move(local)), sock_(io), buf_(65536),
      id_(std::uint16_t(::getpid() & 0xffff)) {
    std::random_device rd;
    nonce_seed_ = (std::uint64_t(rd()) << 32) ^ rd();
    using K = config::PingNode::Kind;
    for (const auto& n : nodes) {
        if (n.kind != K::ping && n.kind != K::group) {
            unsupported_.push_back(n.name);
            continue;
        }
        names_.push_back(n.name);
        for (const auto& a : n.addresses) by_address_[a].push_back(n.name);
    }
}

std::vector<std::string> IcmpPinger::names() const { return names_; }

bool IcmpPinger::open(Alive alive, std::string& error) {
    alive_ = std::move(alive);
    if (by_address_.empty()) return true;
    boost::system::error_code ec;
    sock_.open(icmp::v4(), ec);
    if (ec) return error = "ICMP socket (ping nodes need root): " + ec.message(), false;
    sock_.non_blocking(true, ec);
    read();
    return true;
}

void IcmpPinger::ping_all() {
    if (!sock_.is_open()) return;
    for (const auto& [addr, names] : by_address_) {
        // The payload is a signed message, so only a true echo of ours counts as alive.
        wire::Message m;
        m.add("t", "NS_st").add("st", "ping").add("info", "ping").add("src", addr);
        m.add("ts", wire::to_hex(std::uint64_t(std::time(nullptr))));
        std::uint64_t nonce = ++nonce_seed_;
        m.add("nonce", wire::to_hex(nonce));
        auto pkt = wire::encode_udp(m, keys_, config::MsgFmt::netstring);
        if (!pkt) continue;
        boost::system::error_code ec;
        auto a = asio::ip::make_address_v4(addr, ec);
        if (ec) continue;
        sock_.send_to(asio::buffer(make_echo_request(id_, ++seq_, *pkt)), icmp::endpoint(a, 0), 0, ec);
        if (!ec) nonces_.sent(addr, nonce);
    }
}

void IcmpPinger::read() {
    std::weak_ptr<bool> live = live_;
    sock_.async_receive_from(asio::buffer(buf_), from_, [this, live](boost::system::error_code ec, std::size_t n) {
        if (live.expired() || ec == asio::error::operation_aborted || !sock_.is_open()) return;
        if (!ec) {
            auto payload = echo_reply_payload(std::string_view(buf_.data(), n), id_);
            auto it = by_address_.find(from_.address().to_string());
            if (!payload.empty() && it != by_address_.end()) {
                auto p = wire::receive_packet(payload, keys_);
                auto nonce = p ? wire::parse_hex(p->message.get_or("nonce")) : std::nullopt;
                // Only an answer to one of our recent echoes, once: a captured reply replayed
                // after the ping node died must not keep it alive.
                if (p && p->message.get_or("src") == it->first && nonce && nonces_.take(it->first, *nonce))
                    for (const auto& name : it->second) alive_(name);
            }
        }
        read();
    });
}

void IcmpPinger::close() {
    live_ = std::make_shared<bool>(true);
    boost::system::error_code ec;
    sock_.close(ec);
}

} // namespace hb::media
