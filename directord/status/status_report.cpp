#include "directord/status/status_report.hpp"

#include <cstdio>
#include <map>

#include "directord/director/desired.hpp"
#include "lib/json_text.hpp"

namespace directord {

namespace {

using HealthIndex = std::map<std::pair<std::string, std::string>, const status::RealHealth*>;

// By (service, kernel entry). Two real= lines naming one entry: the one that is up wins,
// as it does in the table.
HealthIndex index_health(const std::vector<status::RealHealth>* health) {
    HealthIndex idx;
    if (!health) return idx;
    for (const auto& h : *health) {
        auto [it, fresh] = idx.emplace(std::make_pair(h.service, h.dest), &h);
        if (!fresh && h.state == "up" && it->second->state != "up") it->second = &h;
    }
    return idx;
}

const status::RealHealth* find(const HealthIndex& idx, const ipvs::ServiceKey& k, const ipvs::DestKey& d) {
    auto it = idx.find({ipvs::service_str(k), ha::endpoint(d.addr, d.port)});
    return it == idx.end() ? nullptr : it->second;
}

std::string last_check(const status::RealHealth& h) {
    if (h.last.empty()) return h.reason.empty() ? "no result yet" : "no check: " + h.reason;
    return h.last + " " + status::format_age(h.age_ms) + (h.reason.empty() ? "" : ": " + h.reason);
}

std::string service_head(const ipvs::ServiceKey& k, const ipvs::ServiceOpts& o) {
    // Reuse the ipvsadm -Ln rendering of a one-service table, head line only.
    ipvs::Table one;
    one[k] = ipvs::Service{k, o, {}};
    std::string s = ipvs::list_format(one);
    auto first = s.find('\n', s.find('\n') + 1) + 1;
    return s.substr(first, s.find('\n', first) - first);
}

// ipvsadm's name column: "TCP  10.0.0.1:80", "FWM  5", "FWM  5 IPv6".
std::string service_name(const ipvs::ServiceKey& k) {
    std::string head = service_head(k, {});
    auto sp = head.rfind(' ');   // drop the scheduler
    return head.substr(0, sp);
}

std::string dest_line(const ipvs::DestKey& key, const char* fwd, long weight, unsigned act, unsigned inact,
                      const std::string& state, const std::string& check) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "  -> %-28s %-7s %-6ld %-10u %-10u ", ha::endpoint(key.addr, key.port).c_str(),
                  fwd, weight, act, inact);
    std::string line = buf;
    if (check.empty()) return line + state + "\n";
    std::snprintf(buf, sizeof buf, "%-11s ", state.c_str());
    return line + buf + check + "\n";
}

} // namespace

std::string status_report(const ipvs::Table& kernel, const Config* cfg, const std::vector<status::RealHealth>* health) {
    std::string out =
        std::string("Prot LocalAddress:Port Scheduler Flags\n"
                    "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn State") +
        (health ? "       Last check\n" : "\n");
    if (!health) out += "(directord is not answering on its status socket: real server states unknown)\n";
    auto idx = index_health(health);
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
            std::string state, check;
            if (const auto* h = health ? find(idx, key, dk) : nullptr) {
                state = h->state;
                check = last_check(*h);
            } else if (v) {
                auto r = role.find(dk);
                if (r == role.end()) state = "not in the config";
                else if (r->second == "fallback") state = "fallback";
                else state = "unknown";
            }
            out += dest_line(dk, ipvs::fwd_name(d.fwd), d.weight, d.active_conns, d.inactive_conns, state, check);
        }
        if (v)
            for (const auto& r : v->reals) {
                auto k = dest_for(*v, r, 0).key;
                if (svc.dests.count(k)) continue;
                const auto* h = health ? find(idx, key, k) : nullptr;
                std::string state = (h ? h->state : std::string("down")) + " (not in the table)";
                out += dest_line(k, ipvs::fwd_name(r.fwd), 0, 0, 0, state, h ? last_check(*h) : "");
            }
    }
    if (cfg)
        for (const auto& v : cfg->virtuals)
            if (!kernel.count(v.key)) {
                out += service_head(v.key, v.service_opts()) + "   (configured, not in the table)\n";
                for (const auto& r : v.reals) {
                    auto k = dest_for(v, r, 0).key;
                    if (const auto* h = health ? find(idx, v.key, k) : nullptr)
                        out += dest_line(k, ipvs::fwd_name(r.fwd), 0, 0, 0, h->state + " (not in the table)", last_check(*h));
                }
            }
    return out;
}

