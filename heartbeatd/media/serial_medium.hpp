// A serial heartbeat link: asio::serial_port in raw 8N1 at the configured baud, guarded by
// a UUCP lock. Classic frames go out back to back; the SerialFramer splits what comes in.
#pragma once
#include <array>
#include <deque>
#include <memory>
#include <string>

#include "heartbeatd/config/ha_cf.hpp"
#include "heartbeatd/media/medium.hpp"
#include "heartbeatd/media/uucp_lock.hpp"
#include "heartbeatd/wire/serial_framer.hpp"
#include "lib/asio.hpp"

namespace hb::media {

class SerialMedium : public Medium {
public:
    SerialMedium(boost::asio::io_context& io, config::Medium cfg, std::string lock_dir);

    bool open(Receiver rx, std::string& error) override;
    void send(const Encoded& e) override;
    void close() override;
    const std::string& link_name() const override { return cfg_.link_name(); }
    std::string describe() const override;
    bool wants_serial() const override { return true; }

    // Frames still queued when the line is slower than the traffic: past this many the
    // oldest go (at 19200 baud a status frame takes ~0.15 s; 8 bounds the lag to ~1 s).
    static constexpr std::size_t kMaxQueued = 8;

private:
    bool configure(std::string& error);
    void read();
    void write_next();

    config::Medium cfg_;
    std::string lock_dir_;
    boost::asio::serial_port port_;
    UucpLock lock_;
    wire::SerialFramer framer_;
    std::array<char, 4096> buf_{};
    std::deque<std::string> queue_;
    bool writing_ = false;
    Receiver on_rx_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace hb::media
