#include "directord/checks/transport/udp_exchange.hpp"

#include <vector>

namespace directord::checks {

namespace asio = boost::asio;
using asio::ip::udp;
using Clock = std::chrono::steady_clock;

udp::endpoint udp_endpoint(const ha::Address& a, std::uint16_t port) {
    if (a.is_v6()) {
        asio::ip::address_v6::bytes_type b;
        std::copy(a.bytes.begin(), a.bytes.end(), b.begin());
        return {asio::ip::address_v6(b), port};
    }
    return {asio::ip::address_v4(a.v4_host()), port};
}

struct UdpExchange::State {
    explicit State(asio::any_io_executor ex) : sock(ex), timer(ex) {}
    udp::socket sock;
    asio::steady_timer timer;   // the next resend
    std::uint64_t gen = 0;      // a timer handler of an older wait must do nothing
    int sends = 0;
};

UdpExchange::UdpExchange(asio::any_io_executor ex) : st_(std::make_shared<State>(ex)) {}
UdpExchange::~UdpExchange() = default;

bool UdpExchange::open(Deadline& dl, const ha::Address& addr, std::uint16_t port, std::string& err) {
    if (port == 0) {
        err = "no port to send to";
        return false;
    }
    boost::system::error_code ec;
    st_->sock.open(addr.is_v6() ? udp::v6() : udp::v4(), ec);
    if (!ec) st_->sock.connect(udp_endpoint(addr, port), ec);
    if (ec) {
        err = "socket to " + ha::endpoint(addr, port) + ": " + ec.message();
        return false;
    }
    // The handler owns the state: safe whenever it runs.
    auto st = st_;
    guard_ = dl.on_expire([st] {
        boost::system::error_code ignored;
        st->sock.close(ignored);
        st->timer.cancel();
    });
    if (!st_->sock.is_open()) {
        err = "no answer";   // the deadline had already passed
        return false;
    }
    return true;
}

std::optional<std::pair<ha::Address, std::uint16_t>> UdpExchange::local() const {
    boost::system::error_code ec;
    auto ep = st_->sock.local_endpoint(ec);
    if (ec) return std::nullopt;
    auto a = ha::Address::parse(ep.address().to_string());
    if (!a) return std::nullopt;
    return std::pair{*a, ep.port()};
}

int UdpExchange::sends() const { return st_->sends; }

asio::awaitable<bool> UdpExchange::exchange(const std::string& request, Resend resend, const Take& take, std::string& err) {
    auto st = st_;
    st->sends = 0;
    std::vector<char> buf(65536);
    auto delay = resend.first;
    auto next_send = Clock::now();
    boost::system::error_code failed;
    for (;;) {
        if (!st->sock.is_open()) {
            err = "no answer";
            co_return false;
        }
        boost::system::error_code ec;
        if (Clock::now() >= next_send) {
            st->sock.send(asio::buffer(request), 0, ec);
            if (ec) {
                failed = ec;
                break;
            }
            if (st->sends++) delay = std::min(delay * 2, resend.max);
            next_send = Clock::now() + delay;
        }
        // The timer interrupts the wait for the next resend; a handler already queued
        // when the wait ended sees a newer generation and does nothing.
        std::uint64_t g = ++st->gen;
        st->timer.expires_at(next_send);
        st->timer.async_wait([st, g](const boost::system::error_code& e) {
            if (e || st->gen != g) return;
            boost::system::error_code ignored;
            st->sock.cancel(ignored);
        });
        std::size_t n = co_await st->sock.async_receive(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
        ++st->gen;
        st->timer.cancel();
        if (!ec) {
            if (take(std::string_view(buf.data(), n))) co_return true;
            continue;
        }
        if (ec == asio::error::operation_aborted) continue;   // resend time, or the deadline (closed)
        failed = ec;
        break;
    }
    if (!st->sock.is_open()) err = "no answer";
    else if (failed == asio::error::connection_refused) err = "connection refused (port unreachable)";
    else err = failed.message();
    co_return false;
}

} // namespace directord::checks
