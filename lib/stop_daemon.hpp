// Stop a daemon named by its pid file and wait, bounded, for its process to go (both daemons
// release what they hold before exiting: IPVS entries, resources).
#pragma once
#include <chrono>
#include <csignal>
#include <string>

#include "lib/pidfile.hpp"

namespace ha {

struct StopResult {
    enum State {
        not_running,   // nothing to stop (`found` says stopped or stale)
        stopped,       // it was signalled and has gone
        timed_out,     // still there after the limit
        refused,       // it could not be signalled (`error` is errno, e.g. EPERM; 0: no pid)
    } state = not_running;
    PidStatus found;   // the pid file as read before signalling
    int error = 0;
};

// `needle` as read_pidfile's. Polls every 50 ms until the process has gone or `limit`.
StopResult stop_daemon(const std::string& pidfile, const std::string& needle,
                       std::chrono::milliseconds limit, int sig = SIGTERM);

} // namespace ha
