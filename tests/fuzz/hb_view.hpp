// A fixed two-node cluster as the control socket's answer() sees it (shared by harnesses).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "heartbeatd/daemon/control_query.hpp"

namespace fuzz {

using hb::daemon::ClusterView;

struct View : ClusterView {
    std::vector<std::string> requested;
    std::vector<std::string> nodes() const override { return {"alpha", "beta"}; }
    std::vector<std::string> ping_nodes() const override { return {"10.0.0.254"}; }
    hb::membership::NodeStatus node_status(const std::string& n) const override {
        return n == "alpha" ? hb::membership::NodeStatus::active : hb::membership::NodeStatus::dead;
    }
    std::vector<std::string> links(const std::string&) const override { return {"eth0", "/dev/ttyS0"}; }
    std::optional<bool> link_up(const std::string& n, const std::string& l) const override {
        if (l != "eth0" && l != "/dev/ttyS0") return std::nullopt;
        return n == "alpha";
    }
    std::string rsc_status() const override { return "all"; }
    std::optional<std::string> parameter(const std::string& p) const override {
        if (p == "deadtime") return "30";
        return std::nullopt;
    }
    std::string counters() const override { return "malformed 0"; }
    std::string standby(const std::string& s) override { return requested.push_back("standby " + s), ""; }
    std::string takeover(const std::string& s) override {
        requested.push_back("takeover " + s);
        return s == "foreign" ? "no foreign resources" : "";
    }
};

} // namespace fuzz
