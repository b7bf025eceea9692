// The node, imperative shell: owns the io_context-driven media, timers, control socket
// and signals, feeds the pure Core, encodes and sends what it says, logs in heartbeat's
// wording, counts bad packets, and forwards membership events to the FailoverDriver.
// Single-threaded: nothing here blocks, so heartbeats keep going while scripts run.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "heartbeatd/daemon/background_saver.hpp"
#include "heartbeatd/daemon/command_line.hpp"
#include "heartbeatd/daemon/control_query.hpp"
#include "heartbeatd/daemon/control_server.hpp"
#include "heartbeatd/daemon/core.hpp"
#include "heartbeatd/daemon/drop_counter.hpp"
#include "heartbeatd/daemon/failover_driver.hpp"
#include "heartbeatd/daemon/load_config.hpp"
#include "heartbeatd/daemon/local_fifo.hpp"
#include "heartbeatd/daemon/loop_lag.hpp"
#include "heartbeatd/daemon/peer_generations.hpp"
#include "heartbeatd/media/icmp_pinger.hpp"
#include "heartbeatd/media/medium.hpp"
#include "lib/asio.hpp"
#include "lib/metrics_server.hpp"

namespace hb::daemon {

class Daemon : public ClusterLink, public ClusterView {
public:
    Daemon(boost::asio::io_context& io, CommandLine cmd, LoadedConfig cfg, FailoverDriver& driver);
    ~Daemon() override;

    // Generation, media, control socket, timers, signals. False with `error` on failure.
    bool start(std::string& error);
    // Graceful stop: the driver releases resources, then shutdone, then `exited`.
    void stop();
    // SIGHUP: re-reads authkeys, ha.cf and haresources; applies what can change live
    // (config::plan_reload), reports the rest as "takes effect at restart"; on any error
    // keeps the running configuration whole.
    void reload();
    void set_log_to_terminal(bool t) { log_to_terminal_ = t; }
    bool stopped() const { return stopped_; }
    // The loop ended for a restart ("returning after partition"): main re-execs us.
    bool restart_requested() const { return restart_; }

    // ClusterLink
    void send(wire::Message m) override;
    const std::string& local_node() const override { return cfg_.local; }
    membership::NodeStatus node_status(const std::string& node) const override;
    std::chrono::milliseconds now() const override;

    // ClusterView
    std::vector<std::string> nodes() const override { return cfg_.cf.nodes; }
    std::vector<std::string> ping_nodes() const override { return core_ ? core_->ping_nodes() : std::vector<std::string>{}; }
    std::vector<std::string> links(const std::string& node) const override;
    std::optional<bool> link_up(const std::string& node, const std::string& link) const override;
    std::string rsc_status() const override { return driver_.rsc_status(); }
    std::optional<std::string> parameter(const std::string& name) const override;
    std::string counters() const override;
    std::string this_node() const override { return cfg_.local; }
    std::string standby(const std::string& which) override;
    std::string takeover(const std::string& which) override;

private:
    using Millis = std::chrono::milliseconds;
    void on_bytes(std::string_view bytes, const std::string& link, std::optional<Millis> age);
    void on_fifo(const wire::Message& m);
    void apply(CoreOutput out);
    void transmit(const wire::Message& m);
    void log_event(const CoreEvent& e);
    void arm_keepalive();
    void arm_tick();
    void watch_signals();
    void finish();
    bool open_metrics(std::string& error);

    boost::asio::io_context& io_;
    CommandLine cmd_;
    LoadedConfig cfg_;
    FailoverDriver& driver_;
    std::unique_ptr<Core> core_;
    std::vector<std::unique_ptr<media::Medium>> media_;
    std::unique_ptr<ControlServer> control_;
    std::unique_ptr<media::IcmpPinger> pinger_;
    std::unique_ptr<LocalFifo> fifo_;
    std::unique_ptr<ha::metrics::Server> metrics_;   // ha.cf "metrics ADDR:PORT"
    boost::asio::steady_timer keepalive_timer_, tick_timer_, exit_timer_, restart_timer_;
    boost::asio::signal_set signals_;
    std::chrono::steady_clock::time_point keepalive_due_;
    DropCounter drops_;
    PeerFloors peer_floors_;   // as in <state dir>/peer_generations
    std::unique_ptr<BackgroundSaver> floor_saver_;   // writes peer_generations off the loop
    LoopLag lag_{Millis(25)};
    Millis last_packet_time_{0};   // packet_time of the packet before
    std::chrono::steady_clock::time_point floors_saved_{};
    void save_peer_floors(bool force);
    std::uint64_t send_failures_ = 0;
    bool any_serial_ = false;
    bool stopping_ = false;
    bool stopped_ = false;
    bool restart_pending_ = false;
    bool restart_ = false;
    bool log_to_terminal_ = false;
};

} // namespace hb::daemon
