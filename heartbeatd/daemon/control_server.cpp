#include "heartbeatd/daemon/control_server.hpp"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace hb::daemon {

namespace asio = boost::asio;
using stream = asio::local::stream_protocol;

ControlServer::ControlServer(asio::io_context& io, std::string path, Handler h)
    : io_(io), path_(std::move(path)), handler_(std::move(h)), acceptor_(io) {}

ControlServer::~ControlServer() { close(); }

bool ControlServer::open(std::string& error) {
    ::unlink(path_.c_str());
    boost::system::error_code ec;
    // Created 0600 from the start (umask), not chmod'ed afterwards: no window for others.
    mode_t old = ::umask(0177);
    acceptor_.open(stream(), ec);
    if (!ec) acceptor_.bind(stream::endpoint(path_), ec);
    ::umask(old);
    if (!ec) acceptor_.listen(8, ec);
    if (ec) {
        error = path_ + ": " + ec.message();
        return false;
    }
    ::chmod(path_.c_str(), 0600);
    accept();
    return true;
}

void ControlServer::close() {
    if (!acceptor_.is_open()) return;
    alive_ = std::make_shared<bool>(true);
    boost::system::error_code ec;
    acceptor_.close(ec);
    ::unlink(path_.c_str());
}

namespace {

constexpr std::size_t kMaxRequest = 4096;

struct Session : std::enable_shared_from_this<Session> {
    stream::socket sock;
    asio::steady_timer deadline;
    asio::streambuf in{kMaxRequest};   // a longer request fails the read: never buffered whole
    std::string out;
    ControlServer::Handler handler;

    Session(stream::socket s, ControlServer::Handler h)
        : sock(std::move(s)), deadline(sock.get_executor()), handler(std::move(h)) {}

    void start() {
        // Only root may talk to the daemon, whatever the socket's mode says.
        ucred cred{};
        socklen_t len = sizeof cred;
        if (::getsockopt(sock.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != 0) {
            reply({false, "permission denied: root only"});
            return;
        }
        auto self = shared_from_this();
        deadline.expires_after(std::chrono::seconds(5));
        deadline.async_wait([self](boost::system::error_code ec) {
            if (!ec) {
                boost::system::error_code ig;
                self->sock.close(ig);
            }
        });
        in.prepare(0);
        asio::async_read_until(sock, in, '\n', [self](boost::system::error_code ec, std::size_t) {
            if (ec == asio::error::not_found) {
                self->reply({false, "request too long (at most " + std::to_string(kMaxRequest) + " bytes)"});
                return;
            }
            if (ec && ec != asio::error::eof) return;
            std::string line{asio::buffers_begin(self->in.data()), asio::buffers_end(self->in.data())};
            self->reply(self->handler(split_words(line)));
        });
    }

    void reply(const Reply& r) {
        out = encode_reply(r);
        auto self = shared_from_this();
        asio::async_write(sock, asio::buffer(out), [self](boost::system::error_code, std::size_t) {
            boost::system::error_code ig;
            self->deadline.cancel();
            self->sock.close(ig);
        });
    }
};

} // namespace

void ControlServer::accept() {
    std::weak_ptr<bool> alive = alive_;
    acceptor_.async_accept([this, alive](boost::system::error_code ec, stream::socket s) {
        if (alive.expired() || !acceptor_.is_open()) return;
        if (!ec) std::make_shared<Session>(std::move(s), handler_)->start();
        accept();
    });
}

Reply control_request(const std::string& path, const std::string& line) {
    asio::io_context io;
    stream::socket s(io);
    boost::system::error_code ec;
    s.connect(stream::endpoint(path), ec);
    if (ec) return {false, "cannot reach heartbeatd at " + path + ": " + ec.message(), false};
    timeval tv{10, 0};   // a wedged daemon must not hang the init script
    ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(s.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    std::string req = line + "\n";
    asio::write(s, asio::buffer(req), ec);
    if (ec) return {false, "write: " + ec.message()};
    std::string reply;
    char buf[4096];
    for (;;) {
        std::size_t n = s.read_some(asio::buffer(buf), ec);
        reply.append(buf, n);
        if (ec) break;
    }
    return decode_reply(reply);
}

} // namespace hb::daemon
