// ipfail's decision, pure: heartbeat's `respawn <user> .../ipfail` client compares the
// number of ping nodes each director still reaches and makes the one that sees fewer give
// up its resources. Facts kept from heartbeat 3.0.6's ipfail:
//  - a ping node dying or coming back makes a node tell its peer its count (num_ping_nodes);
//  - the peer compares: it sees more -> you_are_dead (the asker gives up everything after a
//    delay of 2 x keepalive); it sees fewer -> it gives up everything itself after that delay;
//    equal -> abort_giveup to the asker and any giveup of its own pending is cancelled; with
//    auto_failback on and nothing pending, it gives back foreign groups (after the delay);
//  - when the peer's ipfail joins, counts are compared the same way;
//  - a giveup that falls due while resources are in transition waits, and the counts are
//    asked again once they settle (3.0.6 waits for the peer's "stable" and sleeps 10 s).
// So when both directors lose their ping nodes the counts are equal and nothing moves.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "heartbeatd/failover/rsc_set.hpp"

namespace hb::failover {

struct IpfailConfig {
    std::chrono::milliseconds giveup_delay{2000};   // 2 x keepalive, as ipfail
    bool auto_failback_on = false;
};

// The ipfail-to-ipfail messages (wire types num_ping_nodes, you_are_dead, abort_giveup).
struct IpfailMsg {
    enum class Kind { num_ping_nodes, you_are_dead, abort_giveup };
    Kind kind = Kind::num_ping_nodes;
    int num_ping = 0;   // num_ping_nodes only
    bool operator==(const IpfailMsg&) const = default;
};

// What this node knows when an input arrives.
struct IpfailLocal {
    int ping_alive = 0;          // ping nodes (and groups) we see alive now
    bool stable = true;          // resources not in transition
    bool holds_foreign = false;  // we hold some group whose home is the peer
};

struct IpfailOut {
    std::vector<IpfailMsg> send;      // to the peer
    std::optional<RscSet> standby;    // give this set up now (hb_standby)
    std::vector<std::string> log;     // why, for the log
};

class Ipfail {
public:
    using Millis = std::chrono::milliseconds;
    explicit Ipfail(IpfailConfig cfg) : cfg_(cfg) {}

    // A ping node died or answered again: `now_alive` is the count after the change.
    IpfailOut ping_changed(const std::string& ping_node, bool alive, const IpfailLocal& me, Millis now);
    // The peer became alive (its ipfail signs on): compare counts.
    IpfailOut peer_joined(const IpfailLocal& me, Millis now);
    // The peer went away: a pending comparison means nothing any more.
    IpfailOut peer_lost(Millis now);
    IpfailOut received(const IpfailMsg& m, const IpfailLocal& me, Millis now);
    IpfailOut tick(const IpfailLocal& me, Millis now);

    std::optional<Millis> giveup_due() const { return giveup_at_; }
    bool waiting_for_stable() const { return need_standby_; }

private:
    void ask(const IpfailLocal& me, IpfailOut& out);
    void delay_giveup(RscSet what, Millis now, IpfailOut& out);

    IpfailConfig cfg_;
    std::optional<Millis> giveup_at_;
    RscSet giveup_set_;
    bool need_standby_ = false;
};

std::string_view to_string(IpfailMsg::Kind k);
std::optional<IpfailMsg::Kind> ipfail_kind(std::string_view wire_type);

} // namespace hb::failover
