#include "lib/query_socket.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ha {

namespace asio = boost::asio;
using stream = asio::local::stream_protocol;

namespace {

constexpr std::size_t kMaxRequest = 1024;

// Someone answers on it: a daemon on the same path is alive.
bool answered(const std::string& path) {
    asio::io_context io;
    stream::socket s(io);
    boost::system::error_code ec;
    s.connect(stream::endpoint(path), ec);
    return !ec;
}

struct Session : std::enable_shared_from_this<Session> {
    stream::socket sock;
    asio::steady_timer deadline;
    asio::streambuf in{kMaxRequest};
    std::string out;
    QuerySocket::Handler handler;

    Session(stream::socket s, QuerySocket::Handler h)
        : sock(std::move(s)), deadline(sock.get_executor()), handler(std::move(h)) {}

    void start() {
        ucred cred{};
        socklen_t len = sizeof cred;
        if (::getsockopt(sock.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != 0)
            return reply("ERR permission denied: root only\n");
        auto self = shared_from_this();
        deadline.expires_after(std::chrono::seconds(5));
        deadline.async_wait([self](boost::system::error_code ec) {
            boost::system::error_code ig;
            if (!ec) self->sock.close(ig);
        });
        asio::async_read_until(sock, in, '\n', [self](boost::system::error_code ec, std::size_t) {
            if (ec == asio::error::not_found) return self->reply("ERR request too long\n");
            if (ec && ec != asio::error::eof) return;
            std::string line{asio::buffers_begin(self->in.data()), asio::buffers_end(self->in.data())};
            while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
            self->reply(self->handler(line));
        });
    }

    void reply(std::string text) {
        out = std::move(text);
        auto self = shared_from_this();
        asio::async_write(sock, asio::buffer(out), [self](boost::system::error_code, std::size_t) {
            boost::system::error_code ig;
            self->deadline.cancel();
            self->sock.close(ig);
        });
    }
};

} // namespace

QuerySocket::QuerySocket(asio::io_context& io, std::string path, Handler h)
    : path_(std::move(path)), handler_(std::move(h)), acceptor_(io) {}

QuerySocket::~QuerySocket() { close(); }

bool QuerySocket::open(std::string& error) {
    struct stat st{};
    if (::lstat(path_.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) return error = path_ + ": exists and is not a socket", false;
        if (answered(path_)) return error = path_ + ": another process answers on it", false;
        ::unlink(path_.c_str());
    }
    boost::system::error_code ec;
    mode_t old = ::umask(0177);   // created 0600: no window for others
    acceptor_.open(stream(), ec);
    if (!ec) acceptor_.bind(stream::endpoint(path_), ec);
    ::umask(old);
    if (!ec) acceptor_.listen(8, ec);
    if (ec) {
        boost::system::error_code ig;
        acceptor_.close(ig);
        return error = path_ + ": " + ec.message(), false;
    }
    accept();
    return true;
}

void QuerySocket::close() {
    if (!acceptor_.is_open()) return;
    alive_ = std::make_shared<bool>(true);
    boost::system::error_code ec;
    acceptor_.close(ec);
    ::unlink(path_.c_str());
}

void QuerySocket::accept() {
    std::weak_ptr<bool> alive = alive_;
    acceptor_.async_accept([this, alive](boost::system::error_code ec, stream::socket s) {
        if (alive.expired() || !acceptor_.is_open()) return;
        if (!ec) std::make_shared<Session>(std::move(s), handler_)->start();
        accept();
    });
}

std::optional<std::string> ask_query_socket(const std::string& path, const std::string& request, std::string& why) {
    asio::io_context io;
    stream::socket s(io);
    boost::system::error_code ec;
    s.connect(stream::endpoint(path), ec);
    if (ec) return why = path + ": " + ec.message(), std::nullopt;
    timeval tv{10, 0};   // a wedged daemon must not hang the caller
    ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(s.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    std::string req = request + "\n";
    asio::write(s, asio::buffer(req), ec);
    if (ec) return why = path + ": " + ec.message(), std::nullopt;
    std::string reply;
    char buf[65536];
    for (;;) {
        std::size_t n = s.read_some(asio::buffer(buf), ec);
        reply.append(buf, n);
        if (ec) break;
    }
    if (ec != asio::error::eof) return why = path + ": " + ec.message(), std::nullopt;
    return reply;
}

} // namespace ha
