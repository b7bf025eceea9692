// The root-only local control socket (AF_UNIX stream, mode 0600): one request line per
// connection, one reply, then close. Slow or silent clients are cut off after a few seconds
// so they can never hold the daemon.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "heartbeatd/daemon/control_query.hpp"
#include "lib/asio.hpp"

namespace hb::daemon {

class ControlServer {
public:
    using Handler = std::function<Reply(const std::vector<std::string>& words)>;
    ControlServer(boost::asio::io_context& io, std::string path, Handler h);
    ~ControlServer();

    bool open(std::string& error);
    void close();
    const std::string& path() const { return path_; }

private:
    void accept();

    boost::asio::io_context& io_;
    std::string path_;
    Handler handler_;
    boost::asio::local::stream_protocol::acceptor acceptor_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Client side (the `heartbeatd status|standby|takeover` commands).
Reply control_request(const std::string& path, const std::string& line);

} // namespace hb::daemon
