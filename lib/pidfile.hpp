// Pid files with stale detection through /proc/PID/cmdline.
#pragma once
#include <optional>
#include <string>
#include <sys/types.h>

namespace ha {

struct PidStatus {
    enum State { stopped, running, stale } state = stopped;
    pid_t pid = 0;
};

// `needle`: text the running process's command line must contain (e.g. "directord").
PidStatus read_pidfile(const std::string& path, const std::string& needle);
// Writes the current pid; false with errno set on failure.
bool write_pidfile(const std::string& path);

} // namespace ha
