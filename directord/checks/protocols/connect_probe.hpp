// checktype=connect on TCP: up when a connection opens (then closed at once).
#pragma once
#include "directord/checks/probe.hpp"
#include "lib/address.hpp"

namespace directord::checks {

class ConnectProbe : public Probe {
public:
    ConnectProbe(boost::asio::any_io_executor ex, ha::Address addr, std::uint16_t port);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    boost::asio::any_io_executor ex_;
    ha::Address addr_;
    std::uint16_t port_;
};

// The asio endpoint of an address and port.
boost::asio::ip::tcp::endpoint tcp_endpoint(const ha::Address& a, std::uint16_t port);

} // namespace directord::checks
