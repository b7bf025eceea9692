// Heartbeat 3.0.6's v1 failover decisions for a two-node haresources pair, as a pure state
// machine: the daemon feeds it events with a monotonic "now" and performs the returned
// actions in order. No I/O, no clocks, no threads.
//
// Driver contract (see doc/heartbeatd-differences.md for where behaviour differs):
//  - comm_up(now) once, when Liveness reports comm_up. Report the peer's state first:
//    peer_dead() if initdead expired (Liveness emits node_dead before comm_up).
//  - peer_up(now) whenever the peer's status goes from init/dead to up/active, or it
//    restarted with a higher generation.
//  - peer_dead(now) when Liveness declares the peer dead. A received Shutdone does the
//    same on its own, so a later node_dead for it is a harmless repeat.
//  - received(msg, now) for every accepted resource message FROM THE PEER (not our own
//    loopback copies, not ones addressed to another node). Convert with from_wire().
//  - standby(set)/takeover(set): the control socket's `heartbeatd standby|takeover`.
//  - group_done(key, op, ok, now) when a StartGroup/StopGroup the policy asked for ends.
//  - shutdown(now) on SIGTERM; exit after the ShutdownDone action.
//  - tick(now) at next_deadline(), or simply every 250 ms with the liveness scan.
#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeatd/config/ha_cf.hpp"
#include "heartbeatd/config/haresources.hpp"
#include "heartbeatd/failover/action.hpp"
#include "heartbeatd/failover/messages.hpp"
#include "heartbeatd/failover/rsc_set.hpp"

namespace hb::failover {

using Millis = std::chrono::milliseconds;

struct GroupSpec {
    std::string key;    // first resource as written in haresources
    std::string home;   // home node, lowercased
};
std::vector<GroupSpec> group_specs(const std::vector<config::ResourceGroup>& groups);

struct PolicyConfig {
    std::string self;
    std::string peer;   // empty for a one-node cluster
    config::AutoFailback auto_failback = config::AutoFailback::legacy;
    std::vector<GroupSpec> groups;
    Millis rqst_delay{10000};               // both nodes starting: wait before taking local groups
    Millis standby_reply_timeout{10000};    // no "other" reply: standby cancelled
    Millis standby_timeout{3600000};        // the resource phase of a standby
    Millis failed_start_push{30000};        // failed start: hb_standby pushes the group away later
    Millis starting_timeout{30000};         // no reply to "starting" (heartbeatd only, see doc)
};

enum class GroupOp { start, stop };

class Policy {
public:
    explicit Policy(PolicyConfig cfg);

    std::vector<Action> comm_up(Millis now);
    std::vector<Action> peer_up(Millis now);
    std::vector<Action> peer_dead(Millis now);
    std::vector<Action> received(const Msg& msg, Millis now);
    std::vector<Action> standby(RscSet what, Millis now);    // hb_standby <what>
    std::vector<Action> takeover(RscSet what, Millis now);   // hb_takeover <what>
    std::vector<Action> group_done(const std::string& key, GroupOp op, bool ok, Millis now);
    std::vector<Action> shutdown(Millis now);
    std::vector<Action> tick(Millis now);
    std::optional<Millis> next_deadline() const;

    // cl_status rscstatus: all|local|foreign|none|transition.
    std::string_view rscstatus() const;
    RscSet holding() const;                       // groups whose start succeeded
    bool holds(const std::string& key) const;
    bool wants(const std::string& key) const;     // where the policy is driving the group
    bool stable() const;                          // isstable as we would send it, and idle
    bool is_local(const std::string& key) const;
    bool peer_alive() const { return peer_alive_; }
    std::optional<RscSet> peer_holds() const { return peer_hold_; }
    bool shut_down() const { return phase_ == Phase::down; }
    // ha.cf reload: auto_failback on <-> off (legacy is another protocol: restart only).
    bool set_auto_failback(config::AutoFailback a) {
        if (!nice() || a == config::AutoFailback::legacy) return false;
        cfg_.auto_failback = a;
        return true;
    }

private:
    enum class Phase { waiting_comm, starting, rsc_rcvd, acquiring, stable, shutting_down, down };
    enum class Standby { none, me_asked, me_releasing, me_done, other_waiting, other_taking };
    struct Group {
        std::string key;
        bool local = false;
        bool held = false;
        bool want = false;
        bool failed = false;        // start failed: stays down until the set is acquired again
        bool stop_failed = false;
        std::optional<GroupOp> busy;
    };
    using Out = std::vector<Action>;

    bool nice() const { return cfg_.auto_failback != config::AutoFailback::legacy; }
    bool in_set(const Group& g, RscSet s) const { return g.local ? s.local : s.foreign; }
    bool any_busy() const;
    bool settled(RscSet s) const;
    bool released(RscSet s) const;
    bool isstable_flag() const;
    Group* find(const std::string& key);

    void reconcile(Group& g, Out& out);
    void acquire(RscSet s, Out& out);
    void release(RscSet s, Out& out);
    void take_everything(Millis now, Out& out);
    void begin_standby(RscSet what, Millis now, Out& out, bool automatic);
    void settle(Millis now, Out& out);
    void send(Msg m, Out& out) { out.push_back(Send{std::move(m)}); }
    void note(Note::Level l, std::string text, Out& out) { out.push_back(Note{l, std::move(text)}); }
    void send_held(bool stable, std::string info, Out& out);

    void on_starting(Out& out);
    void on_resource(const ResourceMsg& r, Millis now, Out& out);
    void on_ask(const AskResources& a, Millis now, Out& out);
    void on_ip_request(const IpRequest& r, Out& out);
    void on_ip_request_resp(const IpRequestResp& r, Out& out);

    PolicyConfig cfg_;
    std::vector<Group> groups_;
    Phase phase_ = Phase::waiting_comm;
    bool comm_up_ = false;

    bool peer_alive_ = false;
    bool peer_stable_ = false;
    std::optional<RscSet> peer_hold_;

    // auto_failback on gives groups back when the peer (re)joins, not after every standby:
    // armed by the peer's arrival, disarmed once a standby runs in either direction.
    bool failback_armed_ = false;
    bool standby_automatic_ = false;
    Standby standby_ = Standby::none;
    RscSet standby_set_;                   // relative to the node giving up (R)
    std::optional<Millis> standby_deadline_;

    std::optional<Millis> rqst_at_;        // rsc_rcvd: when to take local groups
    std::optional<Millis> starting_deadline_;
    std::optional<Millis> push_at_;        // failed start: standby then
    RscSet push_set_;
    bool mach_down_pending_ = false;       // nice modes: announce rsc_hold=foreign info=mach_down
    std::set<std::string> ip_requested_;   // legacy: our requests awaiting a response
    std::set<std::string> ip_answer_;      // legacy: the peer's requests we answer once released
};

} // namespace hb::failover
