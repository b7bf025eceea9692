// ha.cf + haresources -> a Pacemaker CIB, as heartbeat 2's haresources2cib did, for today's
// agents. Pure: the caller reads the files and lists the script directories.
//   each haresources line -> a group (resources in order: Pacemaker starts a group left to
//                            right and stops it right to left, as heartbeat did) with a
//                            location preference (score 100) for its home node;
//   auto_failback on|legacy -> resource-stickiness 0 (groups go back home), off -> INFINITY;
//   initdead -> dc-deadtime; no fencing in a heartbeat v1 pair -> stonith-enabled false;
//   deadtime/keepalive/media -> Corosync advice in a comment (corosync_advice.hpp).
// Every ha.cf directive without a CIB equivalent is reported as a warning with its line;
// every resource that could not be converted is an error with its line (and a comment in
// its group), never dropped silently.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "heartbeatd/cib/cib_model.hpp"
#include "heartbeatd/cib/resource_map.hpp"
#include "heartbeatd/config/diagnostic.hpp"
#include "heartbeatd/config/ha_cf.hpp"
#include "heartbeatd/config/haresources.hpp"

namespace hb::cib {

struct CibInput {
    const config::HaCf* cf = nullptr;
    std::string_view hacf_text;               // for the directives' lines
    std::string hacf_name = "ha.cf";          // as named in diagnostics
    const std::vector<config::ResourceGroup>* groups = nullptr;
    std::string haresources_name = "haresources";
    MapContext scripts;
};

struct CibResult {
    Cib cib;
    std::vector<config::Diagnostic> diagnostics;   // warnings, and errors for what was not converted
    bool complete() const {
        for (auto& d : diagnostics)
            if (d.severity == config::Severity::error) return false;
        return true;
    }
};

CibResult make_cib(const CibInput& in);

// Directive name and line of every directive line of an ha.cf text (comments and blank
// lines skipped, as heartbeat reads it).
std::vector<std::pair<std::string, int>> directive_lines(std::string_view hacf_text);

} // namespace hb::cib
