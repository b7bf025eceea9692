// heartbeat's local FIFO (<state dir>/fifo, mode 0600): shell scripts (hb_standby,
// hb_takeover, ha_clustermsg in shellfuncs) write classic ">>> ... <<<" messages into it.
// It is opened read-write so it never reports end-of-file when a writer goes away.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "heartbeatd/daemon/fifo_request.hpp"
#include "heartbeatd/wire/message.hpp"
#include "heartbeatd/wire/serial_framer.hpp"
#include "lib/asio.hpp"

namespace hb::daemon {

class LocalFifo {
public:
    using Handler = std::function<void(const wire::Message&)>;
    LocalFifo(boost::asio::io_context& io, std::string path);
    ~LocalFifo();
    bool open(Handler h, std::string& error);
    void close();

private:
    void read();
    std::string path_;
    boost::asio::posix::stream_descriptor fd_;
    wire::SerialFramer framer_;
    std::array<char, 4096> buf_{};
    Handler handler_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace hb::daemon
