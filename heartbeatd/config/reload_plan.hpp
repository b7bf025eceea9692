// What a re-read ha.cf/haresources changes in a running node, and what of it applies live:
// pure, so the rules are unit-tested; the daemon only carries out the plan.
// Live: keepalive, deadtime, warntime, initdead, deadping; logfile, debugfile, logfacility,
// debug, log_badpack; auto_failback between on and off. Everything else (nodes, media,
// udpport, ping nodes, haresources groups, ...) would be half-applied in a running node:
// it is reported as "takes effect at restart" and the running value is kept.
#pragma once
#include <string>
#include <vector>

#include "heartbeatd/config/ha_cf.hpp"
#include "heartbeatd/config/haresources.hpp"

namespace hb::config {

struct ReloadPlan {
    HaCf next;                          // the running config with the live changes applied
    std::vector<std::string> applied;   // "deadtime 6000ms -> 1000ms"
    std::vector<std::string> deferred;  // "<file>: node changed at line 9: takes effect at restart"
    bool timers = false;                // keepalive/deadtime/warntime/initdead/deadping changed
    bool logging = false;               // a log target or the debug level changed
    bool auto_failback = false;         // on <-> off
    bool changed() const { return !applied.empty() || !deferred.empty(); }
};

struct ReloadFiles {
    std::string ha_cf = "ha.cf";
    std::string haresources = "haresources";
};

ReloadPlan plan_reload(const HaCf& running, const HaCf& read, const std::vector<ResourceGroup>& running_groups,
                       const std::vector<ResourceGroup>& read_groups, const ReloadFiles& files = {});

} // namespace hb::config
