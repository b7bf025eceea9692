// The local control socket (AF_UNIX stream): one request line per connection, one reply,
// then close. Mode 0600, or 0660 with group haclient when that group exists: root may ask
// anything, haclient members the read-only queries (SO_PEERCRED decides, not the mode).
// Slow or silent clients are cut off after a few seconds so they can never hold the daemon.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "heartbeatd/daemon/control_query.hpp"
#include "lib/asio.hpp"

namespace hb::daemon {

class ControlServer {
public:
    using Handler = std::function<Reply(const std::vector<std::string>& words, Access access)>;
    // group: the read-only group's name ("haclient"); no such group: root only.
    ControlServer(boost::asio::io_context& io, std::string path, Handler h, std::string group = "haclient");
    ~ControlServer();

    bool open(std::string& error);
    void close();
    const std::string& path() const { return path_; }

private:
    void accept();

    boost::asio::io_context& io_;
    std::string path_;
    Handler handler_;
    std::string group_name_;
    std::optional<gid_t> group_;
    boost::asio::local::stream_protocol::acceptor acceptor_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Client side (the `heartbeatd status|standby|takeover` commands).
Reply control_request(const std::string& path, const std::string& line);

} // namespace hb::daemon
