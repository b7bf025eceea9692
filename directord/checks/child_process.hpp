// A check command run as a child that the daemon's own reaper cannot steal: it is
// created with clone(CLONE_PIDFD) and no exit signal, so waitpid(-1, ...) without
// __WALL/__WCLONE never sees it (wait(2): "clone" children), and its exit is read
// from its pidfd on the event loop. It leads its own process group so a timeout can
// SIGKILL the whole group (ldirectord's SIGTERM leaves grandchildren behind).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "directord/checks/coro.hpp"

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
