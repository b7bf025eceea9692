#include "heartbeatd/daemon/policy_driver.hpp"

#include <type_traits>

namespace hb::daemon {

using membership::NodeStatus;
namespace fo = hb::failover;

PolicyDriver::PolicyDriver(fo::PolicyConfig cfg, resources::GroupRunner& runner, Logger log)
    : peer_(cfg.peer), policy_(std::move(cfg)), runner_(runner), log_(std::move(log)) {}

static bool alive(NodeStatus s) { return s == NodeStatus::up || s == NodeStatus::active; }

void PolicyDriver::on_node_state(const std::string& node, NodeStatus from, NodeStatus to) {
    if (node != peer_) return;   // ping nodes and third nodes do not own groups in v1 pairs
    if (to == NodeStatus::dead && from != NodeStatus::dead) perform(policy_.peer_dead(now()));
    else if (alive(to) && !alive(from)) perform(policy_.peer_up(now()));
}

void PolicyDriver::on_comm_up() { perform(policy_.comm_up(now())); }

void PolicyDriver::on_peer_restarted(const std::string& node) {
    if (node == peer_) perform(policy_.peer_up(now()));
}

void PolicyDriver::on_cluster_message(const wire::Message& m) {
    if (m.get_or("src") != peer_) return;
    if (auto msg = fo::from_wire(m)) perform(policy_.received(*msg, now()));
}

std::string PolicyDriver::on_standby_request(std::string_view which) {
    auto set = fo::parse_rsc_set(which);
    if (!set) return "unknown resource set " + std::string(which);
    perform(policy_.standby(*set, now()));
    return {};
}

std::string PolicyDriver::on_takeover_request(std::string_view which) {
    auto set = fo::parse_rsc_set(which);
    if (!set) return "unknown resource set " + std::string(which);
    perform(policy_.takeover(*set, now()));
    return {};
}

void PolicyDriver::on_tick(std::chrono::milliseconds n) { perform(policy_.tick(n)); }

void PolicyDriver::on_shutdown(std::function<void()> done) {
    shutdown_done_ = std::move(done);
    perform(policy_.shutdown(now()));
}

void PolicyDriver::perform(std::vector<fo::Action> actions) {
    for (auto& a : actions) {
        std::visit(
            [this](auto& act) {
                using T = std::decay_t<decltype(act)>;
                if constexpr (std::is_same_v<T, fo::StartGroup> || std::is_same_v<T, fo::StopGroup>) {
                    constexpr bool start = std::is_same_v<T, fo::StartGroup>;
                    std::string key = act.key;
                    auto done = [this, key](bool ok) {
                        perform(policy_.group_done(key, start ? fo::GroupOp::start : fo::GroupOp::stop, ok, now()));
                    };
                    if (start) runner_.start(key, done);
                    else runner_.stop(key, done);
                } else if constexpr (std::is_same_v<T, fo::Send>) {
                    // The daemon itself sends shutdone once the driver reports done.
                    if (std::holds_alternative<fo::Shutdone>(act.msg)) return;
                    if (link_) link_->send(fo::to_wire(act.msg));
                } else if constexpr (std::is_same_v<T, fo::Note>) {
                    auto lvl = act.level == fo::Note::Level::crit ? ha::LogLevel::crit
                             : act.level == fo::Note::Level::warn ? ha::LogLevel::warning : ha::LogLevel::info;
                    if (log_) log_(lvl, act.text);
                } else if constexpr (std::is_same_v<T, fo::ShutdownDone>) {
                    if (auto d = std::move(shutdown_done_)) {
                        shutdown_done_ = nullptr;
                        d();
                    }
                }
            },
            a);
    }
}

} // namespace hb::daemon
