// Classic daemon start with a readiness pipe: the starting process stays until the daemon
// has said it is ready (or why it failed, or has died), so init scripts get the start's
// true exit code instead of a daemon that dies later in a log file.
#pragma once
#include <string>

namespace ha {

// What the starting process learned from the daemon.
struct StartReport {
    bool ready = false;   // the daemon called ready()
    std::string text;     // failed()'s words; empty when it exited without a word
};

class Daemonizer {
public:
    enum class Role { daemon, starter, error };
    enum class Detach { fork_once, fork_twice };   // twice: the daemon is no session leader

    // Forks; the daemon gets a new session and cwd "/". Returns Role::daemon in the daemon;
    // Role::starter in the calling process once the daemon has reported or exited (report()
    // says which); Role::error (errno set) when the pipe or the fork failed.
    Role fork_and_detach(Detach how = Detach::fork_once);
    const StartReport& report() const { return report_; }

    // Daemon side; no-ops when fork_and_detach was not called (foreground runs).
    // ready(): stdio goes to /dev/null, then the starter is told. failed(): the starter
    // gets `why` (it prints it).
    void ready();
    void failed(const std::string& why);

    // stdin, stdout and stderr onto /dev/null.
    static void null_stdio();

private:
    int fd_ = -1;
    StartReport report_;
};

} // namespace ha
