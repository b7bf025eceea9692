// In-process fake for the text-protocol checks: a line server on 127.0.0.1 (plain or
// TLS) that sends a greeting and answers each received line through a handler.
// An empty greeting with silent=true models a half-open server (accepts, never talks).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "check_fakes.hpp"
#include "directord/checks/check_spec.hpp"

namespace fakes {

class TextServer {
public:
    // Returns what to send for a line; kClose closes the connection instead.
    using Handler = std::function<std::string(const std::string& line)>;
    static inline const std::string kClose = "\x01close";

    TextServer(asio::io_context& io, std::string greeting, Handler h = {}, const Cert* cert = nullptr)
        : io_(io), acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), greeting_(std::move(greeting)),
          handler_(std::move(h)) {
        if (cert) {
            tls_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
            tls_->use_certificate_chain(asio::buffer(cert->cert_pem));
            tls_->use_private_key(asio::buffer(cert->key_pem), asio::ssl::context::pem);
        }
        accept();
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    std::vector<std::string> lines;   // received, without CR LF
    std::string on_eof;               // sent when the client stops sending, then closed
    bool silent = false;              // accept and never say or read anything

private:
    void accept() {
        acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
            if (ec) return;
            auto sp = std::make_shared<tcp::socket>(std::move(s));
            held_.push_back(sp);
            if (silent) {
            } else if (tls_) {
                auto st = std::make_shared<asio::ssl::stream<tcp::socket&>>(*sp, *tls_);
                st->async_handshake(asio::ssl::stream_base::server, [this, sp, st](boost::system::error_code ec) {
                    if (!ec) start(st, sp);
                });
            } else {
                start(sp, sp);
            }
            accept();
        });
    }

    template <class Stream>
    void write(std::shared_ptr<Stream> s, std::shared_ptr<tcp::socket> sock, std::string text, bool close_after) {
        auto t = std::make_shared<std::string>(std::move(text));
        asio::async_write(*s, asio::buffer(*t), [s, sock, t, close_after](boost::system::error_code, std::size_t) {
            if (!close_after) return;
            boost::system::error_code ignored;
            sock->shutdown(tcp::socket::shutdown_both, ignored);
        });
    }

    template <class Stream>
    void start(std::shared_ptr<Stream> s, std::shared_ptr<tcp::socket> sock) {
        if (greeting_ == kClose) {
            boost::system::error_code ignored;
            sock->close(ignored);
            return;
        }
        if (!greeting_.empty()) write(s, sock, greeting_, false);
        read(s, sock, std::make_shared<asio::streambuf>());
    }

    template <class Stream>
    void read(std::shared_ptr<Stream> s, std::shared_ptr<tcp::socket> sock, std::shared_ptr<asio::streambuf> buf) {
        asio::async_read_until(*s, *buf, "\n", [this, s, sock, buf](boost::system::error_code ec, std::size_t n) {
            if (ec) {
                if (ec == asio::error::eof && !on_eof.empty()) write(s, sock, on_eof, true);
                return;
            }
            std::string l(asio::buffers_begin(buf->data()), asio::buffers_begin(buf->data()) + (long)n);
            buf->consume(n);
            while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
            lines.push_back(l);
            std::string out = handler_ ? handler_(l) : std::string();
            if (out == kClose) {
                boost::system::error_code ignored;
                sock->close(ignored);
                return;
            }
            if (!out.empty()) write(s, sock, out, false);
            read(s, sock, buf);
        });
    }

    asio::io_context& io_;
    tcp::acceptor acceptor_;
    std::string greeting_;
    Handler handler_;
    std::unique_ptr<asio::ssl::context> tls_;
    std::vector<std::shared_ptr<tcp::socket>> held_;
};

// A port on 127.0.0.1 where nothing listens (bound once, then released).
inline std::uint16_t closed_port(asio::io_context& io) {
    tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

// A negotiate check of `service` against 127.0.0.1:`port` with request "/".
inline directord::checks::CheckSpec negotiate_spec(const std::string& service, std::uint16_t port,
                                                   std::chrono::seconds timeout) {
    directord::checks::CheckSpec s;
    s.kind = directord::checks::CheckSpec::Kind::negotiate;
    s.service = service;
    s.addr = *ha::Address::parse("127.0.0.1");
    s.port = port;
    s.request = "/";
    s.negotiatetimeout = timeout;
    return s;
}

} // namespace fakes
