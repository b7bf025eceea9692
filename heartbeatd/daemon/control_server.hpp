// The local control socket: lib's query socket (one request line per connection, one
// reply, then close; slow or silent clients cut off) with heartbeatd's access rule and
// reply format. Mode 0600, or 0660 with group haclient when that group exists: root may
// ask anything, haclient members the read-only queries (SO_PEERCRED decides, not the mode).
#pragma once
#include <functional>
#include <string>

#include "heartbeatd/daemon/control_query.hpp"
#include "lib/query_socket.hpp"

namespace hb::daemon {

class ControlServer {
public:
    using Handler = std::function<Reply(const std::vector<std::string>& words, Access access)>;
    // group: the read-only group's name ("haclient"); no such group: root only.
    ControlServer(boost::asio::io_context& io, std::string path, Handler h, std::string group = "haclient");

    bool open(std::string& error) { return socket_.open(error); }
    void close() { socket_.close(); }
    const std::string& path() const { return socket_.path(); }

    static constexpr std::size_t kMaxRequest = 4096;

private:
    ha::QuerySocket socket_;
};

// Client side (the `heartbeatd status|standby|takeover` commands).
Reply control_request(const std::string& path, const std::string& line);

} // namespace hb::daemon
