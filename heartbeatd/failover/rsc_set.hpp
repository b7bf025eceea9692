// The resource sets heartbeat names in rsc_hold: none|local|foreign|all, always relative to
// the node that says them (local = groups whose home is the speaker).
#pragma once
#include <optional>
#include <string_view>

namespace hb::failover {

struct RscSet {
    bool local = false;
    bool foreign = false;

    static RscSet none() { return {}; }
    static RscSet local_only() { return {true, false}; }
    static RscSet foreign_only() { return {false, true}; }
    static RscSet all() { return {true, true}; }

    bool empty() const { return !local && !foreign; }
    // The same groups as the other node of a pair names them: its local is our foreign.
    RscSet as_seen_by_peer() const { return {foreign, local}; }
    RscSet minus(RscSet o) const { return {local && !o.local, foreign && !o.foreign}; }
    RscSet operator|(RscSet o) const { return {local || o.local, foreign || o.foreign}; }
    bool operator==(const RscSet&) const = default;
};

std::string_view to_string(RscSet s);
// none|local|foreign|all; "failback" is hb_standby's word for foreign. nullopt otherwise.
std::optional<RscSet> parse_rsc_set(std::string_view s);

} // namespace hb::failover
