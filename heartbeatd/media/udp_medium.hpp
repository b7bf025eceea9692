// bcast, mcast, mcast6, ucast and ucast6 on Boost.Asio UDP sockets: a receive socket bound
// to the port (or group) on the interface, and an unbound send socket aimed at the interface
// broadcast address, the group or the peer. SO_BINDTODEVICE keeps each medium on its
// interface, as 3.0.6 does.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "heartbeatd/config/ha_cf.hpp"
#include "heartbeatd/media/medium.hpp"
#include "lib/asio.hpp"

namespace hb::media {

class UdpMedium : public Medium {
public:
    UdpMedium(boost::asio::io_context& io, config::Medium cfg);

    bool open(Receiver rx, std::string& error) override;
    void send(const Encoded& e) override;
    std::size_t drain(std::size_t max) override;
    std::optional<std::chrono::milliseconds> last_packet_age();
    void close() override;
    const std::string& link_name() const override { return cfg_.link_name(); }
    std::string describe() const override;
    std::uint64_t send_errors() const { return send_errors_; }

private:
    bool open_receiver(std::string& error);
    bool open_sender(std::string& error);
    void read();

    boost::asio::io_context& io_;
    config::Medium cfg_;
    boost::asio::ip::udp::socket rx_;
    boost::asio::ip::udp::socket tx_;
    boost::asio::ip::udp::endpoint dest_;
    boost::asio::ip::udp::endpoint from_;
    std::vector<char> buf_;
    std::vector<char> drain_buf_;   // not buf_: a read of the pending async receive may sit there
    Receiver on_rx_;
    std::uint64_t send_errors_ = 0;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace hb::media
