// Who is alive, from heartbeats and a clock the caller steps (pure: no timers, no sockets).
// Rules follow 3.0.6: a node is dead when no status arrived for its dead time (initdead
// until comm is up; afterwards the "dt" the node itself announced, else deadtime; deadping
// for ping nodes). Links are tracked per (node, medium) from any packet, duplicates included.
#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hb::membership {

using Millis = std::chrono::milliseconds;

enum class NodeStatus { init, up, active, dead, ping };
std::string_view to_string(NodeStatus s);

struct LivenessConfig {
    Millis keepalive{1000};
    Millis deadtime{30000};
    Millis warntime{15000};
    Millis initdead{60000};
    Millis deadping{30000};
};

struct LivenessEvent {
    enum class Kind {
        status_changed,   // node's status changed (from -> to)
        node_dead,        // timed out (or a heartbeat came later than its dead time)
        late_heartbeat,   // gap since the previous status > warntime
        link_up,
        link_dead,
        comm_up,          // every other node has been heard from or declared dead
        dt_clamped,       // the node announced a dead time over kMaxAnnouncedDeadtimes x ours
                          // (interval: what it announced); logged once per announced value
    };
    Kind kind;
    std::string node;
    std::string link;                // link events only
    NodeStatus from = NodeStatus::init, to = NodeStatus::init;
    Millis interval{0};              // late_heartbeat: the gap
};

// A node's own "dt" is believed up to this multiple of the local deadtime: beyond it, a
// key holder (or a misconfigured peer) could postpone its own death for hours while it holds
// the resources. 3.0.6 believed any dt.
inline constexpr int kMaxAnnouncedDeadtimes = 4;

class Liveness {
public:
    // `nodes` are the cluster nodes (the local one included), `ping_nodes` the ping pseudo-nodes.
    Liveness(LivenessConfig cfg, std::string local, std::vector<std::string> nodes,
             std::vector<std::string> ping_nodes, Millis start);

    // Any authenticated packet from `node` on `link` (accepted or a duplicate copy).
    std::vector<LivenessEvent> heard(const std::string& node, const std::string& link, Millis now);
    // A status message: `st` as sent ("up", "active", "dead", "ping"...), `dt` its dt field.
    std::vector<LivenessEvent> status(const std::string& node, std::string_view st,
                                      std::optional<Millis> dt, Millis now);
    // Scan for timeouts (3.0.6 does this every 250 ms).
    std::vector<LivenessEvent> tick(Millis now);
    // The earliest time at which tick() would declare a node or a link dead, if any: the
    // caller's timer aims at it, so a short deadtime is not stretched by the scan period.
    std::optional<Millis> next_expiry() const;

    // New timers (ha.cf reload): they apply from the next scan on, to the time already elapsed.
    void set_config(const LivenessConfig& cfg) { cfg_ = cfg; }
    const LivenessConfig& config() const { return cfg_; }

    // Marks a node dead at once (it sent shutdone).
    std::vector<LivenessEvent> declare_dead(const std::string& node);

    NodeStatus node_status(const std::string& node) const;
    std::optional<bool> link_up(const std::string& node, const std::string& link) const;
    std::vector<std::string> links(const std::string& node) const;
    bool comm_up() const { return comm_up_; }
    bool known(const std::string& node) const { return nodes_.count(node) > 0; }
    // The dead time currently applied to `node`.
    Millis dead_time(const std::string& node) const;

private:
    struct Link {
        Millis last{0};
        bool up = false;
    };
    struct Node {
        bool ping = false;
        bool heard = false;
        NodeStatus status = NodeStatus::init;
        Millis last_status{0};
        std::optional<Millis> announced_dt;
        std::optional<Millis> clamped_from;   // the over-long dt last announced, once logged
        std::map<std::string, Link> links;
    };

    void set_status(const std::string& name, Node& n, NodeStatus s, std::vector<LivenessEvent>& ev);
    void check_comm_up(std::vector<LivenessEvent>& ev);

    LivenessConfig cfg_;
    std::string local_;
    std::map<std::string, Node> nodes_;
    Millis start_;
    bool comm_up_ = false;
};

} // namespace hb::membership
