#include "heartbeatd/failover/rsc_set.hpp"

namespace hb::failover {

std::string_view to_string(RscSet s) {
    if (s.local && s.foreign) return "all";
    if (s.local) return "local";
    if (s.foreign) return "foreign";
    return "none";
}

std::optional<RscSet> parse_rsc_set(std::string_view s) {
    if (s == "none") return RscSet::none();
    if (s == "local") return RscSet::local_only();
    if (s == "foreign" || s == "failback") return RscSet::foreign_only();
    if (s == "all") return RscSet::all();
    return std::nullopt;
}

} // namespace hb::failover
