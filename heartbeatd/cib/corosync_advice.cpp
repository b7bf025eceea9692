#include "heartbeatd/cib/corosync_advice.hpp"

#include <algorithm>

namespace hb::cib {

namespace {

std::string at(const config::HaCf& cf, const std::string& hacf, const std::string& directive) {
    auto it = cf.lines.find(directive);
    return it == cf.lines.end() ? directive + " (default)" : hacf + ":" + std::to_string(it->second) + " " + directive;
}

std::string secs(std::chrono::milliseconds ms) {
    auto n = ms.count();
    return n % 1000 == 0 ? std::to_string(n / 1000) + " s" : std::to_string(n) + " ms";
}

} // namespace

TokenAdvice token_advice(const config::HaCf& cf) {
    TokenAdvice a;
    a.token_ms = cf.deadtime.count();
    long keep = std::max<long>(1, cf.keepalive.count());
    // Corosync's default is 4; fewer than 2 retransmits leaves no margin for one lost packet.
    a.retransmits = int(std::clamp<long>(cf.deadtime.count() / keep, 2, 100));
    return a;
}

std::string corosync_advice(const config::HaCf& cf, const std::string& hacf) {
    auto t = token_advice(cf);
    std::string s;
    s += "Corosync (corosync.conf on every node, not part of the CIB), from " + hacf + ":\n";
    s += at(cf, hacf, "deadtime") + " " + secs(cf.deadtime) + ", " + at(cf, hacf, "keepalive") + " " + secs(cf.keepalive) +
         " -> token " + std::to_string(t.token_ms) + " ms, " + std::to_string(t.retransmits) +
         " token retransmits before a loss (consensus defaults to 1.2 x token)\n";
    s += "totem {\n";
    s += "    version: 2\n";
    s += "    cluster_name: " + (cf.cluster.empty() ? std::string("linux-ha") : cf.cluster) + "\n";
    s += "    transport: knet\n";
    s += "    token: " + std::to_string(t.token_ms) + "\n";
    s += "    token_retransmits_before_loss_const: " + std::to_string(t.retransmits) + "\n";
    s += "}\n";
    s += "nodelist {\n";
    int links = 0;
    for (auto& m : cf.media)
        if (m.kind != config::Medium::Kind::serial) ++links;
    links = std::max(1, links);
    for (std::size_t i = 0; i < cf.nodes.size(); ++i) {
        s += "    node {\n";
        s += "        name: " + cf.nodes[i] + "\n";
        s += "        nodeid: " + std::to_string(i + 1) + "\n";
        for (int l = 0; l < links; ++l)
            s += "        ring" + std::to_string(l) + "_addr: ADDRESS-OF-" + cf.nodes[i] + "-LINK-" + std::to_string(l) + "\n";
        s += "    }\n";
    }
    s += "}\n";
    s += "quorum {\n";
    s += "    provider: corosync_votequorum\n";
    if (cf.nodes.size() == 2) s += "    two_node: 1\n";
    s += "}\n";
    int l = 0;
    for (auto& m : cf.media) {
        if (m.kind == config::Medium::Kind::serial) continue;
        s += "link " + std::to_string(l++) + " replaces " + hacf + ":" + std::to_string(m.line) + " " +
             std::string(to_string(m.kind)) + " " + m.device + (m.address.empty() ? "" : " " + m.address) +
             ": each node's address on " + m.device + "\n";
    }
    s += "The nodeids must match the <nodes> ids below; heartbeat's udpport has no use: Corosync's knet uses port 5405 by default.";
    return s;
}

} // namespace hb::cib
