// The seam between resource actions and processes: run one script asynchronously and
// report how it ended with its captured output. The real implementation forks on the
// daemon's io_context (ProcessRunner); tests use RecordingRunner.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace hb::resources {

using Millis = std::chrono::milliseconds;

struct ScriptCall {
    std::vector<std::string> argv;   // argv[0] is an absolute path: no PATH search
    std::vector<std::string> env;    // the complete environment, "NAME=value"
    Millis timeout{120000};
};

struct ScriptOutcome {
    enum class End { exited, signalled, timed_out, spawn_failed };
    End end = End::spawn_failed;
    int code = -1;          // exit status, or the signal number when signalled
    std::string out, err;   // captured stdout and stderr (bounded)
    std::string error;      // spawn_failed: why

    bool ok() const { return end == End::exited && code == 0; }
    std::string describe() const;   // "exit 0", "killed by signal 9", "timed out" ...
};

class ScriptRunner {
public:
    using Done = std::function<void(ScriptOutcome)>;
    virtual ~ScriptRunner() = default;
    // `done` is called exactly once, never from inside run() itself.
    virtual void run(ScriptCall call, Done done) = 0;
};

} // namespace hb::resources
