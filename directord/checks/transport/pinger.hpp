// ICMP echo for ping checks, IPv4 and IPv6. One socket per address family serves every
// ping check on the event loop (a raw socket per check would see every reply of every
// other check). Tries an unprivileged ping socket (net.ipv4.ping_group_range) first,
// then a raw socket (root or CAP_NET_RAW). Replies are matched by sequence number and
// source address.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "directord/checks/transport/coro.hpp"
#include "lib/address.hpp"

namespace directord::checks {

// Echo request bytes (checksum filled; the kernel recomputes it for ICMPv6 and ping sockets).
std::vector<std::uint8_t> icmp_echo_request(bool v6, std::uint16_t id, std::uint16_t seq, std::size_t payload = 56);
// Sequence number of an echo reply, or -1. `has_ip_header`: IPv4 raw sockets deliver it.
int icmp_echo_reply_seq(bool v6, const std::uint8_t* p, std::size_t n, bool has_ip_header, int want_id);
std::uint16_t icmp_checksum(const std::uint8_t* p, std::size_t n);

class Pinger : public std::enable_shared_from_this<Pinger> {
public:
    Pinger(boost::asio::any_io_executor ex, int family);
    ~Pinger();

    // One echo; true on a reply within `timeout`. Ends early (false) when `cancel` is
    // called with the token it sets.
    boost::asio::awaitable<bool> echo(const ha::Address& to, std::chrono::steady_clock::duration timeout, std::string& err,
                                      std::uint64_t& token);
    void cancel(std::uint64_t token);

private:
    struct Pending;
    bool open(std::string& err);
    void read_loop();
    void on_readable();

    boost::asio::any_io_executor ex_;
    int family_;
    int fd_ = -1;
    bool raw_ = false;
    std::uint16_t id_;
    std::uint16_t seq_ = 0;
    std::uint64_t next_token_ = 1;
    std::unique_ptr<boost::asio::posix::stream_descriptor> sock_;
    std::map<std::uint16_t, std::shared_ptr<Pending>> pending_;   // by sequence number
};

} // namespace directord::checks
