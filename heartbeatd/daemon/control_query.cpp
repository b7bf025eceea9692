#include "heartbeatd/daemon/control_query.hpp"

#include <algorithm>
#include <cctype>

#include "lib/json_text.hpp"

namespace hb::daemon {

std::vector<std::string> split_words(std::string_view line) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : line) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

namespace {

Reply ok(std::string t) { return {true, std::move(t)}; }
Reply err(std::string t) { return {false, std::move(t)}; }

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (auto& s : v) out += (out.empty() ? "" : "\n") + s;
    return out;
}

bool known(const ClusterView& v, const std::string& n) {
    auto a = v.nodes(), b = v.ping_nodes();
    return std::find(a.begin(), a.end(), n) != a.end() || std::find(b.begin(), b.end(), n) != b.end();
}

std::optional<std::string> which_set(const std::vector<std::string>& w) {
    if (w.size() > 2) return std::nullopt;
    std::string s = w.size() == 2 ? w[1] : "all";
    if (s == "failback") s = "foreign";   // hb_standby's alias
    if (s != "all" && s != "local" && s != "foreign") return std::nullopt;
    return s;
}

std::string lower(std::string s) {
    for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

Access access_for(uid_t uid, gid_t gid, const std::vector<gid_t>& groups, std::optional<gid_t> haclient) {
    if (uid == 0) return Access::full;
    if (!haclient) return Access::none;
    if (gid == *haclient || std::find(groups.begin(), groups.end(), *haclient) != groups.end()) return Access::read_only;
    return Access::none;
}

bool changes_state(const std::vector<std::string>& w) {
    return !w.empty() && (w[0] == "standby" || w[0] == "takeover");
}

Reply answer(const std::vector<std::string>& w, ClusterView& v, Access access) {
    if (access == Access::none) return err(std::string(kPermissionDenied) + ": root and the haclient group only");
    if (w.empty()) return err("empty request");
    if (access != Access::full && changes_state(w))
        return err(std::string(kPermissionDenied) + ": " + w[0] + " is for root only (haclient members may query)");
    const std::string& cmd = w[0];
    auto need = [&](std::size_t n) { return w.size() == n; };

    if (cmd == "hbstatus" && need(1)) return ok("Heartbeat is running on this machine.");
    if (cmd == "listnodes" && need(1)) {
        auto all = v.nodes();
        for (auto& p : v.ping_nodes()) all.push_back(p);
        return ok(join(all));
    }
    if (cmd == "rscstatus" && need(1)) return ok(v.rsc_status());
    if ((cmd == "json" || cmd == "--json") && need(1)) return ok(status_json(v));
    if (cmd == "counters" && need(1)) return ok(v.counters());
    if ((cmd == "nodestatus" || cmd == "nodetype" || cmd == "listhblinks") && need(2)) {
        std::string n = lower(w[1]);
        if (!known(v, n)) return err("unknown node: " + w[1]);
        if (cmd == "nodestatus") return ok(std::string(membership::to_string(v.node_status(n))));
        if (cmd == "nodetype") {
            auto p = v.ping_nodes();
            return ok(std::find(p.begin(), p.end(), n) != p.end() ? "ping" : "normal");
        }
        return ok(join(v.links(n)));
    }
    if ((cmd == "hblinkstatus" || cmd == "linkstatus") && need(3)) {
        std::string n = lower(w[1]);
        if (!known(v, n)) return err("unknown node: " + w[1]);
        auto up = v.link_up(n, w[2]);
        if (!up) return err("no link " + w[2] + " for node " + n);
        return ok(*up ? "up" : "dead");
    }
    if (cmd == "hbparameter" && (need(2) || (need(3) && w[1] == "-p"))) {
        auto p = v.parameter(w.back());
        if (!p) return err("parameter " + w.back() + " is not set");
        return ok(*p);
    }
    if ((cmd == "standby" || cmd == "takeover") && w.size() <= 2) {
        auto set = which_set(w);
        if (!set) return err("usage: " + cmd + " [all|local|foreign|failback]");
        std::string why = cmd == "standby" ? v.standby(*set) : v.takeover(*set);
        if (!why.empty()) return err(cmd + " refused: " + why);
        return ok(cmd + " " + *set + " requested");
    }
    return err("unknown or malformed request: " + cmd +
               " (hbstatus, listnodes, nodestatus N, nodetype N, listhblinks N, linkstatus N L, "
               "rscstatus, hbparameter P, counters, json, standby [S], takeover [S])");
}

std::string status_json(const ClusterView& v) {
    using ha::json_string;
    std::string out = "{\"heartbeat\":\"running\",\"node\":" + json_string(v.this_node()) +
                      ",\"resources\":" + json_string(v.rsc_status()) + ",\"nodes\":[";
    bool first = true;
    auto add = [&](const std::string& n, const char* type) {
        out += std::string(first ? "" : ",") + "{\"name\":" + json_string(n) + ",\"type\":\"" + type +
               "\",\"status\":" + json_string(std::string(membership::to_string(v.node_status(n)))) + ",\"links\":[";
        first = false;
        bool first_link = true;
        for (const auto& l : v.links(n)) {
            auto up = v.link_up(n, l);
            out += std::string(first_link ? "" : ",") + "{\"name\":" + json_string(l) +
                   ",\"status\":" + (up ? json_string(*up ? "up" : "dead") : "null") + "}";
            first_link = false;
        }
        out += "]}";
    };
    for (const auto& n : v.nodes()) add(n, "normal");
    for (const auto& n : v.ping_nodes()) add(n, "ping");
    return out + "]}";
}

std::string encode_reply(const Reply& r) { return (r.ok ? "OK\n" : "ERR\n") + r.text + "\n"; }

Reply decode_reply(std::string_view b) {
    Reply r;
    auto nl = b.find('\n');
    std::string_view head = b.substr(0, nl);
    r.ok = head == "OK";
    if (!r.ok && head != "ERR") return {false, "garbled reply from heartbeatd"};
    std::string_view body = nl == std::string_view::npos ? std::string_view{} : b.substr(nl + 1);
    if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
    r.text = std::string(body);
    return r;
}

} // namespace hb::daemon
