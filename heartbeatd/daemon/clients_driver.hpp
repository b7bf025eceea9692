// ha.cf's respawn lines around the haresources driver: a line naming ipfail turns on the
// built-in ipfail (heartbeatd/failover/ipfail decides; here its messages go to the peer and
// its giveups become standby requests of the wrapped driver); every other line is a client
// process supervised by ClientChildren. Everything else passes through to the wrapped driver.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "heartbeatd/daemon/client_children.hpp"
#include "heartbeatd/daemon/failover_driver.hpp"
#include "heartbeatd/failover/ipfail.hpp"
#include "lib/asio.hpp"

namespace hb::daemon {

// True when a respawn line's program is ipfail (heartbeat's path or any other ending in it).
bool names_ipfail(const config::ClientChild& c);

class ClientsDriver : public FailoverDriver {
public:
    using Logger = std::function<void(const std::string&)>;
    // `ipfail`: set when a respawn line names ipfail and auto_failback allows it.
    ClientsDriver(std::unique_ptr<FailoverDriver> inner, std::string peer, std::vector<std::string> ping_nodes,
                  std::optional<failover::IpfailConfig> ipfail, std::unique_ptr<ClientChildren> children, Logger log);

    void attach(ClusterLink& link) override;
    void on_node_state(const std::string& node, membership::NodeStatus from, membership::NodeStatus to) override;
    void on_comm_up() override;
    void on_peer_restarted(const std::string& node) override { inner_.on_peer_restarted(node); }
    void on_partition_healed(const std::string& node) override { inner_.on_partition_healed(node); }
    void on_cluster_message(const wire::Message& m) override;
    std::string on_standby_request(std::string_view w) override { return inner_.on_standby_request(w); }
    std::string on_takeover_request(std::string_view w) override { return inner_.on_takeover_request(w); }
    std::string rsc_status() const override { return inner_.rsc_status(); }
    void on_tick(std::chrono::milliseconds now) override;
    bool set_auto_failback(config::AutoFailback a) override { return inner_.set_auto_failback(a); }
    void on_shutdown(std::function<void()> done) override;

private:
    failover::IpfailLocal local() const;
    void perform(failover::IpfailOut out);
    std::chrono::milliseconds now() const { return link_ ? link_->now() : std::chrono::milliseconds(0); }

    std::unique_ptr<FailoverDriver> owned_;
    FailoverDriver& inner_;
    std::string peer_;
    std::map<std::string, bool> ping_alive_;
    std::optional<failover::Ipfail> ipfail_;
    std::unique_ptr<ClientChildren> children_;
    Logger log_;
    bool shutting_down_ = false;
    bool comm_up_ = false;
};

} // namespace hb::daemon
