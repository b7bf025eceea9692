#include "lib/metrics_server.hpp"

#include "lib/metrics_http.hpp"

namespace ha::metrics {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr int kMaxConns = 16;
constexpr auto kRequestTime = std::chrono::seconds(5);
} // namespace

struct Server::Conn : std::enable_shared_from_this<Conn> {
    Conn(tcp::socket s, Render& r, std::shared_ptr<int> count, std::shared_ptr<bool> alive)
        : sock(std::move(s)), timer(sock.get_executor()), render(r), count(std::move(count)), alive(std::move(alive)) {
        ++*this->count;
    }
    ~Conn() { --*count; }
    tcp::socket sock;
    asio::steady_timer timer;
    Render& render;
    std::shared_ptr<int> count;
    std::shared_ptr<bool> alive;
    std::string head, out;
    char buf[1024];

    void start() {
        auto self = shared_from_this();
        timer.expires_after(kRequestTime);
        timer.async_wait([self](boost::system::error_code ec) {
            if (ec) return;
            boost::system::error_code ignore;
            self->sock.close(ignore);
        });
        read();
    }
    void read() {
        auto self = shared_from_this();
        sock.async_read_some(asio::buffer(buf, sizeof buf), [self](boost::system::error_code ec, std::size_t n) {
            if (ec) {
                self->timer.cancel();
                return;
            }
            std::size_t room = kMaxRequestHead - std::min(kMaxRequestHead, self->head.size());
            self->head.append(self->buf, std::min(n, room));
            auto v = judge_request(self->head);
            if (v.kind == RequestVerdict::Kind::incomplete) return self->read();
            std::string body;
            if (v.kind == RequestVerdict::Kind::metrics && *self->alive) body = self->render();
            self->out = http_response(v, body);
            asio::async_write(self->sock, asio::buffer(self->out), [self](boost::system::error_code, std::size_t) {
                boost::system::error_code ignore;
                self->sock.shutdown(tcp::socket::shutdown_both, ignore);
                self->sock.close(ignore);
                self->timer.cancel();
            });
        });
    }
};

Server::Server(asio::any_io_executor ex, Render render) : ex_(ex), render_(std::move(render)), acceptor_(ex) {}

Server::~Server() {
    *alive_ = false;
    close();
}

bool Server::open(const ListenAddress& at, std::string& error) {
    boost::system::error_code ec;
    auto ip = at.addr.is_v6() ? asio::ip::address(asio::ip::make_address_v6(at.addr.str(), ec))
                              : asio::ip::address(asio::ip::make_address_v4(at.addr.str(), ec));
    tcp::endpoint ep(ip, at.port);
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(64, ec);
    if (ec) {
        error = "metrics: cannot listen on " + endpoint(at.addr, at.port) + ": " + ec.message();
        boost::system::error_code ignore;
        acceptor_.close(ignore);
        return false;
    }
    accept();
    return true;
}

std::uint16_t Server::port() const {
    boost::system::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ec ? 0 : ep.port();
}

void Server::close() {
    boost::system::error_code ignore;
    acceptor_.close(ignore);
}

void Server::accept() {
    auto alive = alive_;
    acceptor_.async_accept([this, alive](boost::system::error_code ec, tcp::socket s) {
        if (!*alive || ec == asio::error::operation_aborted) return;
        if (!ec) {
            if (*open_conns_ >= kMaxConns) {
                boost::system::error_code ignore;
                s.close(ignore);   // a scraper retries; a flood cannot grow memory
            } else {
                std::make_shared<Conn>(std::move(s), render_, open_conns_, alive_)->start();
            }
        }
        if (acceptor_.is_open()) accept();
    });
}

} // namespace ha::metrics
