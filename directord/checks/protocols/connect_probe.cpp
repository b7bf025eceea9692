#include "directord/checks/protocols/connect_probe.hpp"

namespace directord::checks {

namespace asio = boost::asio;
using asio::ip::tcp;

tcp::endpoint tcp_endpoint(const ha::Address& a, std::uint16_t port) {
    if (a.is_v6()) {
        asio::ip::address_v6::bytes_type b;
        std::copy(a.bytes.begin(), a.bytes.end(), b.begin());
        return {asio::ip::address_v6(b), port};
    }
    return {asio::ip::address_v4(a.v4_host()), port};
}

ConnectProbe::ConnectProbe(asio::any_io_executor ex, ha::Address addr, std::uint16_t port)
    : ex_(ex), addr_(addr), port_(port) {}

asio::awaitable<CheckResult> ConnectProbe::run(Deadline& dl) {
    if (port_ == 0) co_return CheckResult{false, "no port to connect to"};
    tcp::socket sock(ex_);
    auto guard = dl.on_expire([&sock] {
        boost::system::error_code ignored;
        sock.close(ignored);
    });
    boost::system::error_code ec;
    co_await sock.async_connect(tcp_endpoint(addr_, port_), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return CheckResult{false, "connect " + ha::endpoint(addr_, port_) + ": " + ec.message()};
    sock.close(ec);
    co_return CheckResult{true, "connected"};
}

} // namespace directord::checks
