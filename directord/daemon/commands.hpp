// directord's commands (start, stop, status, ...), returning ldirectord's exit codes.
#pragma once
#include "directord/daemon/cli.hpp"

namespace directord {

// Exit codes as ldirectord: 0 ok, 1 not running / missing file / failed start,
// 2 config error, 3 status of a stopped daemon, 255 bad usage.
int run_command(const Cli& cli);

} // namespace directord
