// ScriptRunner that really runs processes, without ever blocking the event loop.
// Each script runs under an intermediate made with clone(CLONE_PIDFD) and no exit signal,
// so a daemon-wide waitpid(-1) reaper (lib/child.hpp) cannot steal its status; the exit is
// read from the pidfd. Both lead a new process group: a timeout SIGKILLs the whole group,
// grandchildren included. stdout and stderr are captured through pipes.
#pragma once
#include <memory>
#include <set>

#include "heartbeatd/resources/script_runner.hpp"
#include "lib/asio.hpp"

namespace hb::resources {

class ProcessRunner : public ScriptRunner {
public:
    explicit ProcessRunner(boost::asio::any_io_executor ex, std::size_t max_output = 64 * 1024);
    ~ProcessRunner() override;   // kills and reaps whatever still runs

    void run(ScriptCall call, Done done) override;
    std::size_t running() const { return jobs_.size(); }

    struct Job;

private:
    boost::asio::any_io_executor ex_;
    std::size_t max_output_;
    std::set<std::shared_ptr<Job>> jobs_;
};

} // namespace hb::resources
