// A FailoverDriver that manages no resources (heartbeat -M, or an empty haresources).
// It still answers "starting" like 3.0.6 so a peer's start-up negotiation completes.
#pragma once
#include "heartbeatd/daemon/failover_driver.hpp"
#include "heartbeatd/wire/messages.hpp"

namespace hb::daemon {

class NullFailover : public FailoverDriver {
public:
    void on_node_state(const std::string&, membership::NodeStatus, membership::NodeStatus) override {}
    void on_comm_up() override {}
    void on_cluster_message(const wire::Message& m) override {
        if (m.type() == wire::type::starting && link_)
            link_->send(wire::make_resource("none", true));
    }
    std::string on_standby_request(std::string_view) override { return "no resources are managed"; }
    std::string on_takeover_request(std::string_view) override { return "no resources are managed"; }
    std::string rsc_status() const override { return "none"; }
    void on_shutdown(std::function<void()> done) override { done(); }
};

} // namespace hb::daemon
