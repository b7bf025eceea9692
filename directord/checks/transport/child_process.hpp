// A check command run so that the daemon's own SIGCHLD reaper (waitpid(-1, ...))
// cannot steal its status: our direct child is an intermediate made with
// clone(CLONE_PIDFD) and no exit signal, which waitpid(-1) without __WALL/__WCLONE
// never sees (wait(2): "clone" children); it forks the command and exits as the
// command did. Its exit is read from the pidfd on the event loop. Both lead one new
// process group, so a timeout SIGKILLs the whole group (ldirectord's SIGTERM leaves
// grandchildren behind).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "directord/checks/transport/coro.hpp"

namespace directord::checks {

class ChildProcess {
public:
    // argv[0] is the program path (no PATH search here). stdin and stdout are
    // /dev/null, stderr is inherited; no other descriptor is passed on.
    // Returns nullptr and sets `err` when the process cannot be created.
    static std::unique_ptr<ChildProcess> spawn(boost::asio::any_io_executor ex, const std::vector<std::string>& argv,
                                               std::string& err);
    ~ChildProcess();   // kills and reaps in the background if still running

    // Waits for the exit; returns a waitpid-style status, or nullopt when cancelled.
    boost::asio::awaitable<std::optional<int>> wait();
    // SIGKILL to the process group (and the process itself); the wait ends soon after.
    void kill();
    pid_t pid() const { return pid_; }

private:
    ChildProcess(boost::asio::any_io_executor ex, pid_t pid, int pidfd);
    bool try_reap(int& status);

    boost::asio::any_io_executor ex_;
    pid_t pid_;
    std::unique_ptr<boost::asio::posix::stream_descriptor> fd_;
    bool reaped_ = false;
};

} // namespace directord::checks
