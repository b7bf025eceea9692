// A root-only local query socket (AF_UNIX stream, mode 0600): one request line per
// connection, one reply, then close. The peer's uid comes from the kernel (SO_PEERCRED),
// not from the file mode. Slow or silent clients are cut off after a few seconds.
// A socket another live process still answers on is never taken over.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "lib/asio.hpp"

namespace ha {

class QuerySocket {
public:
    // The reply to one request line (without its newline).
    using Handler = std::function<std::string(const std::string& request)>;
    QuerySocket(boost::asio::io_context& io, std::string path, Handler h);
    ~QuerySocket();

    bool open(std::string& error);
    void close();

private:
    void accept();

    std::string path_;
    Handler handler_;
    boost::asio::local::stream_protocol::acceptor acceptor_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Client side: the whole reply, or nullopt with `why` (no such socket, refused, timeout).
std::optional<std::string> ask_query_socket(const std::string& path, const std::string& request, std::string& why);

} // namespace ha
