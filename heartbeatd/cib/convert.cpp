#include "heartbeatd/cib/convert.hpp"

#include <map>
#include <set>

#include "heartbeatd/cib/corosync_advice.hpp"
#include "heartbeatd/cib/xml_id.hpp"

namespace hb::cib {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Where each ha.cf directive went; "" = converted into the CIB or its Corosync comment.
std::string fate_of(const std::string& d) {
    static const std::set<std::string> converted = {
        "node", "auto_failback", "nice_failback", "initdead", "keepalive", "deadtime", "udpport",
        "bcast", "mcast", "mcast6", "ucast", "ucast6", "udp", "cluster"};
    if (converted.count(d)) return "";
    if (d == "warntime") return "no equivalent: Corosync has no early warning of a late node (it logs a token loss)";
    if (d == "serial" || d == "baud") return "not converted: Corosync has no serial links; give it a second network link (knet) instead";
    if (d == "ping" || d == "ping6" || d == "ping_group" || d == "hbaping" || d == "deadping")
        return "not converted: check connectivity with a clone of ocf:pacemaker:ping and a location rule on its attribute (doc/migrating-to-pacemaker.md)";
    if (d == "respawn" || d == "failfast")
        return "not converted: a process heartbeat kept running (ipfail becomes ocf:pacemaker:ping; others a systemd service or an ocf:heartbeat:anything clone)";
    if (d == "stonith" || d == "stonith_host")
        return "not converted: define a fencing device (stonith_admin --list-installed) and set stonith-enabled=true; this CIB has stonith-enabled=false";
    if (d == "watchdog") return "not converted: watchdog fencing is sbd's job under Pacemaker";
    if (d == "apiauth") return "no equivalent: Pacemaker's clients are the members of the haclient group";
    if (d == "env") return "not converted: HA_ variables for the scripts; OCF agents take parameters instead";
    if (d == "logfacility" || d == "logfile" || d == "debugfile" || d == "use_logd" || d == "conn_logd_time" ||
        d == "syslogmsgfmt" || d == "log_badpack" || d == "debug")
        return "not converted: logging is set in corosync.conf (logging {}) and /etc/default/pacemaker (PCMK_logfile, PCMK_logfacility)";
    if (d == "crm" || d == "pacemaker" || d == "crm_daemon_dir" || d == "crmd_spawns_pengine" ||
        d == "record_config_changes" || d == "record_pengine_inputs" || d == "enable_config_writes" || d == "quorum_server")
        return "no equivalent: a heartbeat 2 CRM setting";
    return "no equivalent: heartbeat's own messaging or process setting";
}

} // namespace

std::vector<std::pair<std::string, int>> directive_lines(std::string_view text) {
    std::vector<std::pair<std::string, int>> out;
    int line = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto nl = text.find('\n', pos);
        std::string_view raw = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
        ++line;
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        if (auto hash = raw.find('#'); hash != std::string_view::npos) raw = raw.substr(0, hash);
        raw = trim(raw);
        if (raw.empty()) continue;
        out.emplace_back(std::string(raw.substr(0, raw.find_first_of(" \t"))), line);
    }
    return out;
}

CibResult make_cib(const CibInput& in) {
    CibResult r;
    const auto& cf = *in.cf;
    auto note = [&](config::Severity sev, const std::string& file, int line, std::string msg) {
        r.diagnostics.push_back({file, line, std::move(msg), sev});
    };
    Cib& cib = r.cib;

    cib.header_comments.push_back("Converted by heartbeatd cib from " + in.hacf_name + " and " + in.haresources_name +
                                  ". Load it with: cibadmin -R -x FILE (replaces the cluster's configuration)");
    cib.header_comments.push_back(corosync_advice(cf, in.hacf_name));

    // Nodes: ids 1..N in ha.cf order, the nodeids the Corosync advice gives them.
    for (std::size_t i = 0; i < cf.nodes.size(); ++i) cib.nodes.push_back({std::to_string(i + 1), cf.nodes[i]});

    // A heartbeat v1 pair has no fencing: say so rather than let Pacemaker refuse to start anything.
    cib.cluster_options.push_back({"stonith-enabled", "false"});
    if (cf.lines.count("initdead")) {
        auto ms = std::to_string(cf.initdead.count());
        cib.cluster_options.push_back({"dc-deadtime", ms + "ms"});
    }
    switch (cf.auto_failback) {
    case config::AutoFailback::on:
    case config::AutoFailback::legacy: cib.resource_defaults.push_back({"resource-stickiness", "0"}); break;
    case config::AutoFailback::off: cib.resource_defaults.push_back({"resource-stickiness", "INFINITY"}); break;
    }
    if (cf.auto_failback == config::AutoFailback::legacy)
        note(config::Severity::warning, in.hacf_name, cf.lines.count("auto_failback") ? cf.lines.at("auto_failback") : 0,
             "auto_failback legacy converted as on (resource-stickiness 0: a group goes back to its home node)");

    for (auto& [d, line] : directive_lines(in.hacf_text)) {
        auto fate = fate_of(d);
        if (!fate.empty()) note(config::Severity::warning, in.hacf_name, line, d + ": " + fate);
    }

    std::set<std::string> ids;
    auto unique = [&](std::string id) {
        std::string u = id;
        for (int n = 2; ids.count(u); ++n) u = id + "-" + std::to_string(n);
        ids.insert(u);
        return u;
    };
    int index = 0;
    for (const auto& g : *in.groups) {
        ++index;
        Group group;
        group.id = unique("group_" + std::to_string(index));
        group.home_node = g.node;
        std::string line_text = g.node;
        for (auto& res : g.resources) line_text += " " + res.token;
        group.description = in.haresources_name + ":" + std::to_string(g.line) + ": " + line_text;
        for (const auto& res : g.resources) {
            Member m;
            auto mapped = map_resource(res, in.scripts);
            for (auto& w : mapped.warnings)
                note(config::Severity::warning, in.haresources_name, g.line, res.token + ": " + w);
            if (!mapped.primitive) {
                note(config::Severity::error, in.haresources_name, g.line, res.token + ": not converted: " + mapped.error);
                m.comment = "NOT CONVERTED (" + in.haresources_name + ":" + std::to_string(g.line) + "): " + res.token + ": " + mapped.error;
            } else {
                Primitive p = *mapped.primitive;
                p.id = unique(resource_id(res, p));
                p.description = in.haresources_name + ":" + std::to_string(g.line) + ": " + res.token;
                m.primitive.push_back(std::move(p));
            }
            group.members.push_back(std::move(m));
        }
        if (!group.has_primitive())
            note(config::Severity::error, in.haresources_name, g.line,
                 "group of " + g.key() + " has no resource left: no group and no location for it");
        cib.groups.push_back(std::move(group));
    }
    if (in.groups->empty()) note(config::Severity::warning, in.haresources_name, 0, "no resource groups: the CIB has no resources");
    return r;
}

} // namespace hb::cib
