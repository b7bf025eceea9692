#include "heartbeatd/daemon/hb_metrics.hpp"

namespace hb::daemon {

using namespace ha::metrics;

HbMetrics& hb_metrics() {
    static HbMetrics m;
    return m;
}

void HbMetrics::script_ran(const std::string& op, bool ok, std::chrono::steady_clock::duration took) {
    auto key = std::make_pair(op, std::string(ok ? "ok" : "failed"));
    auto it = scripts.find(key);
    if (it == scripts.end()) it = scripts.emplace(key, Histogram(duration_buckets())).first;
    it->second.observe(std::chrono::duration<double>(took).count());
}

namespace {

template <class Map, class LabelFn>
Family counter(std::string name, std::string help, const Map& m, LabelFn labels) {
    Family f{std::move(name), std::move(help), Type::counter, {}, {}};
    for (auto& [k, v] : m) f.samples.push_back({labels(k), double(v)});
    return f;
}

} // namespace

std::vector<Family> hb_families(const HbMetrics& m, const HbSnapshot& s) {
    using P = std::pair<std::string, std::string>;
    auto medium = [](const std::string& k) { return Labels{{"medium", k}}; };
    auto node = [](const std::string& k) { return Labels{{"node", k}}; };
    auto node_medium = [](const P& k) { return Labels{{"node", k.first}, {"medium", k.second}}; };
    std::vector<Family> out;
    out.push_back(counter("heartbeatd_heartbeats_sent_total", "Status heartbeats sent, per medium.", m.sent, medium));
    out.push_back(counter("heartbeatd_heartbeats_received_total", "Status heartbeats received from a node on a medium.",
                          m.received, node_medium));
    out.push_back(counter("heartbeatd_heartbeats_late_total", "Heartbeats that came later than warntime, per node.",
                          m.late, node));
    out.push_back(counter("heartbeatd_heartbeats_lost_total",
                          "Gaps in a node's message sequence (lost packets asked for again), per node.", m.lost, node));
    out.push_back(counter("heartbeatd_node_deaths_total", "Times a node (or ping node) was declared dead.",
                          m.node_deaths, node));
    out.push_back(counter("heartbeatd_link_deaths_total", "Times a node's link on a medium was declared dead.",
                          m.link_deaths, node_medium));
    out.push_back(counter("heartbeatd_failovers_total",
                          "Resource moves started on this node, by reason (peer_dead, ipfail, standby, takeover).",
                          m.failovers, [](const std::string& k) { return Labels{{"reason", k}}; }));
    out.push_back(counter("heartbeatd_packets_dropped_total", "Packets refused, by cause.", m.dropped,
                          [](const std::string& k) { return Labels{{"cause", k}}; }));
    Family h{"heartbeatd_resource_script_seconds", "Run time of resource script calls, by operation and result.",
             Type::histogram, {}, {}};
    for (auto& [k, hist] : m.scripts) h.histograms.push_back({{{"op", k.first}, {"result", k.second}}, hist.data()});
    out.push_back(std::move(h));

    Family st{"heartbeatd_node_status", "1 for the status each node has now (init, up, active, dead, ping).",
              Type::gauge, {}, {}};
    for (auto& [n, status] : s.node_status)
        for (const char* x : {"init", "up", "active", "dead", "ping"})
            st.samples.push_back({{{"node", n}, {"status", x}}, status == x ? 1.0 : 0.0});
    out.push_back(std::move(st));
    Family lk{"heartbeatd_link_up", "1 while a node's link on a medium is up.", Type::gauge, {}, {}};
    for (auto& [k, up] : s.links) lk.samples.push_back({node_medium(k), up ? 1.0 : 0.0});
    out.push_back(std::move(lk));
    Family rs{"heartbeatd_resources_held", "1 for the resource set this node holds now (cl_status rscstatus).",
              Type::gauge, {}, {}};
    for (const char* x : {"all", "local", "foreign", "none", "transition"})
        rs.samples.push_back({{{"set", x}}, s.rsc_status == x ? 1.0 : 0.0});
    out.push_back(std::move(rs));
    return out;
}

void TimedRunner::run(resources::ScriptCall call, Done done) {
    std::string op = call.argv.empty() ? "?" : call.argv.back();
    if (op != "start" && op != "stop" && op != "status" && op != "monitor") op = "other";
    auto t0 = std::chrono::steady_clock::now();
    inner_.run(std::move(call), [op, t0, done = std::move(done)](resources::ScriptOutcome o) {
        hb_metrics().script_ran(op, o.ok(), std::chrono::steady_clock::now() - t0);
        done(std::move(o));
    });
}

} // namespace hb::daemon
