// The outcome of one check run.
#pragma once
#include <chrono>
#include <string>

namespace directord::checks {

struct CheckResult {
    bool up = false;
    std::string reason;                           // status line, error text ...
    std::chrono::steady_clock::duration latency{}; // filled by the CheckScheduler
};

} // namespace directord::checks
