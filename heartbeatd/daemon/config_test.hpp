// `heartbeatd -t`: what a start would find wrong, found before the start. After the three
// files parse (load_config), checks what they point at: every haresources script exists
// and is executable (searched as the resource runner searches: <dir>/resource.d, then
// /etc/init.d), every medium's interface exists, the addresses of IPaddr/IPaddr2/IPv6addr
// are addresses. Pure over a small view of the system, so it is unit-tested.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "heartbeatd/config/diagnostic.hpp"
#include "heartbeatd/daemon/load_config.hpp"

namespace hb::daemon {

struct SystemView {
    enum class Script { missing, not_executable, ok };
    std::function<Script(const std::string& path)> script;
    std::function<bool(const std::string& ifname)> interface_exists;
};

// Every problem found, with the file and line it comes from (ha.cf or haresources).
std::vector<config::Diagnostic> check_setup(const LoadedConfig& cfg, const std::vector<std::string>& script_dirs,
                                            const SystemView& sys);

// The real system: stat(2) and if_nametoindex(3).
SystemView real_system();

// "ha.cf: 2 nodes, 2 media, keepalive 1000 ms, deadtime 30000 ms; haresources: 1 group, 3 resources"
std::string setup_summary(const LoadedConfig& cfg);

} // namespace hb::daemon
