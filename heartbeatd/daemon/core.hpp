// The node's protocol core, pure: authentic packets and clock ticks in, messages to send and
// events out. It owns the outgoing seq counter and history, per-peer seq tracking, liveness,
// the local status (up -> active after reqnodes/repnodes), ACKs and retransmission. The
// shell (daemon.cpp) supplies the monotonic clock, time(NULL) and the load line, and does
// all I/O; tests drive it with a stepped clock.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "heartbeatd/daemon/drop_counter.hpp"
#include "heartbeatd/membership/liveness.hpp"
#include "heartbeatd/membership/rate_limit.hpp"
#include "heartbeatd/membership/send_history.hpp"
#include "heartbeatd/membership/seq_tracker.hpp"
#include "heartbeatd/wire/fields.hpp"
#include "heartbeatd/wire/message.hpp"

namespace hb::daemon {

using Millis = std::chrono::milliseconds;

struct CoreConfig {
    std::string local;                    // lowercase
    std::vector<std::string> nodes;       // cluster nodes, local included
    std::vector<std::string> ping_nodes;  // pseudo-nodes watched by ICMP
    membership::LivenessConfig liveness;
    int ttl = 3;                          // hopfudge + node count
    Millis max_rexmit_delay{250};
    Millis reqnodes_retry{1000};          // 3.0.6 repeats reqnodes every second
    std::uint64_t generation = 1;
    std::optional<wire::Uuid> uuid;
    std::function<std::uint64_t()> wall_seconds;   // time(NULL) for "ts"
    std::function<std::string()> load;             // first line of /proc/loadavg for "ld"
    std::map<std::string, std::uint64_t> peer_generations;   // last seen before this start
    std::map<std::string, std::uint64_t> peer_seqs;          // last seq in that generation
};

struct CoreEvent {
    enum class Kind {
        liveness,          // see `live`
        local_status,      // our own status changed (text)
        comm_now_up,       // reqnodes answered: we are active, resources may start
        peer_restarted,    // node came back with a higher generation
        partition_healed,  // a node we had declared dead is talking again, same generation
        lost_packets,      // text: gap in a peer's sequence
        dropped,           // `drop` says why (counted by the shell)
        info,              // text for the log
        peer_generation,   // first message of a peer's generation (text: the number): persist it
    };
    Kind kind = Kind::info;
    std::string node;
    std::string text;
    membership::LivenessEvent live{};
    DropCause drop = DropCause::malformed;
};

struct CoreOutput {
    std::vector<wire::Message> send;       // stamped; encode and send on every medium
    std::vector<wire::Message> deliver;    // for the failover driver
    std::vector<CoreEvent> events;
};

class Core {
public:
    Core(CoreConfig cfg, Millis now);

    // One authentic packet (any format) received on `link`.
    CoreOutput receive(const wire::Message& m, const std::string& link, Millis now);
    // Keepalive timer: our status heartbeat.
    CoreOutput keepalive(Millis now);
    // Timeout scan and due retransmission/reqnodes requests (call every few tens of ms).
    CoreOutput tick(Millis now);
    // A message from the failover layer (or shutdone): stamped, kept in history, sent.
    CoreOutput send(wire::Message m, Millis now);
    // Announce death on a graceful stop ("shutdone st=dead"); status stays dead.
    CoreOutput shutdown(Millis now);

    const std::string& local() const { return cfg_.local; }
    const std::string& local_status() const { return local_status_; }
    membership::NodeStatus node_status(const std::string& node) const;
    std::optional<bool> link_up(const std::string& node, const std::string& link) const;
    std::vector<std::string> links(const std::string& node) const { return live_.links(node); }
    // When the next node or link would time out (tick() then declares it dead).
    std::optional<Millis> next_expiry() const { return live_.next_expiry(); }
    const std::vector<std::string>& nodes() const { return cfg_.nodes; }
    const std::vector<std::string>& ping_nodes() const { return cfg_.ping_nodes; }
    bool comm_up() const { return active_; }
    std::uint64_t generation() const { return cfg_.generation; }
    std::uint64_t last_seq() const { return seq_; }
    // New liveness timers (ha.cf reload); the next status announces the new deadtime.
    void set_liveness(const membership::LivenessConfig& l) {
        cfg_.liveness = l;
        live_.set_config(l);
    }
    // A ping node answered (the shell's ICMP code): counts as a status "ping".
    CoreOutput ping_reply(const std::string& ping_node, Millis now);

    // (generation, last seq) of every peer heard in this run: the shell keeps them across
    // restarts as the replay floor.
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> peer_positions() const;

private:
    void stamp_and_queue(wire::Message m, CoreOutput& out);
    void status_now(CoreOutput& out);
    void apply_liveness(std::vector<membership::LivenessEvent> ev, Millis now, CoreOutput& out);
    void start_reqnodes(Millis now, CoreOutput& out);
    void maybe_active(CoreOutput& out);
    void set_local_status(const std::string& st, CoreOutput& out);
    void handle_ns(const wire::Message& m, const std::string& type, const std::string& src,
                   Millis now, CoreOutput& out);
    Millis rexmit_delay();

    CoreConfig cfg_;
    membership::Liveness live_;
    membership::SendHistory history_;
    std::map<std::string, membership::SeqTracker> trackers_;
    std::map<std::string, membership::RateLimit> ns_limits_;   // per peer: NS_* requests we act on
    std::set<std::string> flow_control_off_;   // peers that omit protocol=1
    std::map<std::string, wire::Uuid> uuids_;                  // peers' srcuuid, for destuuid
    std::map<std::string, std::uint64_t> alive_generation_;   // generation last seen alive
    std::set<std::string> awaiting_repnodes_;
    std::optional<Millis> next_reqnodes_;
    bool comm_heard_ = false;   // Liveness reported comm_up
    bool active_ = false;
    bool shutting_down_ = false;
    std::string local_status_ = "up";
    std::uint64_t seq_ = 0;
    unsigned ack_trigger_ = 0;
    std::minstd_rand rng_;
};

} // namespace hb::daemon
