#include "heartbeatd/membership/liveness.hpp"

namespace hb::membership {

using Kind = LivenessEvent::Kind;

std::string_view to_string(NodeStatus s) {
    switch (s) {
    case NodeStatus::init: return "init";
    case NodeStatus::up: return "up";
    case NodeStatus::active: return "active";
    case NodeStatus::dead: return "dead";
    case NodeStatus::ping: return "ping";
    }
    return "?";
}

Liveness::Liveness(LivenessConfig cfg, std::string local, std::vector<std::string> nodes,
                   std::vector<std::string> ping_nodes, Millis start)
    : cfg_(cfg), local_(std::move(local)), start_(start) {
    for (auto& n : nodes) nodes_[n];
    for (auto& p : ping_nodes) nodes_[p].ping = true;
    auto& self = nodes_[local_];
    self.heard = true;
    self.status = NodeStatus::up;
    std::vector<LivenessEvent> ignored;
    check_comm_up(ignored);   // a one-node cluster is up at once
}

Millis Liveness::dead_time(const std::string& node) const {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return cfg_.deadtime;
    if (it->second.ping) return cfg_.deadping;
    if (!comm_up_) return std::max(cfg_.initdead, it->second.announced_dt.value_or(cfg_.deadtime));
    return it->second.announced_dt.value_or(cfg_.deadtime);
}

void Liveness::set_status(const std::string& name, Node& n, NodeStatus s, std::vector<LivenessEvent>& ev) {
    if (n.status == s) return;
    LivenessEvent e{Kind::status_changed, name, {}, n.status, s, {}};
    n.status = s;
    ev.push_back(e);
    if (s == NodeStatus::dead) {
        for (auto& [lname, l] : n.links)
            if (l.up) {
                l.up = false;
                ev.push_back({Kind::link_dead, name, lname, {}, {}, {}});
            }
    }
}

void Liveness::check_comm_up(std::vector<LivenessEvent>& ev) {
    if (comm_up_) return;
    for (auto& [name, n] : nodes_)
        if (name != local_ && !n.heard && n.status != NodeStatus::dead) return;
    comm_up_ = true;
    ev.push_back({Kind::comm_up, {}, {}, {}, {}, {}});
}

std::vector<LivenessEvent> Liveness::heard(const std::string& node, const std::string& link, Millis now) {
    std::vector<LivenessEvent> ev;
    auto it = nodes_.find(node);
    if (it == nodes_.end() || node == local_) return ev;
    auto& l = it->second.links[link];
    l.last = now;
    if (!l.up) {
        l.up = true;
        ev.push_back({Kind::link_up, node, link, {}, {}, {}});
    }
    return ev;
}

std::vector<LivenessEvent> Liveness::status(const std::string& node, std::string_view st,
                                            std::optional<Millis> dt, Millis now) {
    std::vector<LivenessEvent> ev;
    auto it = nodes_.find(node);
    if (it == nodes_.end() || node == local_) return ev;
    auto& n = it->second;
    if (n.heard) {
        auto gap = now - n.last_status;
        // Previously alive and now far too late: 3.0.6 declares it dead anyway.
        if (n.status != NodeStatus::dead && gap > dead_time(node)) {
            ev.push_back({Kind::late_heartbeat, node, {}, {}, {}, gap});
            ev.push_back({Kind::node_dead, node, {}, {}, {}, gap});
            set_status(node, n, NodeStatus::dead, ev);
            n.last_status = now;
            return ev;
        }
        if (gap > cfg_.warntime && n.status != NodeStatus::dead)
            ev.push_back({Kind::late_heartbeat, node, {}, {}, {}, gap});
    }
    n.heard = true;
    n.last_status = now;
    if (dt) {
        Millis cap = cfg_.deadtime * kMaxAnnouncedDeadtimes;
        if (*dt > cap) {
            if (n.clamped_from != *dt) ev.push_back({Kind::dt_clamped, node, {}, {}, {}, *dt});
            n.clamped_from = *dt;
            n.announced_dt = cap;
        } else {
            n.clamped_from.reset();
            n.announced_dt = *dt;
        }
    }
    NodeStatus s = n.ping ? NodeStatus::ping
                 : st == "active" ? NodeStatus::active
                 : st == "dead" ? NodeStatus::dead
                 : NodeStatus::up;   // init/up and anything unknown count as up
    set_status(node, n, s, ev);
    check_comm_up(ev);
    return ev;
}

std::vector<LivenessEvent> Liveness::declare_dead(const std::string& node) {
    std::vector<LivenessEvent> ev;
    auto it = nodes_.find(node);
    if (it == nodes_.end() || node == local_) return ev;
    set_status(node, it->second, NodeStatus::dead, ev);
    check_comm_up(ev);
    return ev;
}

std::vector<LivenessEvent> Liveness::tick(Millis now) {
    std::vector<LivenessEvent> ev;
    for (auto& [name, n] : nodes_) {
        if (name == local_) continue;
        auto limit = dead_time(name);
        // Links die on the same rule, independently of the node.
        for (auto& [lname, l] : n.links)
            if (l.up && now - l.last > limit) {
                l.up = false;
                ev.push_back({Kind::link_dead, name, lname, {}, {}, {}});
            }
        if (n.status == NodeStatus::dead) continue;
        Millis since = n.heard ? now - n.last_status : now - start_;
        if (since > limit) {
            ev.push_back({Kind::node_dead, name, {}, {}, {}, since});
            set_status(name, n, NodeStatus::dead, ev);
        }
    }
    check_comm_up(ev);
    return ev;
}

std::optional<Millis> Liveness::next_expiry() const {
    std::optional<Millis> first;
    auto consider = [&](Millis t) { if (!first || t < *first) first = t; };
    for (auto& [name, n] : nodes_) {
        if (name == local_) continue;
        auto limit = dead_time(name);
        // tick() needs "more than limit" elapsed: 1 ms past it.
        for (auto& [lname, l] : n.links)
            if (l.up) consider(l.last + limit + Millis(1));
        if (n.status != NodeStatus::dead) consider((n.heard ? n.last_status : start_) + limit + Millis(1));
    }
    return first;
}

NodeStatus Liveness::node_status(const std::string& node) const {
    auto it = nodes_.find(node);
    return it == nodes_.end() ? NodeStatus::dead : it->second.status;
}

std::optional<bool> Liveness::link_up(const std::string& node, const std::string& link) const {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return std::nullopt;
    auto l = it->second.links.find(link);
    if (l == it->second.links.end()) return std::nullopt;
    return l->second.up;
}

std::vector<std::string> Liveness::links(const std::string& node) const {
    std::vector<std::string> out;
    auto it = nodes_.find(node);
    if (it != nodes_.end())
        for (auto& [l, _] : it->second.links) out.push_back(l);
    return out;
}

} // namespace hb::membership
