#include "heartbeatd/daemon/control_server.hpp"

#include <sys/socket.h>

namespace hb::daemon {

namespace asio = boost::asio;
using stream = asio::local::stream_protocol;

namespace {

ha::QuerySocket::Options control_options(std::string group) {
    ha::QuerySocket::Options o;
    o.max_request = ControlServer::kMaxRequest;
    o.too_long = encode_reply({false, "request too long (at most " + std::to_string(ControlServer::kMaxRequest) + " bytes)"});
    o.refused = encode_reply({false, std::string(kPermissionDenied) + ": root and the haclient group only"});
    o.group = std::move(group);
    o.access = [](const ha::QueryPeer& p) -> std::optional<ha::QuerySocket::Grant> {
        Access a = access_for(p.uid, p.gid, p.groups, p.socket_group);
        if (a == Access::none) return std::nullopt;
        return static_cast<ha::QuerySocket::Grant>(a);
    };
    return o;
}

} // namespace

ControlServer::ControlServer(asio::io_context& io, std::string path, Handler h, std::string group)
    : socket_(io, std::move(path),
              [h = std::move(h)](const std::string& line, ha::QuerySocket::Grant g) {
                  return encode_reply(h(split_words(line), static_cast<Access>(g)));
              },
              control_options(std::move(group))) {}

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
