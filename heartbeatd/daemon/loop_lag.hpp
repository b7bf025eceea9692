// How late heartbeatd's own timers run, and what the liveness scan does about it. With
// deadtime 50 ms a stall of the event loop itself (waiting for the disk, for a CPU) looks from
// inside like the peer's silence: when the scan finally runs, the peer's heartbeats of the
// stall are still unread in the socket. So a scan that could declare a node or link dead
// reads what waits in the sockets first. Pure: the daemon supplies the times.
#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace hb::daemon {

using Millis = std::chrono::milliseconds;

// True when the scan at `now` would declare something dead (its expiry is due): read the
// heartbeat sockets first.
bool drain_before_scan(Millis now, std::optional<Millis> next_expiry);

// The time a packet counts as heard at: when the kernel received it (now - age), so that a
// heartbeat that waited in the socket during a stall of ours is not "late". Never before the
// previous packet's time (the times stay in order for liveness), never after now; an age
// that cannot be (a clock step) counts as 0.
Millis packet_time(Millis now, std::optional<Millis> age, Millis previous);

class LoopLag {
public:
    // Lateness over `report_over` is logged (deadtime / 2: half of the margin gone).
    explicit LoopLag(Millis report_over) : report_over_(report_over) {}
    void set_report_over(Millis m) { report_over_ = m; }
    // The timer `which` ("keepalive", "scan") aimed at `aimed` ran at `ran`: a warning line
    // when it ran later than report_over.
    std::optional<std::string> timer_ran(const char* which, Millis aimed, Millis ran);
    Millis worst() const { return worst_; }
    unsigned long reported() const { return reported_; }

private:
    Millis report_over_;
    Millis worst_{0};
    unsigned long reported_ = 0;
};

} // namespace hb::daemon
