// A local query socket (AF_UNIX stream): one request line per connection, one reply,
// then close. Who may ask is decided per connection from the kernel's word on the peer
// (SO_PEERCRED, SO_PEERGROUPS), not from the file mode: root only by default, or what an
// access hook grants (heartbeatd: root all, the haclient group read-only). The socket is
// 0600, or 0660 with a read-only group when one is named and exists. Slow or silent
// clients are cut off after a few seconds. A socket another live process still answers
// on is never taken over.
#pragma once
#include <sys/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/asio.hpp"

namespace ha {

// Who is connected, as the kernel says.
struct QueryPeer {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups;          // supplementary groups; read only for a non-root peer of a socket with a group
    std::optional<gid_t> socket_group;  // the socket's read-only group, when it has one
};

class QuerySocket {
public:
    // What the access hook let a peer do, handed to the handler with its request (the
    // caller's meaning: e.g. read-only or full).
    using Grant = int;
    // nullopt: refused, the `refused` reply is sent before anything is read.
    using AccessHook = std::function<std::optional<Grant>(const QueryPeer& peer)>;
    // The reply to one request line (without its newline).
    using Handler = std::function<std::string(const std::string& request, Grant grant)>;

    struct Options {
        std::size_t max_request = 1024;                          // a longer line gets `too_long`
        std::string too_long = "ERR request too long\n";
        std::string refused = "ERR permission denied: root only\n";
        std::string group;                                       // read-only group's name ("": none)
        AccessHook access;                                       // empty: root only (grant 0)
    };

    QuerySocket(boost::asio::io_context& io, std::string path, Handler h, Options o);
    QuerySocket(boost::asio::io_context& io, std::string path, Handler h);
    ~QuerySocket();

    bool open(std::string& error);
    void close();
    const std::string& path() const { return path_; }

private:
    void accept();

    std::string path_;
    Handler handler_;
    std::shared_ptr<const Options> options_;
    std::optional<gid_t> group_;   // as found at open()
    boost::asio::local::stream_protocol::acceptor acceptor_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Client side: the whole reply, or nullopt with `why` (no such socket, refused, timeout).
std::optional<std::string> ask_query_socket(const std::string& path, const std::string& request, std::string& why);

} // namespace ha
