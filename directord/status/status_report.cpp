#include "directord/status/status_report.hpp"

#include <cstdio>
#include <map>

#include "directord/director/desired.hpp"

namespace directord {

namespace {

std::string service_head(const ipvs::ServiceKey& k, const ipvs::ServiceOpts& o) {
    // Reuse the ipvsadm -Ln rendering of a one-service table, head line only.
    ipvs::Table one;
    one[k] = ipvs::Service{k, o, {}};
    std::string s = ipvs::list_format(one);
    auto first = s.find('\n', s.find('\n') + 1) + 1;
    return s.substr(first, s.find('\n', first) - first);
}

std::string dest_line(const ipvs::DestKey& key, const char* fwd, long weight, unsigned act, unsigned inact,
                      const std::string& state) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "  -> %-28s %-7s %-6ld %-10u %-10u %s\n", ha::endpoint(key.addr, key.port).c_str(),
                  fwd, weight, act, inact, state.c_str());
    return buf;
}

} // namespace

std::string status_report(const ipvs::Table& kernel, const Config* cfg) {
    std::string out =
        "Prot LocalAddress:Port Scheduler Flags\n"
        "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn State\n";
    std::map<ipvs::ServiceKey, const Virtual*> managed;
    if (cfg)
        for (const auto& v : cfg->virtuals) managed[v.key] = &v;

    for (const auto& [key, svc] : kernel) {
        auto m = managed.find(key);
        const Virtual* v = m == managed.end() ? nullptr : m->second;
        out += service_head(key, svc.opts) + (cfg && !v ? "   (not in the config: left alone)" : "") + "\n";
        std::map<ipvs::DestKey, std::string> role;
        if (v) {
            for (const auto& r : v->reals) role[dest_for(*v, r, 0).key] = "real";
            if (v->fallback) role[fallback_dest(*v).key] = "fallback";
        }
        for (const auto& [dk, d] : svc.dests) {
            std::string state;
            if (v) {
                auto r = role.find(dk);
                if (r == role.end()) state = "not in the config";
                else if (r->second == "fallback") state = "fallback";
                else state = d.weight > 0 ? "up" : "quiescent";
            }
            out += dest_line(dk, ipvs::fwd_name(d.fwd), d.weight, d.active_conns, d.inactive_conns, state);
        }
        if (v)
            for (const auto& r : v->reals) {
                auto k = dest_for(*v, r, 0).key;
                if (!svc.dests.count(k)) out += dest_line(k, ipvs::fwd_name(r.fwd), 0, 0, 0, "down (not in the table)");
            }
    }
    if (cfg)
        for (const auto& v : cfg->virtuals)
            if (!kernel.count(v.key)) out += service_head(v.key, v.service_opts()) + "   (configured, not in the table)\n";
    return out;
}

} // namespace directord
