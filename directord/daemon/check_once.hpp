// `directord --check [configfile]`: every distinct check of the config runs once, now,
// concurrently, each under its own deadline; one line per check says up or down and
// why. Lets an operator (and the real-server tests) ask "what would directord see?"
// without a daemon or a kernel table.
#pragma once
#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "directord/checks/check_spec.hpp"
#include "directord/config/config.hpp"

namespace directord {

struct OnceVerdict {
    std::string check;                   // CheckSpec::str(), or "fixed" for on/off/none
    std::vector<std::string> reals;      // "RIP:PORT in VIRTUAL" fed by this check
    bool up = false;
    std::string reason;
    std::chrono::milliseconds took{0};
};

// Runs the checks on a private event loop; results in config order.
std::vector<OnceVerdict> run_checks_once(const Config& cfg);

// "up   http http://127.0.0.2:80/ (127.0.0.2:80 in 10.0.0.1:80) 3 ms: HTTP/1.1 200 OK"
std::string format_verdict(const OnceVerdict& v);

} // namespace directord