std::string large_number(std::uint64_t n) {
    char buf[32];
    if (n < 100'000'000ULL) std::snprintf(buf, sizeof buf, "%9llu", (unsigned long long)n);
    else if (n < 1'000'000'000ULL) std::snprintf(buf, sizeof buf, "%8lluK", (unsigned long long)(n / 1000));
    else if (n < 100'000'000'000ULL) std::snprintf(buf, sizeof buf, "%8lluM", (unsigned long long)(n / 1'000'000));
    else if (n < 100'000'000'000'000ULL) std::snprintf(buf, sizeof buf, "%8lluG", (unsigned long long)(n / 1'000'000'000ULL));
    else std::snprintf(buf, sizeof buf, "%8lluT", (unsigned long long)(n / 1'000'000'000'000ULL));
    return buf;
}

std::string stats_report(const ipvs::Table& kernel, const ipvs::TableStats& stats,
                         const std::vector<status::RealHealth>* health, StatsLayout layout) {
    bool rate = layout == StatsLayout::rate;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-33s %8s %8s %8s %8s %8s  %s\n", "Prot LocalAddress:Port", rate ? "CPS" : "Conns",
                  rate ? "InPPS" : "InPkts", rate ? "OutPPS" : "OutPkts", rate ? "InBPS" : "InBytes",
                  rate ? "OutBPS" : "OutBytes", "State");
    std::string out = buf;
    out += "  -> RemoteAddress:Port\n";
    auto numbers = [&](const ipvs::Stats& s) {
        if (rate) return large_number(s.cps) + large_number(s.inpps) + large_number(s.outpps) + large_number(s.inbps) +
                         large_number(s.outbps);
        return large_number(s.conns) + large_number(s.inpkts) + large_number(s.outpkts) + large_number(s.inbytes) +
               large_number(s.outbytes);
    };
    auto idx = index_health(health);
    for (const auto& [key, svc] : kernel) {
        auto st = stats.services.find(key);
        std::snprintf(buf, sizeof buf, "%-33s", service_name(key).c_str());
        out += buf + numbers(st == stats.services.end() ? ipvs::Stats{} : st->second) + "\n";
        for (const auto& [dk, d] : svc.dests) {
            auto ds = stats.dests.find({key, dk});
            std::snprintf(buf, sizeof buf, "  -> %-28s", ha::endpoint(dk.addr, dk.port).c_str());
            const auto* h = health ? find(idx, key, dk) : nullptr;
            out += buf + numbers(ds == stats.dests.end() ? ipvs::Stats{} : ds->second) + "  " +
                   (h ? h->state : health ? "not in the config" : "unknown") + "\n";
        }
    }
    return out;
}

namespace {

std::string json_stats(const ipvs::Stats& s) {
    auto n = [](std::uint64_t v) { return std::to_string(v); };
    return "{\"conns\":" + n(s.conns) + ",\"inpkts\":" + n(s.inpkts) + ",\"outpkts\":" + n(s.outpkts) +
           ",\"inbytes\":" + n(s.inbytes) + ",\"outbytes\":" + n(s.outbytes) + ",\"cps\":" + n(s.cps) +
           ",\"inpps\":" + n(s.inpps) + ",\"outpps\":" + n(s.outpps) + ",\"inbps\":" + n(s.inbps) +
           ",\"outbps\":" + n(s.outbps) + "}";
}

std::string json_health(const status::RealHealth* h) {
    if (!h) return "\"state\":null,\"last_check\":null";
    std::string last = h->last.empty() ? "null"
                                        : "{\"result\":" + ha::json_string(h->last) + ",\"age_ms\":" +
                                              std::to_string(h->age_ms) + ",\"reason\":" + ha::json_string(h->reason) + "}";
    return "\"state\":" + ha::json_string(h->state) + ",\"last_check\":" + last +
           (h->last.empty() && !h->reason.empty() ? ",\"note\":" + ha::json_string(h->reason) : "");
}

} // namespace

std::string json_report(const StatusFacts& facts, const ipvs::Table& kernel, const Config* cfg,
                        const std::vector<status::RealHealth>* health, const ipvs::TableStats* stats) {
    auto idx = index_health(health);
    std::map<ipvs::ServiceKey, const Virtual*> managed;
    if (cfg)
        for (const auto& v : cfg->virtuals) managed[v.key] = &v;
    std::string out = "{\"running\":" + std::string(facts.running ? "true" : "false") +
                      ",\"pid\":" + (facts.running ? std::to_string(facts.pid) : "null") +
                      ",\"config\":" + ha::json_string(facts.config_path) +
                      ",\"health_known\":" + (health ? "true" : "false") + ",\"virtuals\":[";
    bool first_v = true;
    auto add_virtual = [&](const ipvs::ServiceKey& key, const ipvs::Service* svc, const Virtual* v) {
        out += std::string(first_v ? "" : ",") + "{\"service\":" + ha::json_string(ipvs::service_str(key));
        first_v = false;
        out += ",\"in_table\":" + std::string(svc ? "true" : "false") + ",\"in_config\":" + (v ? "true" : "false");
        if (svc) out += ",\"scheduler\":" + ha::json_string(svc->opts.scheduler);
        if (svc && stats) {
            auto st = stats->services.find(key);
            out += ",\"stats\":" + json_stats(st == stats->services.end() ? ipvs::Stats{} : st->second);
        }
        out += ",\"reals\":[";
        bool first_r = true;
        auto add_real = [&](const ipvs::DestKey& dk, const ipvs::Dest* d, ipvs::Fwd fwd) {
            out += std::string(first_r ? "" : ",") + "{\"address\":" + ha::json_string(ha::endpoint(dk.addr, dk.port));
            first_r = false;
            out += ",\"in_table\":" + std::string(d ? "true" : "false") + ",\"forward\":" + ha::json_string(ipvs::fwd_name(fwd));
            if (d)
                out += ",\"weight\":" + std::to_string(d->weight) + ",\"active_conns\":" + std::to_string(d->active_conns) +
                       ",\"inactive_conns\":" + std::to_string(d->inactive_conns);
            out += "," + json_health(health ? find(idx, key, dk) : nullptr);
            if (d && stats) {
                auto ds = stats->dests.find({key, dk});
                out += ",\"stats\":" + json_stats(ds == stats->dests.end() ? ipvs::Stats{} : ds->second);
            }
            out += "}";
        };
        if (svc)
            for (const auto& [dk, d] : svc->dests) add_real(dk, &d, d.fwd);
        if (v)
            for (const auto& r : v->reals) {
                auto k = dest_for(*v, r, 0).key;
                if (!svc || !svc->dests.count(k)) add_real(k, nullptr, r.fwd);
            }
        out += "]}";
    };
    for (const auto& [key, svc] : kernel) {
        auto m = managed.find(key);
        add_virtual(key, &svc, m == managed.end() ? nullptr : m->second);
    }
    if (cfg)
        for (const auto& v : cfg->virtuals)
            if (!kernel.count(v.key)) add_virtual(v.key, nullptr, &v);
    out += "]}\n";
    return out;
}

} // namespace directord
