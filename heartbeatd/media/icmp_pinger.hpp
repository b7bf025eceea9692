// ping / ping_group nodes: an ICMP echo to every address each keepalive, carrying a signed
// heartbeat message as 3.0.6 does; a reply whose payload still authenticates counts as a
// heartbeat "from" the ping node (a group is alive while any member answers). IPv4 only:
// ping6 and hbaping are reported as unsupported.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "heartbeatd/config/authkeys.hpp"
#include "heartbeatd/config/ha_cf.hpp"
#include "heartbeatd/media/ping_nonces.hpp"
#include "lib/asio.hpp"

namespace hb::media {

// ICMP echo request bytes (type 8) with the Internet checksum filled in.
std::string make_echo_request(std::uint16_t id, std::uint16_t seq, std::string_view payload);
// Payload of an echo reply (type 0) with identifier `id`, from a raw IPv4 datagram (IP
// header included); empty when it is not one.
std::string echo_reply_payload(std::string_view ip_datagram, std::uint16_t id);
std::uint16_t inet_checksum(std::string_view bytes);

class IcmpPinger {
public:
    using Alive = std::function<void(const std::string& ping_node)>;
    IcmpPinger(boost::asio::io_context& io, const std::vector<config::PingNode>& nodes,
               const config::AuthKeys& keys, std::string local);

    // Names of the ping nodes this pinger watches (unsupported kinds left out).
    std::vector<std::string> names() const;
    std::vector<std::string> unsupported() const { return unsupported_; }
    bool open(Alive alive, std::string& error);
    void ping_all();     // one echo per address (call every keepalive)
    void set_keys(const config::AuthKeys& keys) { keys_ = keys; }
    void close();

private:
    void read();

    boost::asio::io_context& io_;
    config::AuthKeys keys_;
    std::string local_;
    std::map<std::string, std::vector<std::string>> by_address_;   // address -> node names
    std::vector<std::string> names_, unsupported_;
    boost::asio::ip::icmp::socket sock_;
    boost::asio::ip::icmp::endpoint from_;
    std::vector<char> buf_;
    std::uint16_t id_;
    std::uint16_t seq_ = 0;
    PingNonces nonces_;              // which signed echoes may still be answered
    std::uint64_t nonce_seed_ = 0;   // random at start, so nonces do not repeat across restarts
    Alive alive_;
    std::shared_ptr<bool> live_ = std::make_shared<bool>(true);
};

} // namespace hb::media
