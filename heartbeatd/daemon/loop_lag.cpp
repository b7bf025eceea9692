#include "heartbeatd/daemon/loop_lag.hpp"

namespace hb::daemon {

bool drain_before_scan(Millis now, std::optional<Millis> next_expiry) {
    return next_expiry && *next_expiry <= now;
}

Millis packet_time(Millis now, std::optional<Millis> age, Millis previous) {
    Millis a = age.value_or(Millis(0));
    if (a < Millis(0) || a > Millis(10000)) a = Millis(0);   // the wall clock was stepped
    Millis t = now - a;
    if (t < previous) t = std::min(previous, now);
    return t;
}

std::optional<std::string> LoopLag::timer_ran(const char* which, Millis aimed, Millis ran) {
    Millis late = ran - aimed;
    if (late > worst_) worst_ = late;
    if (late <= report_over_) return std::nullopt;
    ++reported_;
    return std::string("event loop stalled: ") + which + " timer ran " + std::to_string(late.count()) +
           " ms late";
}

} // namespace hb::daemon
