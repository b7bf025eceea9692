#include "lib/stop_daemon.hpp"

#include <cerrno>
#include <thread>

namespace ha {

StopResult stop_daemon(const std::string& pidfile, const std::string& needle,
                       std::chrono::milliseconds limit, int sig) {
    StopResult r;
    r.found = read_pidfile(pidfile, needle);
    if (r.found.state != PidStatus::running) return r;
    // A held pid file whose pid cannot be read: never kill(0), that is our own process group.
    if (r.found.pid <= 0 || ::kill(r.found.pid, sig) != 0) {
        r.state = StopResult::refused;
        r.error = r.found.pid <= 0 ? 0 : errno;
        return r;
    }
    constexpr auto kPoll = std::chrono::milliseconds(50);
    for (auto waited = std::chrono::milliseconds(0); waited < limit; waited += kPoll) {
        if (::kill(r.found.pid, 0) != 0 && errno == ESRCH) {
            r.state = StopResult::stopped;
            return r;
        }
        std::this_thread::sleep_for(kPoll);
    }
    r.state = StopResult::timed_out;
    return r;
}

} // namespace ha
