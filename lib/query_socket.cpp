#include "lib/query_socket.hpp"

#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ha {

namespace asio = boost::asio;
using stream = asio::local::stream_protocol;

namespace {

// Someone answers on it: a daemon on the same path is alive.
bool answered(const std::string& path) {
    asio::io_context io;
    stream::socket s(io);
    boost::system::error_code ec;
    s.connect(stream::endpoint(path), ec);
    return !ec;
}

// The peer's identity from the kernel; nullopt when it cannot be had.
std::optional<QueryPeer> peer_of(int fd, std::optional<gid_t> socket_group) {
    ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return std::nullopt;
    QueryPeer p{cred.uid, cred.gid, {}, socket_group};
    if (cred.uid != 0 && socket_group) {
        p.groups.resize(64);
        socklen_t glen = socklen_t(p.groups.size() * sizeof(gid_t));
        if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, p.groups.data(), &glen) == 0) p.groups.resize(glen / sizeof(gid_t));
        else p.groups.clear();   // more than 64 groups (ERANGE): the primary gid decides
    }
    return p;
}

std::optional<QuerySocket::Grant> grant_for(const std::optional<QueryPeer>& peer, const QuerySocket::Options& o) {
    if (!peer) return std::nullopt;
    if (o.access) return o.access(*peer);
    if (peer->uid == 0) return 0;
    return std::nullopt;
}

struct Session : std::enable_shared_from_this<Session> {
    stream::socket sock;
    asio::steady_timer deadline;
    asio::streambuf in;   // a longer request fails the read: never buffered whole
    std::string out;
    QuerySocket::Handler handler;
    std::shared_ptr<const QuerySocket::Options> options;
    QuerySocket::Grant grant = 0;

    Session(stream::socket s, QuerySocket::Handler h, std::shared_ptr<const QuerySocket::Options> o)
        : sock(std::move(s)), deadline(sock.get_executor()), in(o->max_request), handler(std::move(h)), options(std::move(o)) {}

    void start(std::optional<gid_t> group) {
        auto granted = grant_for(peer_of(sock.native_handle(), group), *options);
        if (!granted) return reply(options->refused);
        grant = *granted;
        auto self = shared_from_this();
        deadline.expires_after(std::chrono::seconds(5));
        deadline.async_wait([self](boost::system::error_code ec) {
            boost::system::error_code ig;
            if (!ec) self->sock.close(ig);
        });
        asio::async_read_until(sock, in, '\n', [self](boost::system::error_code ec, std::size_t) {
            if (ec == asio::error::not_found) return self->reply(self->options->too_long);
            if (ec && ec != asio::error::eof) return;
            std::string line{asio::buffers_begin(self->in.data()), asio::buffers_end(self->in.data())};
            while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
            self->reply(self->handler(line, self->grant));
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

QuerySocket::QuerySocket(asio::io_context& io, std::string path, Handler h, Options o)
    : path_(std::move(path)), handler_(std::move(h)), options_(std::make_shared<const Options>(std::move(o))), acceptor_(io) {}

QuerySocket::QuerySocket(asio::io_context& io, std::string path, Handler h) : QuerySocket(io, std::move(path), std::move(h), Options{}) {}

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
    // Opened to the read-only group only once it exists as 0600: no window for others.
    group_.reset();
    if (::group* g = options_->group.empty() ? nullptr : ::getgrnam(options_->group.c_str()))
        if (::chown(path_.c_str(), (uid_t)-1, g->gr_gid) == 0 && ::chmod(path_.c_str(), 0660) == 0) group_ = g->gr_gid;
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
        if (!ec) std::make_shared<Session>(std::move(s), handler_, options_)->start(group_);
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
    // A refusal (or a too-long reply) is sent before our request is read: closing with it
    // unread resets the connection, after the whole reply has arrived.
    bool cut_after_reply = ec == asio::error::connection_reset && !reply.empty();
    if (ec != asio::error::eof && !cut_after_reply) return why = path + ": " + ec.message(), std::nullopt;
    return reply;
}

} // namespace ha
