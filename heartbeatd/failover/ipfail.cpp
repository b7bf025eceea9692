#include "heartbeatd/failover/ipfail.hpp"

namespace hb::failover {

using K = IpfailMsg::Kind;

std::string_view to_string(IpfailMsg::Kind k) {
    switch (k) {
    case K::num_ping_nodes: return "num_ping_nodes";
    case K::you_are_dead: return "you_are_dead";
    case K::abort_giveup: return "abort_giveup";
    }
    return "?";
}

std::optional<IpfailMsg::Kind> ipfail_kind(std::string_view t) {
    for (auto k : {K::num_ping_nodes, K::you_are_dead, K::abort_giveup})
        if (t == to_string(k)) return k;
    return std::nullopt;
}

void Ipfail::ask(const IpfailLocal& me, IpfailOut& out) {
    out.send.push_back({K::num_ping_nodes, me.ping_alive});
    out.log.push_back("ipfail: asking the peer for its ping node count (we see " + std::to_string(me.ping_alive) + ")");
}

void Ipfail::delay_giveup(RscSet what, Millis now, IpfailOut& out) {
    giveup_at_ = now + cfg_.giveup_delay;
    giveup_set_ = what;
    out.log.push_back("ipfail: giving up " + std::string(to_string(what)) + " resources in " +
                      std::to_string(cfg_.giveup_delay.count()) + " ms");
}

IpfailOut Ipfail::ping_changed(const std::string& node, bool alive, const IpfailLocal& me, Millis) {
    IpfailOut out;
    out.log.push_back("ipfail: ping node " + node + (alive ? " is reachable again" : " is dead") + "; we see " +
                      std::to_string(me.ping_alive) + " ping node(s)");
    ask(me, out);
    return out;
}

IpfailOut Ipfail::peer_joined(const IpfailLocal& me, Millis) {
    IpfailOut out;
    ask(me, out);
    return out;
}

IpfailOut Ipfail::peer_lost(Millis) {
    IpfailOut out;
    if (giveup_at_) out.log.push_back("ipfail: peer gone; pending giveup cancelled");
    giveup_at_.reset();
    need_standby_ = false;
    return out;
}

IpfailOut Ipfail::received(const IpfailMsg& m, const IpfailLocal& me, Millis now) {
    IpfailOut out;
    switch (m.kind) {
    case K::num_ping_nodes: {
        std::string counts = "(we see " + std::to_string(me.ping_alive) + ", the peer " + std::to_string(m.num_ping) + ")";
        if (me.ping_alive > m.num_ping) {
            out.log.push_back("ipfail: telling the peer we see more ping nodes " + counts);
            out.send.push_back({K::you_are_dead, 0});
        } else if (me.ping_alive < m.num_ping) {
            out.log.push_back("ipfail: the peer sees more ping nodes " + counts + ": giving up");
            delay_giveup(RscSet::all(), now, out);
        } else {
            out.log.push_back("ipfail: ping node count is balanced " + counts + ": no failover");
            out.send.push_back({K::abort_giveup, 0});
            if (giveup_at_) {
                giveup_at_.reset();
                out.log.push_back("ipfail: pending giveup aborted");
            } else if (cfg_.auto_failback_on && me.stable && me.holds_foreign) {
                out.log.push_back("ipfail: balanced again: giving foreign resources back (auto_failback on)");
                delay_giveup(RscSet::foreign_only(), now, out);
            }
        }
        break;
    }
    case K::you_are_dead:
        out.log.push_back("ipfail: the peer sees more ping nodes than we do: giving up");
        delay_giveup(RscSet::all(), now, out);
        break;
    case K::abort_giveup:
        if (giveup_at_) out.log.push_back("ipfail: the peer sees as many ping nodes: pending giveup aborted");
        giveup_at_.reset();
        break;
    }
    return out;
}

IpfailOut Ipfail::tick(const IpfailLocal& me, Millis now) {
    IpfailOut out;
    if (giveup_at_ && now >= *giveup_at_) {
        giveup_at_.reset();
        if (me.stable) {
            out.log.push_back("ipfail: giving up " + std::string(to_string(giveup_set_)) + " resources now");
            out.standby = giveup_set_;
            need_standby_ = false;
        } else {
            out.log.push_back("ipfail: resources in transition: giveup waits until they settle");
            need_standby_ = true;
        }
    } else if (need_standby_ && me.stable) {
        // Things may have changed while we waited: compare again rather than give up blind.
        need_standby_ = false;
        ask(me, out);
    }
    return out;
}

} // namespace hb::failover
