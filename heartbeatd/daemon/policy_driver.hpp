// The FailoverDriver for haresources: glue between the daemon's membership events and the
// pure failover Policy (heartbeatd/failover), whose StartGroup/StopGroup actions run
// through the GroupRunner (heartbeatd/resources) asynchronously; completions come back
// as Policy::group_done. No decisions are made here, only translation.
#pragma once
#include <functional>
#include <string>

#include "heartbeatd/daemon/failover_driver.hpp"
#include "heartbeatd/failover/policy.hpp"
#include "heartbeatd/resources/group_runner.hpp"
#include "lib/log.hpp"

namespace hb::daemon {

class PolicyDriver : public FailoverDriver {
public:
    using Logger = std::function<void(ha::LogLevel, const std::string&)>;
    PolicyDriver(failover::PolicyConfig cfg, resources::GroupRunner& runner, Logger log);

    void on_node_state(const std::string& node, membership::NodeStatus from, membership::NodeStatus to) override;
    void on_comm_up() override;
    void on_peer_restarted(const std::string& node) override;
    void on_cluster_message(const wire::Message& m) override;
    std::string on_standby_request(std::string_view which) override;
    std::string on_takeover_request(std::string_view which) override;
    std::string rsc_status() const override { return std::string(policy_.rscstatus()); }
    void on_tick(std::chrono::milliseconds now) override;
    void on_shutdown(std::function<void()> done) override;
    bool set_auto_failback(config::AutoFailback a) override { return policy_.set_auto_failback(a); }

private:
    void perform(std::vector<failover::Action> actions);
    std::chrono::milliseconds now() const { return link_ ? link_->now() : std::chrono::milliseconds(0); }

    std::string peer_;
    failover::Policy policy_;
    resources::GroupRunner& runner_;
    Logger log_;
    std::function<void()> shutdown_done_;
};

} // namespace hb::daemon
