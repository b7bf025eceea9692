// What heartbeat 3.0.6 does when a `respawn` client exits, pure: exit status 100 means "do
// not restart me"; a run shorter than 30 s counts as a fast respawn, a longer one resets the
// count; after more than 10 fast respawns in a row the client is logged as "respawning too
// fast" and left stopped; a client restarted after a fast run waits 1 s before it starts.
// Nothing is restarted while heartbeat shuts down.
#pragma once
#include <chrono>
#include <string>

namespace hb::daemon {

struct RespawnRules {
    std::chrono::milliseconds short_run{30000};
    int max_short_runs = 10;
    std::chrono::milliseconds pause_after_short{1000};
};

struct ClientExit {
    bool signalled = false;
    int code = 0;                    // exit status, or the signal number
    std::chrono::milliseconds ran_for{0};
    bool shutting_down = false;
};

struct RespawnDecision {
    bool restart = false;
    std::chrono::milliseconds delay{0};
    std::string why;   // for the log
};

// `short_runs` is the client's count of fast respawns in a row, updated here.
RespawnDecision after_client_exit(const std::string& command, const ClientExit& e, int& short_runs,
                                  const RespawnRules& rules = {});

} // namespace hb::daemon
