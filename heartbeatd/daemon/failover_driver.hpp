// The seam between membership (this directory) and resources/failover (heartbeatd/failover,
// heartbeatd/resources). The daemon calls a FailoverDriver; the driver answers through a
// ClusterLink. Everything runs on the daemon's single io_context thread: a driver must
// never block (resource scripts are asynchronous children) and may call back at any time.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "heartbeatd/config/ha_cf.hpp"
#include "heartbeatd/membership/liveness.hpp"
#include "heartbeatd/wire/message.hpp"

namespace hb::daemon {

// What the daemon offers a driver.
class ClusterLink {
public:
    virtual ~ClusterLink() = default;
    // Stamps (src, seq, hg, ts, ...) and sends `m` on every medium; kept for retransmission.
    virtual void send(wire::Message m) = 0;
    virtual const std::string& local_node() const = 0;
    virtual membership::NodeStatus node_status(const std::string& node) const = 0;
    // The daemon's monotonic clock (the same "now" every callback below refers to).
    virtual std::chrono::milliseconds now() const = 0;
};

class FailoverDriver {
public:
    virtual ~FailoverDriver() = default;

    virtual void attach(ClusterLink& link) { link_ = &link; }
    // Every status change of another cluster node (ping nodes included: status "ping"/"dead").
    virtual void on_node_state(const std::string& node, membership::NodeStatus from,
                               membership::NodeStatus to) = 0;
    // Comm is up and this node is "active": the start-up resource negotiation may begin.
    virtual void on_comm_up() = 0;
    // A peer restarted (higher generation): it holds nothing any more.
    virtual void on_peer_restarted(const std::string& node) { (void)node; }
    // A peer we declared dead came back with the same generation (healed partition).
    virtual void on_partition_healed(const std::string& node) { (void)node; }
    // Authentic, sequenced, addressed-to-us (or broadcast) messages other than membership's
    // own (status, reqnodes, repnodes, NS_*): starting, resource, ask_resources, hb_takeover,
    // ip-request(-resp), shutdone, stonith, and anything unknown.
    virtual void on_cluster_message(const wire::Message& m) = 0;
    // `heartbeatd standby|takeover all|local|foreign` from the control socket.
    // Returns "" when accepted, else the reason it was refused.
    virtual std::string on_standby_request(std::string_view which) = 0;
    virtual std::string on_takeover_request(std::string_view which) = 0;
    // cl_status rscstatus: all|local|foreign|none|transition.
    virtual std::string rsc_status() const = 0;
    // Called with every liveness scan (every 10..250 ms): timers of a pure policy.
    virtual void on_tick(std::chrono::milliseconds now) { (void)now; }
    // ha.cf reload changed auto_failback between on and off; false when not supported.
    virtual bool set_auto_failback(config::AutoFailback a) { (void)a; return false; }
    // Graceful stop: release what we hold, then call `done` (the daemon then sends shutdone).
    virtual void on_shutdown(std::function<void()> done) = 0;

protected:
    ClusterLink* link_ = nullptr;
};

} // namespace hb::daemon
