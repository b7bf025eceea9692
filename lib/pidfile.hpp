// Pid files: taken with flock(2) for the life of the daemon, so two daemons started at the
// same moment cannot both run; stale detection through the lock and /proc/PID/cmdline.
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
// A pid file locked by a process is running whatever it says; an unlocked one (a daemon of
// an older version, or one killed) is judged by the pid it holds and that pid's command line.
PidStatus read_pidfile(const std::string& path, const std::string& needle);

struct PidClaim {
    bool ok = false;
    bool held = false;   // another running process holds the file (the service is running)
    std::string why;     // plain words when !ok, e.g. "pid file /run/x.pid is held by another
                         // running process (pid 123)"
};

// Opens (never through a symlink) or creates `path` with mode 0644, takes an exclusive flock
// on it and writes the current pid. The descriptor stays open (close-on-exec) until the
// process exits, holding the lock.
PidClaim claim_pidfile(const std::string& path);

// Drops our claim: unlinks the file and closes the descriptor (at a clean stop).
void release_pidfile(const std::string& path);

} // namespace ha
