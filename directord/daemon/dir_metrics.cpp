#include "directord/daemon/dir_metrics.hpp"

#include "directord/config/virtual_id.hpp"
#include "lib/address.hpp"

#include <algorithm>
#include <cctype>

namespace directord {

using namespace ha::metrics;

namespace {
bool has(std::string_view text, std::string_view word) {
    auto it = std::search(text.begin(), text.end(), word.begin(), word.end(),
                          [](char a, char b) { return std::tolower((unsigned char)a) == std::tolower((unsigned char)b); });
    return it != text.end();
}
} // namespace

std::string failure_class(std::string_view r) {
    if (has(r, "timed out") || has(r, "timeout") || has(r, "deadline")) return "timeout";
    if (has(r, "refused")) return "refused";
    if (has(r, "reset") || has(r, "connection closed") || has(r, "broken pipe") || has(r, "end of file")) return "reset";
    if (has(r, "unreachable") || has(r, "no route")) return "unreachable";
    if (has(r, "tls") || has(r, "ssl") || has(r, "certificate") || has(r, "handshake")) return "tls";
    if (has(r, "match")) return "no_match";
    if (has(r, "status") || has(r, "unexpected") || has(r, "expected") || has(r, "malformed") || has(r, "invalid"))
        return "bad_response";
    return "other";
}

void DirMetrics::check_result(bool up, const std::string& reason, std::chrono::steady_clock::duration latency) {
    (up ? checks_up : checks_down)++;
    if (!up) ++failures[failure_class(reason)];
    check_latency.observe(std::chrono::duration<double>(latency).count());
}

std::vector<Family> dir_families(const DirMetrics& m, const std::vector<RealHealth>& reals) {
    std::vector<Family> out;
    out.push_back({"directord_checks_total", "Check results, per real they feed, by result.", Type::counter,
                   {{{{"result", "up"}}, double(m.checks_up)}, {{{"result", "down"}}, double(m.checks_down)}}, {}});
    Family f{"directord_check_failures_total",
             "Failed check results by reason (timeout, refused, reset, unreachable, tls, no_match, bad_response, other).",
             Type::counter, {}, {}};
    for (auto& [k, v] : m.failures) f.samples.push_back({{{"reason", k}}, double(v)});
    out.push_back(std::move(f));
    out.push_back({"directord_check_latency_seconds", "Time a check took, connect to verdict.", Type::histogram, {},
                   {{{}, m.check_latency.data()}}});
    out.push_back({"directord_table_sync_seconds", "Time of a table sync: dump, plan and apply.", Type::histogram, {},
                   {{{}, m.sync_seconds.data()}}});
    out.push_back({"directord_table_syncs_total", "Table syncs run.", Type::counter, {{{}, double(m.syncs)}}, {}});
    out.push_back({"directord_table_changes_total", "IPVS table changes applied or attempted.", Type::counter,
                   {{{}, double(m.table_changes)}}, {}});
    out.push_back({"directord_table_change_failures_total", "IPVS table changes the kernel refused.", Type::counter,
                   {{{}, double(m.table_change_failures)}}, {}});
    Family up{"directord_real_up", "1 while the real server is healthy (checks and failurecount), else 0.", Type::gauge,
              {}, {}};
    Family mt{"directord_real_maintenance", "1 while the real server is in maintenance (maintenancedir).", Type::gauge,
              {}, {}};
    for (auto& r : reals) {
        Labels l{{"virtual", r.virtual_id}, {"real", r.real}};
        up.samples.push_back({l, r.up ? 1.0 : 0.0});
        mt.samples.push_back({l, r.maintenance ? 1.0 : 0.0});
    }
    out.push_back(std::move(up));
    out.push_back(std::move(mt));
    return out;
}

std::vector<Family> ipvs_families(const ipvs::TableStats& st) {
    struct Counter {
        const char* what;
        const char* help;
        std::uint64_t ipvs::Stats::*field;
    };
    static const Counter kCounters[] = {
        {"connections", "Connections the kernel scheduled", &ipvs::Stats::conns},
        {"in_packets", "Packets in (client to server)", &ipvs::Stats::inpkts},
        {"out_packets", "Packets out (server to client; none seen in LVS-DR/TUN)", &ipvs::Stats::outpkts},
        {"in_bytes", "Bytes in (client to server)", &ipvs::Stats::inbytes},
        {"out_bytes", "Bytes out (server to client; none seen in LVS-DR/TUN)", &ipvs::Stats::outbytes},
    };
    std::vector<Family> out;
    for (const auto& c : kCounters) {
        Family v{std::string("directord_ipvs_virtual_") + c.what + "_total",
                 std::string(c.help) + ", per virtual service, from the kernel's IPVS counters.", Type::counter, {}, {}};
        for (const auto& [key, stats] : st.services) v.samples.push_back({{{"virtual", virtual_id(key)}}, double(stats.*(c.field))});
        Family r{std::string("directord_ipvs_real_") + c.what + "_total",
                 std::string(c.help) + ", per real server, from the kernel's IPVS counters.", Type::counter, {}, {}};
        for (const auto& [key, stats] : st.dests)
            r.samples.push_back({{{"virtual", virtual_id(key.first)}, {"real", ha::endpoint(key.second.addr, key.second.port)}},
                                 double(stats.*(c.field))});
        out.push_back(std::move(v));
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace directord
