// One heartbeat medium (a bcast interface, a ucast peer, a serial line...). Every message
// goes out on every medium; what comes in is handed, raw and unauthenticated, to the
// daemon together with the link name that liveness tracks (interface or tty path).
#pragma once
#include <chrono>
#include <cstddef>
#include <optional>
#include <functional>
#include <string>
#include <string_view>

namespace hb::media {

// A message encoded once per format: netstring datagram for UDP, classic frame for serial.
struct Encoded {
    std::string udp;
    std::string serial;
};

class Medium {
public:
    // age: how long ago the kernel received the packet (SIOCGSTAMPNS), when known; a packet
    // that waited in the socket while our loop stalled is not a late heartbeat.
    using Receiver = std::function<void(std::string_view bytes, const std::string& link,
                                        std::optional<std::chrono::milliseconds> age)>;
    virtual ~Medium() = default;

    // Opens the sockets/device and starts reading; false with `error` set on failure.
    virtual bool open(Receiver rx, std::string& error) = 0;
    virtual void send(const Encoded& e) = 0;
    virtual void close() = 0;
    virtual const std::string& link_name() const = 0;
    virtual std::string describe() const = 0;   // "bcast hb0 port 694" for the log
    virtual bool wants_serial() const { return false; }
    // Hands what is already waiting in the socket to the receiver now, up to `max` packets,
    // without waiting; how many. Called before a liveness scan that could declare a node
    // dead, so that a stall of our own loop is not taken for the peer's silence.
    virtual std::size_t drain(std::size_t /*max*/) { return 0; }
};

} // namespace hb::media
