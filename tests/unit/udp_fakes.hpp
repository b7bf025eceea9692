// In-process fakes for the dns, radius and sip checks: a UDP server answering each
// datagram through a handler (any number of answers, each after its own delay: late,
// duplicated, stray and garbage answers are all one handler away), and a TCP server
// for length- or header-framed binary requests.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check_fakes.hpp"

namespace fakes {

using asio::ip::udp;

class UdpServer {
public:
    struct Out {
        std::string bytes;
        std::chrono::milliseconds delay{0};
    };
    using Handler = std::function<std::vector<Out>(const std::string& datagram)>;

    UdpServer(asio::io_context& io, Handler h, const char* addr = "127.0.0.1")
        : io_(io), sock_(io, udp::endpoint(asio::ip::make_address(addr), 0)), handler_(std::move(h)) {
        receive();
    }
    std::uint16_t port() const { return sock_.local_endpoint().port(); }
    std::vector<std::string> received;

private:
    void receive() {
        sock_.async_receive_from(asio::buffer(buf_), from_, [this](boost::system::error_code ec, std::size_t n) {
            if (ec) return;
            received.emplace_back(buf_.data(), n);
            auto to = from_;
            for (auto& o : handler_(received.back())) {
                auto bytes = std::make_shared<std::string>(std::move(o.bytes));
                if (o.delay.count() == 0) {
                    boost::system::error_code ignored;
                    sock_.send_to(asio::buffer(*bytes), to, 0, ignored);
                    continue;
                }
                auto t = std::make_shared<asio::steady_timer>(io_, o.delay);
                t->async_wait([this, t, bytes, to](boost::system::error_code e) {
                    if (e) return;
                    boost::system::error_code ignored;
                    sock_.send_to(asio::buffer(*bytes), to, 0, ignored);
                });
            }
            receive();
        });
    }

    asio::io_context& io_;
    udp::socket sock_;
    Handler handler_;
    std::array<char, 65536> buf_{};
    udp::endpoint from_;
};

// Calls `handler` with everything received so far on a connection; nullopt: wait for
// more; a string: send it (kClose: close instead; empty: send nothing, keep reading).
class StreamServer {
public:
    using Handler = std::function<std::optional<std::string>(std::string& buffered)>;
    static inline const std::string kClose = "\x01close";

    StreamServer(asio::io_context& io, Handler h, const char* addr = "127.0.0.1", std::uint16_t port = 0)
        : acceptor_(io, tcp::endpoint(asio::ip::make_address(addr), port)), handler_(std::move(h)) {
        accept();
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    int connections = 0;

private:
    struct Conn {
        explicit Conn(tcp::socket s) : sock(std::move(s)) {}
        tcp::socket sock;
        std::string buffered;
        std::array<char, 4096> buf{};
    };

    void accept() {
        acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
            if (ec) return;
            ++connections;
            auto c = std::make_shared<Conn>(std::move(s));
            held_.push_back(c);
            read(c);
            accept();
        });
    }

    void read(std::shared_ptr<Conn> c) {
        c->sock.async_read_some(asio::buffer(c->buf), [this, c](boost::system::error_code ec, std::size_t n) {
            if (ec) return;
            c->buffered.append(c->buf.data(), n);
            auto out = handler_(c->buffered);
            if (out && *out == kClose) {
                boost::system::error_code ignored;
                c->sock.close(ignored);
                return;
            }
            if (out && !out->empty()) {
                auto t = std::make_shared<std::string>(std::move(*out));
                asio::async_write(c->sock, asio::buffer(*t), [t](boost::system::error_code, std::size_t) {});
            }
            read(c);
        });
    }

    tcp::acceptor acceptor_;
    Handler handler_;
    std::vector<std::shared_ptr<Conn>> held_;
};

// A UDP port on 127.0.0.1 where nothing listens (bound once, then released).
inline std::uint16_t closed_udp_port(asio::io_context& io) {
    udp::socket s(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return s.local_endpoint().port();
}

inline bool has_ipv6_loopback(asio::io_context& io) {
    boost::system::error_code ec;
    udp::socket s(io);
    s.open(udp::v6(), ec);
    if (!ec) s.bind(udp::endpoint(asio::ip::make_address("::1"), 0), ec);
    return !ec;
}

} // namespace fakes
