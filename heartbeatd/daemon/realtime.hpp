// realtime on: lock memory and run SCHED_FIFO so heartbeats go out on time under load.
// Failures (no CAP_SYS_NICE, RLIMIT_MEMLOCK, containers) are logged, never fatal.
// Children must drop back to SCHED_OTHER before exec (see drop_realtime).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace hb::daemon {

// Returns log lines describing what was done or what failed.
std::vector<std::string> enter_realtime(std::optional<int> rtprio);
// For forked children (resource scripts): back to SCHED_OTHER, memory unlocked.
void drop_realtime();

} // namespace hb::daemon
