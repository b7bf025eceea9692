#include "heartbeatd/daemon/control_server.hpp"

#include <cerrno>
#include <cstring>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace hb::daemon {

namespace asio = boost::asio;
using stream = asio::local::stream_protocol;

ControlServer::ControlServer(asio::io_context& io, std::string path, Handler h, std::string group)
    : io_(io), path_(std::move(path)), handler_(std::move(h)), group_name_(std::move(group)), acceptor_(io) {}

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
    // Opened to the read-only group only after it exists as 0600: no window for others.
    group_.reset();
    if (group * g = group_name_.empty() ? nullptr : ::getgrnam(group_name_.c_str())) {
        if (::chown(path_.c_str(), (uid_t)-1, g->gr_gid) == 0 && ::chmod(path_.c_str(), 0660) == 0) group_ = g->gr_gid;
    }
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
    std::optional<gid_t> group;
    Access access = Access::none;

    Session(stream::socket s, ControlServer::Handler h, std::optional<gid_t> g)
        : sock(std::move(s)), deadline(sock.get_executor()), handler(std::move(h)), group(g) {}

    // The peer's identity from the kernel (SO_PEERCRED, SO_PEERGROUPS), whatever the
    // socket's mode says.
    Access peer_access() {
        ucred cred{};
        socklen_t len = sizeof cred;
        if (::getsockopt(sock.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return Access::none;
        std::vector<gid_t> groups(64);
        socklen_t glen = socklen_t(groups.size() * sizeof(gid_t));
        if (cred.uid != 0 && group &&
            ::getsockopt(sock.native_handle(), SOL_SOCKET, SO_PEERGROUPS, groups.data(), &glen) == 0)
            groups.resize(glen / sizeof(gid_t));
        else
            groups.clear();   // more than 64 groups (ERANGE) or no group: the primary gid decides
        return access_for(cred.uid, cred.gid, groups, group);
    }

    void start() {
        access = peer_access();
        if (access == Access::none) {
            reply({false, std::string(kPermissionDenied) + ": root and the haclient group only"});
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
            self->reply(self->handler(split_words(line), self->access));
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
        if (!ec) std::make_shared<Session>(std::move(s), handler_, group_)->start();
        accept();
    });
}

Reply control_request(const std::string& path, const std::string& line) {
    asio::io_context io;
    stream::socket s(io);
    boost::system::error_code ec;
    s.connect(stream::endpoint(path), ec);
    if (ec) {
        Reply r{false, "cannot reach heartbeatd at " + path + ": " + ec.message(), false};
        r.denied = ec == boost::system::errc::permission_denied;
        return r;
    }
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
    Reply r = decode_reply(reply);
    r.denied = !r.ok && r.text.starts_with(kPermissionDenied);
    return r;
}

} // namespace hb::daemon
