// heartbeatd's command line, pure. heartbeat's flags (-k stop, -r reload, -s status,
// -d debug, -v/-V/--version version, -l no realtime, -M no resource management) plus -t
// (config test: what a start would find wrong), -f for
// supervisors, -c/-S/-p/-L to run several nodes on one machine, and the control
// subcommands `status QUERY...`, `standby [SET]`, `takeover [SET]`, `cl_status ARGS...`,
// `cib [-c DIR] [--directord PATH]` (ha.cf + haresources as a Pacemaker CIB).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hb::daemon {

struct CommandLine {
    enum class Action { start, stop, reload, status, version, help, query, cl_status, config_test, cib };
    Action action = Action::start;
    bool foreground = false;
    int debug = 0;
    bool no_realtime = false;
    bool no_resources = false;
    std::string config_dir = "/etc/ha.d";
    std::string state_dir = "/var/lib/heartbeat";
    std::string pid_file = "/var/run/heartbeat.pid";
    std::string lock_dir = "/var/lock";
    std::vector<std::string> query;   // Action::query: the request words; cl_status: its arguments
    std::string cib_directord;        // Action::cib: the agent's ldirectord= path ("" = beside heartbeatd)

    std::string control_socket() const { return state_dir + "/heartbeatd.sock"; }
};

// `env` looks up HA_DIR, HA_VARLIB, HA_PIDFILE, HA_LOCKDIR (nullopt when unset).
// Returns the parsed line, or an error message for the usage text.
struct ParseResult {
    std::optional<CommandLine> cmd;
    std::string error;
};
ParseResult parse_command_line(const std::vector<std::string>& args,
                               const std::function<std::optional<std::string>(const char*)>& env);

std::string usage_text();

} // namespace hb::daemon
