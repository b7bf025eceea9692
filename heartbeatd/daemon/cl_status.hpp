// `cl_status`, heartbeat's query tool for operators' scripts, answered from heartbeatd's
// control socket. Pure: the arguments and a function that asks the daemon go in; what to
// print and the exit status come out. Sub-commands, output words and exit codes are
// heartbeat 3.0.6's: 0 ok, 1 "normal" failure (heartbeat stopped, node dead, link dead,
// parameter unset), 11 bad parameters, 13 other errors.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "heartbeatd/daemon/control_query.hpp"

namespace hb::daemon {

namespace cl_exit {
constexpr int ok = 0, normal_fail = 1, parameter_error = 11, timeout = 12, unknown_error = 13;
}

struct ClStatusOutput {
    std::string out;   // stdout
    std::string err;   // stderr
    int code = cl_exit::ok;
};

// One control-socket request ("nodestatus alpha"); Reply::reached false when heartbeatd
// is not running (no socket, refused).
using ClAsk = std::function<Reply(const std::string& request)>;

// `args` are the words after "cl_status".
ClStatusOutput run_cl_status(const std::vector<std::string>& args, const ClAsk& ask);

std::string cl_status_usage();

} // namespace hb::daemon
