#include "heartbeatd/daemon/clients_driver.hpp"

#include "heartbeatd/daemon/hb_metrics.hpp"

namespace hb::daemon {

using membership::NodeStatus;
namespace fo = hb::failover;

bool names_ipfail(const config::ClientChild& c) {
    auto slash = c.path.rfind('/');
    return c.path.substr(slash == std::string::npos ? 0 : slash + 1) == "ipfail";
}

ClientsDriver::ClientsDriver(std::unique_ptr<FailoverDriver> inner, std::string peer, std::vector<std::string> ping_nodes,
                             std::optional<fo::IpfailConfig> ipfail, std::unique_ptr<ClientChildren> children,
                             Logger log)
    : owned_(std::move(inner)), inner_(*owned_), peer_(std::move(peer)), children_(std::move(children)), log_(std::move(log)) {
    for (auto& p : ping_nodes) ping_alive_[p] = false;
    if (ipfail) ipfail_.emplace(*ipfail);
}

void ClientsDriver::attach(ClusterLink& link) {
    link_ = &link;
    inner_.attach(link);
}

fo::IpfailLocal ClientsDriver::local() const {
    fo::IpfailLocal me;
    for (auto& [n, up] : ping_alive_) me.ping_alive += up;
    auto rs = inner_.rsc_status();
    me.stable = rs != "transition";
    me.holds_foreign = rs == "all" || rs == "foreign";
    return me;
}

static bool alive(NodeStatus s) { return s == NodeStatus::up || s == NodeStatus::active; }

void ClientsDriver::on_node_state(const std::string& node, NodeStatus from, NodeStatus to) {
    inner_.on_node_state(node, from, to);
    if (!ipfail_ || shutting_down_) return;
    if (auto it = ping_alive_.find(node); it != ping_alive_.end()) {
        bool up = to == NodeStatus::ping;
        if (up == it->second) return;
        it->second = up;
        if (comm_up_) perform(ipfail_->ping_changed(node, up, local(), now()));
    } else if (node == peer_ && comm_up_) {
        if (alive(to) && !alive(from)) perform(ipfail_->peer_joined(local(), now()));
        else if (to == NodeStatus::dead) perform(ipfail_->peer_lost(now()));
    }
}

void ClientsDriver::on_comm_up() {
    inner_.on_comm_up();
    comm_up_ = true;
    // Like ipfail signing on after comm up: compare counts with the peer once.
    if (ipfail_ && link_ && !peer_.empty() && alive(link_->node_status(peer_)))
        perform(ipfail_->peer_joined(local(), now()));
    if (children_) children_->start_all();
}

void ClientsDriver::on_cluster_message(const wire::Message& m) {
    if (ipfail_) {
        if (auto k = fo::ipfail_kind(m.type())) {
            if (m.get_or("src") != peer_ || shutting_down_) return;
            fo::IpfailMsg msg{*k, 0};
            if (*k == fo::IpfailMsg::Kind::num_ping_nodes) {
                auto v = m.get_or("num_ping");
                int n = 0;
                bool ok = !v.empty() && v.size() < 6;
                for (char c : v) ok = ok && c >= '0' && c <= '9';
                if (ok) n = std::stoi(v);
                if (!ok) {
                    if (log_) log_("WARN: ipfail: num_ping_nodes from " + peer_ + " without a valid num_ping; ignored");
                    return;
                }
                msg.num_ping = n;
            }
            perform(ipfail_->received(msg, local(), now()));
            return;
        }
    }
    inner_.on_cluster_message(m);
}

void ClientsDriver::on_tick(std::chrono::milliseconds n) {
    inner_.on_tick(n);
    if (ipfail_ && !shutting_down_) perform(ipfail_->tick(local(), n));
}

void ClientsDriver::perform(fo::IpfailOut out) {
    for (auto& l : out.log)
        if (log_) log_(l);
    for (auto& m : out.send) {
        if (!link_ || peer_.empty()) continue;
        // The fields 3.0.6's ipfail sends through the API (sendnodemsg to the peer).
        wire::Message w;
        w.add("t", std::string(fo::to_string(m.kind)));
        if (m.kind == fo::IpfailMsg::Kind::num_ping_nodes) w.add("num_ping", std::to_string(m.num_ping));
        w.add("dest", peer_);
        w.add("from_id", "ipfail");
        w.add("to_id", "ipfail");
        link_->send(std::move(w));
    }
    if (out.standby) {
        auto set = std::string(fo::to_string(*out.standby));
        if (auto why = inner_.on_standby_request(set); !why.empty()) {
            if (log_) log_("WARN: ipfail: standby " + set + " refused: " + why);
        } else {
            ++hb_metrics().failovers["ipfail"];
        }
    }
}

void ClientsDriver::on_shutdown(std::function<void()> done) {
    shutting_down_ = true;
    if (!children_) return inner_.on_shutdown(std::move(done));
    children_->stop_all([this, done = std::move(done)]() mutable { inner_.on_shutdown(std::move(done)); });
}

} // namespace hb::daemon
