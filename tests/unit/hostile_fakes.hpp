// A hostile TCP server on 127.0.0.1 for the read-cap tests: per connection, after
// the client's first bytes (a request), it writes the pieces a script hands out, one
// write each `gap` apart, until the script ends or the client goes; then it closes,
// resets or holds the connection. "Endless" servers are scripts that never end.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/asio.hpp"

namespace fakes {

namespace asio = boost::asio;
using asio::ip::tcp;

class ScriptServer {
public:
    enum class End { close, reset, hold };
    // The i-th piece to send, nullopt once the script is over.
    using Script = std::function<std::optional<std::string>(std::size_t i)>;

    ScriptServer(asio::io_context& io, Script script, std::chrono::milliseconds gap = std::chrono::milliseconds(0),
                 End end = End::close, bool wait_request = true, const char* address = "127.0.0.1")
        : io_(io), acceptor_(io, tcp::endpoint(asio::ip::make_address(address), 0)), script_(std::move(script)), gap_(gap),
          end_(end), wait_request_(wait_request) {
        accept();
    }
    ~ScriptServer() { close(); }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    int accepted = 0;
    std::size_t sent = 0;   // bytes written, all connections
    void close() {
        boost::system::error_code ec;
        acceptor_.close(ec);
        for (auto& c : conns_) c->sock.close(ec);
        conns_.clear();
    }

    // Scripts for the usual cases.
    static Script once(std::string text) {
        return [text](std::size_t i) -> std::optional<std::string> {
            if (i == 0) return text;
            return std::nullopt;
        };
    }
    // `head`, then `piece` forever.
    static Script endless(std::string head, std::string piece) {
        return [head, piece](std::size_t i) -> std::optional<std::string> { return i == 0 ? head : piece; };
    }
    // `head`, then `body` one byte per write.
    static Script bytewise(std::string head, std::string body) {
        return [head, body](std::size_t i) -> std::optional<std::string> {
            if (i == 0) return head;
            if (i - 1 < body.size()) return body.substr(i - 1, 1);
            return std::nullopt;
        };
    }

private:
    struct Conn {
        explicit Conn(asio::io_context& io) : sock(io), timer(io) {}
        tcp::socket sock;
        asio::steady_timer timer;
        std::string out;
        char in[4096];
        std::size_t next = 0;
    };

    void accept() {
        acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
            if (ec) return;
            ++accepted;
            auto c = std::make_shared<Conn>(io_);
            c->sock = std::move(s);
            c->sock.set_option(tcp::no_delay(true), ec);
            conns_.push_back(c);
            if (wait_request_) {
                c->sock.async_read_some(asio::buffer(c->in), [this, c](boost::system::error_code e, std::size_t) {
                    if (!e) step(c);
                });
            } else {
                step(c);
            }
            accept();
        });
    }

    void step(std::shared_ptr<Conn> c) {
        auto piece = script_(c->next++);
        if (!piece) {
            finish(c);
            return;
        }
        c->out = std::move(*piece);
        asio::async_write(c->sock, asio::buffer(c->out), [this, c](boost::system::error_code ec, std::size_t n) {
            sent += n;
            if (ec) return;   // the client went
            if (gap_.count() == 0) {
                // Through the loop, not recursion: other handlers (the client) run in between.
                asio::post(io_, [this, c] { step(c); });
                return;
            }
            c->timer.expires_after(gap_);
            c->timer.async_wait([this, c](boost::system::error_code e) {
                if (!e) step(c);
            });
        });
    }

    void finish(const std::shared_ptr<Conn>& c) {
        boost::system::error_code ec;
        if (end_ == End::hold) return;
        if (end_ == End::reset) c->sock.set_option(tcp::socket::linger(true, 0), ec);
        c->sock.close(ec);
    }

    asio::io_context& io_;
    tcp::acceptor acceptor_;
    Script script_;
    std::chrono::milliseconds gap_;
    End end_;
    bool wait_request_;
    std::vector<std::shared_ptr<Conn>> conns_;
};

} // namespace fakes
