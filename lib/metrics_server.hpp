// A /metrics endpoint on the daemon's io_context: HTTP/1.0, one request per connection,
// the request head read up to 4 KB within 5 s, at most 16 connections at once; the body
// comes from `render` on the loop thread at each scrape. Nothing here blocks.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "lib/asio.hpp"
#include "lib/metrics_text.hpp"

namespace ha::metrics {

class Server {
public:
    using Render = std::function<std::string()>;
    Server(boost::asio::any_io_executor ex, Render render);
    ~Server();
    bool open(const ListenAddress& at, std::string& error);
    void close();
    std::uint16_t port() const;   // the bound port (tests bind port 0... through open's result)

private:
    struct Conn;
    void accept();

    boost::asio::any_io_executor ex_;
    Render render_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::shared_ptr<int> open_conns_ = std::make_shared<int>(0);
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace ha::metrics
