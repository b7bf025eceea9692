// g++ 12 reports -Wmaybe-uninitialized inside std::variant moves of the failover
// messages (every member has an initializer): a known false positive of that release.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "heartbeatd/failover/policy.hpp"

#include <algorithm>

namespace hb::failover {

using Level = Note::Level;

std::vector<GroupSpec> group_specs(const std::vector<config::ResourceGroup>& groups) {
    std::vector<GroupSpec> out;
    for (const auto& g : groups)
        if (!g.resources.empty()) out.push_back({g.key(), g.node});
    return out;
}

Policy::Policy(PolicyConfig cfg) : cfg_(std::move(cfg)) {
    for (const auto& spec : cfg_.groups) {
        Group g;
        g.key = spec.key;
        g.local = spec.home == cfg_.self;
        groups_.push_back(std::move(g));
    }
}

// ---- queries ---------------------------------------------------------------------------

Policy::Group* Policy::find(const std::string& key) {
    for (auto& g : groups_)
        if (g.key == key) return &g;
    return nullptr;
}

bool Policy::any_busy() const {
    return std::any_of(groups_.begin(), groups_.end(), [](const Group& g) { return g.busy.has_value(); });
}

bool Policy::settled(RscSet s) const {
    for (const auto& g : groups_)
        if (in_set(g, s) && (g.busy || g.held != (g.want && !g.failed))) return false;
    return true;
}

bool Policy::released(RscSet s) const {
    for (const auto& g : groups_)
        if (in_set(g, s) && (g.busy || g.held)) return false;
    return true;
}

RscSet Policy::holding() const {
    RscSet s;
    for (const auto& g : groups_)
        if (g.held) (g.local ? s.local : s.foreign) = true;
    return s;
}

bool Policy::holds(const std::string& key) const {
    for (const auto& g : groups_)
        if (g.key == key) return g.held;
    return false;
}

bool Policy::wants(const std::string& key) const {
    for (const auto& g : groups_)
        if (g.key == key) return g.want && !g.failed;
    return false;
}

bool Policy::is_local(const std::string& key) const {
    for (const auto& g : groups_)
        if (g.key == key) return g.local;
    return false;
}

bool Policy::isstable_flag() const { return phase_ == Phase::stable && standby_ == Standby::none; }

bool Policy::stable() const { return isstable_flag() && !any_busy(); }

std::string_view Policy::rscstatus() const {
    bool flux = phase_ == Phase::starting || phase_ == Phase::rsc_rcvd || phase_ == Phase::acquiring ||
                phase_ == Phase::shutting_down || standby_ != Standby::none || any_busy();
    return flux ? "transition" : to_string(holding());
}

std::optional<Millis> Policy::next_deadline() const {
    std::optional<Millis> d;
    for (auto t : {standby_deadline_, rqst_at_, starting_deadline_, push_at_})
        if (t && (!d || *t < *d)) d = t;
    return d;
}

// ---- group driving -----------------------------------------------------------------------

// One operation per group at a time; when it ends, group_done() reconciles again, so a
// change of mind during a start becomes a stop right after it.
void Policy::reconcile(Group& g, Out& out) {
    if (g.busy) return;
    bool desired = g.want && !g.failed;
    if (desired && !g.held) {
        g.busy = GroupOp::start;
        out.push_back(StartGroup{g.key});
    } else if (!desired && g.held) {
        g.busy = GroupOp::stop;
        out.push_back(StopGroup{g.key});
    }
}

void Policy::acquire(RscSet s, Out& out) {
    for (auto& g : groups_)
        if (in_set(g, s)) {
            g.want = true;
            g.failed = false;
            reconcile(g, out);
        }
}

// Heartbeat's givegroup runs stop even for groups it does not hold (stop must be harmless
// then): it clears leftovers, e.g. an address a crashed earlier run left configured.
void Policy::release(RscSet s, Out& out) {
    for (auto& g : groups_)
        if (in_set(g, s)) {
            g.want = false;
            g.failed = false;
            if (!g.held && !g.busy) {
                g.busy = GroupOp::stop;
                out.push_back(StopGroup{g.key});
            } else {
                reconcile(g, out);
            }
        }
}

void Policy::send_held(bool stable, std::string info, Out& out) {
    send(ResourceMsg{holding(), stable, std::move(info)}, out);
}

// mach_down: the peer's groups, and ours again (HA_DONTASK: nobody to ask).
void Policy::take_everything(Millis, Out& out) {
    if (nice() && !cfg_.peer.empty()) mach_down_pending_ = true;
    ip_requested_.clear();
    starting_deadline_.reset();
    rqst_at_.reset();
    if (phase_ != Phase::stable) phase_ = Phase::acquiring;
    acquire(RscSet::all(), out);
}

// Called after every event: finishes the phases whose group operations are all done.
void Policy::settle(Millis now, Out& out) {
    if (phase_ == Phase::down) return;
    if (phase_ == Phase::shutting_down) {
        if (released(RscSet::all())) {
            send(Shutdone{}, out);
            note(Level::info, "all resources released; shutdown complete", out);
            out.push_back(ShutdownDone{});
            phase_ = Phase::down;
        }
        return;
    }
    if (mach_down_pending_ && settled(RscSet::foreign_only())) {
        mach_down_pending_ = false;
        send(ResourceMsg{RscSet::foreign_only(), false, "mach_down", false}, out);
        note(Level::info, "mach_down takeover complete for node " + cfg_.peer, out);
    }
    if (phase_ == Phase::acquiring && settled(RscSet::all())) {
        phase_ = Phase::stable;
        note(Level::info, "Initial resource acquisition complete (" + std::string(to_string(holding())) + ")", out);
        if (nice()) send_held(true, "", out);
    }
    if (standby_ == Standby::me_releasing && released(standby_set_)) {
        standby_ = Standby::me_done;
        standby_deadline_ = now + cfg_.standby_timeout;
        send(AskResources{standby_set_, AskResources::Info::done}, out);
        note(Level::info, "standby: " + std::string(to_string(standby_set_)) + " resources released", out);
    }
    if (standby_ == Standby::other_taking && settled(standby_set_.as_seen_by_peer())) {
        standby_ = Standby::none;
        standby_deadline_.reset();
        send(AskResources{standby_set_, AskResources::Info::done}, out);
        note(Level::info, "Standby resource acquisition done [" + std::string(to_string(standby_set_.as_seen_by_peer())) + "]", out);
        send_held(isstable_flag(), "", out);
    }
    // legacy: answer the peer's ip-request once the group is down here.
    for (auto it = ip_answer_.begin(); it != ip_answer_.end();) {
        Group* g = find(*it);
        if (g && (g->busy || g->held)) {
            ++it;
            continue;
        }
        send(IpRequestResp{cfg_.peer, *it, true}, out);
        it = ip_answer_.erase(it);
    }
    // auto_failback on: give the peer's groups back once both sides are stable.
    if (cfg_.auto_failback == config::AutoFailback::on && failback_armed_ && stable() && peer_alive_ &&
        peer_stable_ && holding().foreign)
        begin_standby(RscSet::foreign_only(), now, out, true);
}

// ---- events ------------------------------------------------------------------------------

std::vector<Action> Policy::comm_up(Millis now) {
    Out out;
    if (comm_up_ || phase_ != Phase::waiting_comm) return out;
    comm_up_ = true;
    if (cfg_.peer.empty() || !peer_alive_) {
        note(Level::info, cfg_.peer.empty() ? "no peer configured: taking all resource groups"
                                            : "peer " + cfg_.peer + " is dead: taking all resource groups",
             out);
        phase_ = Phase::acquiring;
        take_everything(now, out);
    } else if (nice()) {
        phase_ = Phase::starting;
        starting_deadline_ = now + cfg_.starting_timeout;
        send(Starting{}, out);
    } else {
        // legacy: ask the holder to release each of our groups; take it on the answer.
        phase_ = Phase::stable;
        for (auto& g : groups_)
            if (g.local) {
                ip_requested_.insert(g.key);
                send(IpRequest{g.key}, out);
            }
    }
    settle(now, out);
    return out;
}

std::vector<Action> Policy::peer_up(Millis now) {
    Out out;
    if (peer_alive_) return out;
    peer_alive_ = true;
    peer_stable_ = false;
    peer_hold_.reset();
    failback_armed_ = true;
    if (comm_up_ && phase_ != Phase::down && phase_ != Phase::shutting_down)
        note(Level::info, "peer " + cfg_.peer + " is up", out);
    settle(now, out);
    return out;
}

std::vector<Action> Policy::peer_dead(Millis now) {
    Out out;
    // Not alive: a repeat (shutdone then node_dead), or never up since comm up.
    if (!peer_alive_) return out;
    peer_alive_ = false;
    peer_stable_ = false;
    bool gave_up = peer_hold_ && peer_hold_->empty();
    // Before comm up, comm_up() takes everything; while stopping, nothing is taken.
    if (!comm_up_ || phase_ == Phase::shutting_down || phase_ == Phase::down) return out;
    peer_hold_ = RscSet::none();
    if (standby_ != Standby::none) {
        note(Level::warn, "peer died during standby: standby cancelled", out);
        standby_ = Standby::none;
        standby_deadline_.reset();
    }
    if (gave_up) {
        send(StonithMsg{cfg_.peer, "unneeded"}, out);
        note(Level::info, "Dead node " + cfg_.peer + " gave up resources.", out);
    } else {
        send(StonithMsg{cfg_.peer, "n_stnth"}, out);
        note(Level::warn, "No STONITH device configured. Shared disks are not protected.", out);
    }
    note(Level::info, "node " + cfg_.peer + " is dead: taking over its resource groups", out);
    take_everything(now, out);
    settle(now, out);
    return out;
}

void Policy::on_starting(Out& out) {
    failback_armed_ = true;
    peer_stable_ = false;
    peer_hold_ = RscSet::none();
    // A group still starting (a takeover whose scripts run) counts as held, and we are not
    // stable: the peer that restarts right after its own death must not take its groups
    // back while we are taking them (with the VIP added before the script, that window is
    // the whole start script's run).
    RscSet hold = holding();
    for (const auto& g : groups_)
        if (g.busy == GroupOp::start) (g.local ? hold.local : hold.foreign) = true;
    send(ResourceMsg{hold, stable(), ""}, out);
}

void Policy::on_resource(const ResourceMsg& r, Millis now, Out& out) {
    peer_hold_ = r.hold;
    if (r.full) peer_stable_ = r.stable;
    if (phase_ != Phase::starting) return;
    starting_deadline_.reset();
    // The peer's foreign groups are our local ones.
    if (r.hold.foreign) {
        note(Level::info, "Local Resource acquisition completed. (none): peer " + cfg_.peer + " holds them", out);
        phase_ = Phase::stable;
        send_held(true, "", out);
    } else if (r.full && r.stable) {
        phase_ = Phase::acquiring;
        acquire(RscSet::local_only(), out);
    } else {
        // Both starting: heartbeat's RQSTDELAY before taking our own groups.
        phase_ = Phase::rsc_rcvd;
        rqst_at_ = now + cfg_.rqst_delay;
    }
}

void Policy::begin_standby(RscSet what, Millis now, Out& out, bool automatic) {
    std::string who = automatic ? "auto_failback" : "standby request";
    if (!nice()) {
        note(Level::warn, who + " ignored: standby mode only works with auto_failback on or off", out);
        return;
    }
    if (what.empty()) return;
    if (!peer_alive_) {
        note(Level::warn, who + " ignored: peer " + (cfg_.peer.empty() ? "(none)" : cfg_.peer) + " is not up", out);
        return;
    }
    if (!stable() || !peer_stable_) {
        if (!automatic) note(Level::warn, who + " ignored: resources in flux", out);
        return;
    }
    standby_ = Standby::me_asked;
    standby_automatic_ = automatic;
    failback_armed_ = false;
    standby_set_ = what;
    standby_deadline_ = now + cfg_.standby_reply_timeout;
    note(Level::info, who + ": giving up " + std::string(to_string(what)) + " resources", out);
    send(AskResources{what, AskResources::Info::me}, out);
}

void Policy::on_ask(const AskResources& a, Millis now, Out& out) {
    using I = AskResources::Info;
    switch (a.info) {
    case I::me:   // the peer wants to give up a.hold; we take it once it is released
        if (!nice() || !stable() || standby_ != Standby::none) {
            note(Level::warn, "standby message from " + cfg_.peer + " ignored: resources in flux", out);
            return;
        }
        standby_ = Standby::other_waiting;
        failback_armed_ = false;
        standby_set_ = a.hold;
        standby_deadline_ = now + cfg_.standby_timeout;
        send(AskResources{a.hold, I::other}, out);
        return;
    case I::other:   // the peer agreed: release
        if (standby_ != Standby::me_asked) return;
        standby_ = Standby::me_releasing;
        standby_deadline_ = now + cfg_.standby_timeout;
        send(ResourceMsg{holding().minus(standby_set_), false, "standby"}, out);
        release(standby_set_, out);
        return;
    case I::done:
        if (standby_ == Standby::other_waiting) {
            standby_ = Standby::other_taking;
            acquire(standby_set_.as_seen_by_peer(), out);
        } else if (standby_ == Standby::me_done) {
            standby_ = Standby::none;
            standby_deadline_.reset();
            note(Level::info, "standby completed", out);
            send_held(isstable_flag(), "", out);
        }
        return;
    }
}

void Policy::on_ip_request(const IpRequest& r, Out& out) {
    Group* g = find(r.key);
    if (!g) {
        note(Level::warn, "ip-request for unknown group " + r.key, out);
        return;
    }
    if (!g->held && !g->busy && !g->want) {
        send(IpRequestResp{cfg_.peer, r.key, false}, out);
        return;
    }
    g->want = false;
    ip_answer_.insert(r.key);
    reconcile(*g, out);
}

void Policy::on_ip_request_resp(const IpRequestResp& r, Out& out) {
    if (r.dest != cfg_.self || !ip_requested_.erase(r.key)) return;
    if (Group* g = find(r.key)) {
        g->want = true;
        g->failed = false;
        reconcile(*g, out);
    }
}

std::vector<Action> Policy::received(const Msg& msg, Millis now) {
    Out out;
    if (phase_ == Phase::down) return out;
    if (std::holds_alternative<Shutdone>(msg)) {
        peer_hold_ = RscSet::none();
        auto more = peer_dead(now);
        out.insert(out.end(), more.begin(), more.end());
        return out;
    }
    if (phase_ == Phase::shutting_down) return out;
    if (auto* r = std::get_if<ResourceMsg>(&msg)) on_resource(*r, now, out);
    else if (std::holds_alternative<Starting>(msg)) on_starting(out);
    else if (auto* a = std::get_if<AskResources>(&msg)) on_ask(*a, now, out);
    else if (auto* t = std::get_if<HbTakeover>(&msg)) {
        // The peer takes t->hold (its view); we stand by with the same groups in ours.
        begin_standby(t->hold.as_seen_by_peer(), now, out, false);
    } else if (auto* q = std::get_if<IpRequest>(&msg)) on_ip_request(*q, out);
    else if (auto* p = std::get_if<IpRequestResp>(&msg)) on_ip_request_resp(*p, out);
    settle(now, out);
    return out;
}

std::vector<Action> Policy::standby(RscSet what, Millis now) {
    Out out;
    if (phase_ == Phase::down || phase_ == Phase::shutting_down) return out;
    begin_standby(what, now, out, false);
    return out;
}

std::vector<Action> Policy::takeover(RscSet what, Millis now) {
    Out out;
    if (phase_ == Phase::down || phase_ == Phase::shutting_down || what.empty()) return out;
    if (!nice()) {
        note(Level::warn, "takeover ignored: it needs auto_failback on or off", out);
    } else if (!peer_alive_) {
        note(Level::warn, "takeover ignored: peer is not up", out);
    } else {
        note(Level::info, "asking " + cfg_.peer + " to release " + std::string(to_string(what)) + " resources", out);
        send(HbTakeover{what}, out);
    }
    settle(now, out);
    return out;
}

std::vector<Action> Policy::group_done(const std::string& key, GroupOp op, bool ok, Millis now) {
    Out out;
    Group* g = find(key);
    if (!g || !g->busy || *g->busy != op) return out;
    g->busy.reset();
    if (op == GroupOp::start) {
        g->held = ok;
        if (!ok) {
            g->failed = true;
            note(Level::crit, "Giving up resources due to failure of " + key, out);
            if (nice() && phase_ != Phase::shutting_down) {
                push_set_ = g->local ? RscSet::local_only() : RscSet::foreign_only();
                push_at_ = now + cfg_.failed_start_push;
            }
        }
    } else {
        g->held = false;
        g->stop_failed = !ok;
        if (!ok)
            note(Level::crit,
                 "Resource group " + key + " FAILED TO STOP: its resources may still be active on this node. "
                 "Heartbeat would reboot the machine here; heartbeatd does not. Check by hand.",
                 out);
    }
    reconcile(*g, out);
    settle(now, out);
    return out;
}

std::vector<Action> Policy::shutdown(Millis now) {
    Out out;
    if (phase_ == Phase::shutting_down || phase_ == Phase::down) return out;
    phase_ = Phase::shutting_down;
    standby_ = Standby::none;
    standby_deadline_.reset();
    rqst_at_.reset();
    starting_deadline_.reset();
    push_at_.reset();
    mach_down_pending_ = false;
    if (any_busy()) note(Level::info, "Shutdown: waiting for current resource activity to finish", out);
    send(ResourceMsg{RscSet::none(), false, "shutdown"}, out);
    release(RscSet::all(), out);
    settle(now, out);
    return out;
}

std::vector<Action> Policy::tick(Millis now) {
    Out out;
    if (phase_ == Phase::down || phase_ == Phase::shutting_down) return out;
    if (rqst_at_ && now >= *rqst_at_) {
        rqst_at_.reset();
        if (phase_ == Phase::rsc_rcvd) {
            phase_ = Phase::acquiring;
            acquire(RscSet::local_only(), out);
        }
    }
    if (starting_deadline_ && now >= *starting_deadline_) {
        starting_deadline_.reset();
        if (phase_ == Phase::starting) {
            note(Level::warn, "no resource reply from " + cfg_.peer + " to our starting message: taking local groups", out);
            phase_ = Phase::acquiring;
            acquire(RscSet::local_only(), out);
        }
    }
    if (standby_deadline_ && now >= *standby_deadline_) {
        standby_deadline_.reset();
        note(Level::warn,
             standby_ == Standby::me_asked ? "No reply to standby request. Standby request cancelled."
                                           : "standby timed out: cancelled",
             out);
        // An automatic failback that got no answer is tried again.
        if (standby_ == Standby::me_asked && standby_automatic_) failback_armed_ = true;
        standby_ = Standby::none;
        // Whatever we hold now is what we keep; tell the peer.
        if (nice() && phase_ == Phase::stable) send_held(isstable_flag(), "", out);
    }
    if (push_at_ && now >= *push_at_) {
        push_at_.reset();
        begin_standby(push_set_, now, out, false);
    }
    settle(now, out);
    return out;
}

} // namespace hb::failover
