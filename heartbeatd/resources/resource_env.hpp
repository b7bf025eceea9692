// Where resource scripts are found and the environment they run with. Heartbeat exports
// HA_* variables to ResourceManager and its scripts; Debian's resource.d wrappers also
// want OCF_ROOT and friends (they default them, but an explicit value costs nothing).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "heartbeatd/resources/script_runner.hpp"

namespace hb::resources {

struct ResourceEnv {
    // Searched in order; the file must be regular and executable.
    std::vector<std::string> script_dirs{"/etc/ha.d/resource.d", "/etc/init.d"};
    std::string ha_dir = "/etc/ha.d";
    std::string node;             // HA_CURHOST, the local node name
    bool nice_failback = false;   // auto_failback on|off
    std::string logfile, debugfile, logfacility;
    int debug = 0;
    Millis timeout{120000};       // per script call
    Millis stop_retry_delay{1000};
    int stop_retries = 10;        // heartbeat's HA_STOPRETRYMAX
    std::vector<std::string> extra;   // more "NAME=value" (ha.cf env directives ...)
};

// The absolute path of `name` in the first directory that has it, or nullopt.
std::optional<std::string> locate_script(const std::vector<std::string>& dirs, const std::string& name);

// The complete environment for a script call.
std::vector<std::string> script_environment(const ResourceEnv& env);

// Heartbeat decides status from stdout text alone: "*[Nn]ot *[Rr]unning*" means stopped,
// then "*[Rr]unning*" or "*OK*" means running, anything else means stopped.
bool status_text_running(const std::string& out);

} // namespace hb::resources
