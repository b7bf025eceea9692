#include "heartbeatd/daemon/core.hpp"

#include <algorithm>

#include "heartbeatd/wire/messages.hpp"

namespace hb::daemon {

using membership::NodeStatus;
using membership::SeqVerdict;
using LKind = membership::LivenessEvent::Kind;

namespace {

CoreEvent info(std::string text, std::string node = {}) {
    CoreEvent e;
    e.kind = CoreEvent::Kind::info;
    e.node = std::move(node);
    e.text = std::move(text);
    return e;
}

CoreEvent dropped(DropCause c, std::string text) {
    CoreEvent e;
    e.kind = CoreEvent::Kind::dropped;
    e.drop = c;
    e.text = std::move(text);
    return e;
}

CoreEvent simple(CoreEvent::Kind k, std::string node, std::string text = {}) {
    CoreEvent e;
    e.kind = k;
    e.node = std::move(node);
    e.text = std::move(text);
    return e;
}

} // namespace

Core::Core(CoreConfig cfg, Millis now)
    : cfg_(std::move(cfg)),
      live_(cfg_.liveness, cfg_.local, cfg_.nodes, cfg_.ping_nodes, now),
      rng_(std::uint32_t(cfg_.generation ^ (cfg_.generation >> 32))) {
    if (!cfg_.wall_seconds) cfg_.wall_seconds = [] { return std::uint64_t(1); };
    if (!cfg_.load) cfg_.load = [] { return std::string("0.00 0.00 0.00 1/1 1"); };
    // A random ACK slot per sender, as 3.0.6 does, spreads the ACKs of several receivers.
    ack_trigger_ = unsigned(rng_() % 10);
    for (const auto& [node, gen] : cfg_.peer_generations) {
        if (node == cfg_.local) continue;
        auto seq = cfg_.peer_seqs.find(node);
        if (seq != cfg_.peer_seqs.end()) trackers_[node].set_floor(gen, seq->second);
        else trackers_[node].set_floor(gen);
    }
}

std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> Core::peer_positions() const {
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> out;
    for (const auto& [node, tr] : trackers_)
        if (tr.known()) out[node] = {tr.generation(), tr.last_seq()};
    return out;
}

Millis Core::rexmit_delay() {
    auto hi = std::max<long>(50, long(cfg_.max_rexmit_delay.count()));
    return Millis(50 + long(rng_() % std::uint32_t(hi - 50 + 1)));
}

membership::NodeStatus Core::node_status(const std::string& node) const {
    if (node == cfg_.local) {
        if (local_status_ == "active") return NodeStatus::active;
        if (local_status_ == "dead") return NodeStatus::dead;
        return NodeStatus::up;
    }
    return live_.node_status(node);
}

std::optional<bool> Core::link_up(const std::string& node, const std::string& link) const {
    return live_.link_up(node, link);
}

void Core::stamp_and_queue(wire::Message m, CoreOutput& out) {
    bool sequenced = !wire::is_unsequenced_type(m.type());
    if (sequenced) ++seq_;
    wire::Stamp s;
    s.src = cfg_.local;
    s.srcuuid = cfg_.uuid;
    s.seq = seq_;
    s.generation = cfg_.generation;
    s.timestamp = cfg_.wall_seconds();
    s.load = cfg_.load();
    if (s.load.empty()) s.load = "0.00 0.00 0.00 1/1 1";   // empty values break classic peers
    s.ttl = cfg_.ttl;
    if (auto d = m.get("dest")) {
        auto it = uuids_.find(std::string(*d));
        if (it != uuids_.end()) s.destuuid = it->second;
    }
    wire::add_control_fields(m, s);
    if (sequenced) history_.add(seq_, m);
    out.send.push_back(std::move(m));
}

void Core::status_now(CoreOutput& out) {
    if (shutting_down_) return;
    stamp_and_queue(wire::make_status(local_status_, cfg_.liveness.deadtime), out);
}

void Core::set_local_status(const std::string& st, CoreOutput& out) {
    if (local_status_ == st) return;
    local_status_ = st;
    out.events.push_back(simple(CoreEvent::Kind::local_status, cfg_.local, st));
    status_now(out);
}

void Core::maybe_active(CoreOutput& out) {
    if (!comm_heard_ || active_ || shutting_down_ || !awaiting_repnodes_.empty()) return;
    active_ = true;
    set_local_status("active", out);
    out.events.push_back(simple(CoreEvent::Kind::comm_now_up, cfg_.local));
}

void Core::start_reqnodes(Millis now, CoreOutput& out) {
    // 3.0.6 blocks "comm up" until every live peer answered reqnodes, unless some peer
    // runs without flow control (no protocol=1), which disables the step cluster-wide.
    std::vector<std::string> peers;
    bool flow = true;
    for (auto& n : cfg_.nodes) {
        if (n == cfg_.local || live_.node_status(n) == NodeStatus::dead) continue;
        if (live_.node_status(n) == NodeStatus::init) continue;
        peers.push_back(n);
        if (flow_control_off_.count(n)) flow = false;
    }
    if (flow)
        for (auto& p : peers) {
            awaiting_repnodes_.insert(p);
            stamp_and_queue(wire::make_reqnodes(p), out);
        }
    next_reqnodes_ = now + cfg_.reqnodes_retry;
    maybe_active(out);
}

void Core::apply_liveness(std::vector<membership::LivenessEvent> ev, Millis now, CoreOutput& out) {
    for (auto& e : ev) {
        CoreEvent ce;
        ce.kind = CoreEvent::Kind::liveness;
        ce.node = e.node;
        ce.live = e;
        out.events.push_back(ce);
        if (e.kind == LKind::status_changed && e.to == NodeStatus::dead && awaiting_repnodes_.erase(e.node))
            maybe_active(out);
    }
    for (auto& e : ev)
        if (e.kind == LKind::comm_up && !comm_heard_) {
            comm_heard_ = true;
            start_reqnodes(now, out);
        }
}

CoreOutput Core::receive(const wire::Message& m, const std::string& link, Millis now) {
    CoreOutput out;
    auto h = wire::read_header(m);
    if (!h) {
        out.events.push_back(dropped(DropCause::malformed, h.error()));
        return out;
    }
    const std::string& src = h->src;
    if (src == cfg_.local) return out;   // our own copy (broadcast loop, ucast to self)
    if (std::find(cfg_.nodes.begin(), cfg_.nodes.end(), src) == cfg_.nodes.end()) {
        out.events.push_back(dropped(DropCause::unknown_node, "bad node [" + src + "] in message"));
        return out;
    }
    if (h->srcuuid) uuids_[src] = *h->srcuuid;
    bool for_us = (!h->dest || *h->dest == cfg_.local) &&
                  (!h->destuuid || !cfg_.uuid || *h->destuuid == *cfg_.uuid);
    auto& tr = trackers_[src];

    if (!h->seq) {   // NS_* (read_header guarantees seq otherwise)
        if (h->generation < tr.min_generation()) {
            out.events.push_back(dropped(DropCause::replay, "attempted replay attack from [" + src + "]"));
            return out;
        }
        apply_liveness(live_.heard(src, link, now), now, out);
        if (for_us) handle_ns(m, h->type, src, now, out);
        return out;
    }

    auto lost_before = tr.lost_total();
    auto last_before = tr.last_seq();
    bool was_known = tr.known();
    SeqVerdict v = tr.receive(h->generation, *h->seq, now, rexmit_delay());
    if (v == SeqVerdict::restarted || (v == SeqVerdict::accept && !was_known))
        out.events.push_back(simple(CoreEvent::Kind::peer_generation, src, std::to_string(h->generation)));
    switch (v) {
    case SeqVerdict::replay:
        out.events.push_back(dropped(DropCause::replay, "attempted replay attack from [" + src +
                                     "] generation " + std::to_string(h->generation) +
                                     (was_known ? std::string()
                                     : h->generation == tr.floor()
                                         ? " seq " + std::to_string(*h->seq) + " (at or below seq " +
                                               std::to_string(tr.floor_seq().value_or(0)) +
                                               ", seen before our restart)"
                                         : " (below " + std::to_string(tr.floor()) +
                                               ", seen before our restart; if its state directory was"
                                               " wiped, remove our peer_generations file)")));
        return out;
    case SeqVerdict::old:        // a slower medium's copy: the link is alive all the same
    case SeqVerdict::duplicate:
        apply_liveness(live_.heard(src, link, now), now, out);
        return out;
    case SeqVerdict::restarted:
        flow_control_off_.erase(src);
        out.events.push_back(simple(CoreEvent::Kind::peer_restarted, src));
        break;
    case SeqVerdict::accept:
    case SeqVerdict::recovered:
        break;
    }
    if (tr.lost_total() > lost_before)
        out.events.push_back(simple(CoreEvent::Kind::lost_packets, src,
                                    std::to_string(tr.lost_total() - lost_before) + " lost packet(s) for [" +
                                        src + "] [" + std::to_string(last_before) + ":" +
                                        std::to_string(*h->seq) + "]"));
    apply_liveness(live_.heard(src, link, now), now, out);

    if (!flow_control_off_.count(src) && *h->seq % 10 == ack_trigger_ && !shutting_down_)
        stamp_and_queue(wire::make_ackmsg(src, *h->seq), out);
    if (!for_us) return out;

    const std::string& t = h->type;
    if (t == wire::type::status) {
        std::string st = m.get_or("st");
        // A partition: the node was alive in this very generation, then declared dead, and
        // talks again. A node first heard after initdead is merely late.
        auto ag = alive_generation_.find(src);
        if (live_.node_status(src) == NodeStatus::dead && st != "dead" && ag != alive_generation_.end() &&
            ag->second == h->generation) {
            out.events.push_back(simple(CoreEvent::Kind::partition_healed, src,
                                        "Cluster node " + src + " returning after partition."));
        }
        if (m.has("protocol")) flow_control_off_.erase(src);
        else flow_control_off_.insert(src);
        apply_liveness(live_.status(src, st, wire::read_deadtime(m), now), now, out);
        auto ns = live_.node_status(src);
        if (ns == NodeStatus::up || ns == NodeStatus::active) alive_generation_[src] = h->generation;
    } else if (t == wire::type::reqnodes) {
        stamp_and_queue(wire::make_repnodes(src, cfg_.nodes), out);
    } else if (t == wire::type::repnodes) {
        if (awaiting_repnodes_.erase(src)) maybe_active(out);
    } else if (t == wire::type::shutdone) {
        apply_liveness(live_.declare_dead(src), now, out);
        out.deliver.push_back(m);
    } else {
        out.deliver.push_back(m);
    }
    return out;
}

void Core::handle_ns(const wire::Message& m, const std::string& type, const std::string& src,
                     Millis now, CoreOutput& out) {
    // Answers and log lines an NS_* request causes are bounded per peer: one signed request
    // replayed a thousand times must not make a thousand naks on every medium.
    bool acts = type == wire::type::rexmit || type == wire::type::nak_rexmit;
    if (acts && !ns_limits_[src].allow(now)) {
        out.events.push_back(dropped(DropCause::rate_limited, type + " from [" + src + "] over its rate limit"));
        return;
    }
    if (type == wire::type::rexmit) {
        auto r = wire::read_rexmit(m);
        if (!r) return;
        auto ans = history_.answer(r->first, r->last, now);
        for (auto* msg : ans.resend) out.send.push_back(*msg);   // same seq, hg and ts
        for (auto& [seq, miss] : ans.misses) {
            using Miss = membership::SendHistory::Miss;
            if (miss == Miss::too_high) {
                out.events.push_back(info("rexmit request from " + src + " for future seq " + std::to_string(seq)));
                continue;
            }
            stamp_and_queue(wire::make_nak_rexmit(src, seq, miss == Miss::too_low ? "seqno too low"
                                                                                 : "seqno not found"),
                            out);
        }
    } else if (type == wire::type::nak_rexmit) {
        if (auto s = wire::parse_hex(m.get_or("firstseq"))) {
            if (trackers_[src].give_up(*s))
                out.events.push_back(info("Irretrievably lost packet: node " + src + " seq " + std::to_string(*s), src));
        }
    }
    // NS_ackmsg: flow control only pauses API clients in 3.0.6; we have none to pause.
}

CoreOutput Core::keepalive(Millis now) {
    CoreOutput out;
    if (!comm_heard_ && live_.comm_up()) {
        comm_heard_ = true;
        start_reqnodes(now, out);
    }
    status_now(out);
    return out;
}

CoreOutput Core::tick(Millis now) {
    CoreOutput out;
    if (!comm_heard_ && live_.comm_up()) {
        comm_heard_ = true;
        start_reqnodes(now, out);
    }
    apply_liveness(live_.tick(now), now, out);
    if (shutting_down_) return out;
    for (auto& [peer, tr] : trackers_) {
        auto st = live_.node_status(peer);
        if (st == NodeStatus::dead || st == NodeStatus::init) continue;
        for (auto s : tr.due_requests(now)) stamp_and_queue(wire::make_rexmit(peer, s, s), out);
    }
    if (!awaiting_repnodes_.empty() && next_reqnodes_ && now >= *next_reqnodes_) {
        for (auto& p : awaiting_repnodes_) stamp_and_queue(wire::make_reqnodes(p), out);
        next_reqnodes_ = now + cfg_.reqnodes_retry;
    }
    return out;
}

CoreOutput Core::send(wire::Message m, Millis) {
    CoreOutput out;
    stamp_and_queue(std::move(m), out);
    return out;
}

CoreOutput Core::shutdown(Millis) {
    CoreOutput out;
    stamp_and_queue(wire::make_shutdone(), out);
    shutting_down_ = true;
    local_status_ = "dead";
    return out;
}

CoreOutput Core::ping_reply(const std::string& ping_node, Millis now) {
    CoreOutput out;
    apply_liveness(live_.heard(ping_node, ping_node, now), now, out);
    apply_liveness(live_.status(ping_node, "ping", std::nullopt, now), now, out);
    return out;
}

} // namespace hb::daemon
