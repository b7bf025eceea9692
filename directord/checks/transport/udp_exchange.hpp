// One request/answer exchange over UDP for the negotiate probes (dns, radius, sip): a
// socket connected to the real server (the kernel drops datagrams from anyone else and
// reports an ICMP port unreachable as "connection refused"), the request resent on a
// doubling schedule until an acceptable answer arrives, and the run's deadline closing
// the socket so the wait always ends by then.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "directord/checks/transport/deadline.hpp"
#include "lib/address.hpp"

namespace directord::checks {

class UdpExchange {
public:
    // When to send the request again: after `first`, then twice as long each time, at
    // most `max` apart.
    struct Resend {
        std::chrono::milliseconds first{1000};
        std::chrono::milliseconds max{4000};
    };
    // Looks at one datagram: true when it is the answer (the caller keeps what it
    // needs); false to ignore it (stale, foreign, garbage) and keep waiting.
    using Take = std::function<bool(std::string_view datagram)>;

    explicit UdpExchange(boost::asio::any_io_executor ex);
    ~UdpExchange();
    UdpExchange(const UdpExchange&) = delete;
    UdpExchange& operator=(const UdpExchange&) = delete;

    // A socket connected to addr:port, closed by `dl` when it passes.
    bool open(Deadline& dl, const ha::Address& addr, std::uint16_t port, std::string& err);
    // The socket's own address and port (known once open).
    std::optional<std::pair<ha::Address, std::uint16_t>> local() const;
    // Sends `request` (and again per `resend`) until `take` accepts a datagram: true.
    // False with `err` ("no answer", "connection refused" ...) otherwise.
    boost::asio::awaitable<bool> exchange(const std::string& request, Resend resend, const Take& take, std::string& err);
    // How many times the request went out in the last exchange.
    int sends() const;

    struct State;

private:
    std::shared_ptr<State> st_;
    Deadline::Guard guard_;
};

// The asio endpoint of an address and port.
boost::asio::ip::udp::endpoint udp_endpoint(const ha::Address& a, std::uint16_t port);

} // namespace directord::checks
