// directord's Prometheus metrics: what the daemon counts as checks end and syncs run, and a
// pure rendering of it plus each real's health at scrape time into families.
// The kernel's IPVS counters are read at scrape time (netlink backend only) and rendered by
// ipvs_families().
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "directord/ipvs/stats.hpp"
#include "lib/metrics_text.hpp"

namespace directord {

// A check's failure text -> a small fixed set of reasons (a label must not carry free
// text): timeout, refused, reset, unreachable, tls, no_match, bad_response, other.
std::string failure_class(std::string_view reason);

struct DirMetrics {
    std::uint64_t checks_up = 0, checks_down = 0;
    std::map<std::string, std::uint64_t> failures;   // failure_class -> count
    ha::metrics::Histogram check_latency{ha::metrics::duration_buckets()};
    ha::metrics::Histogram sync_seconds{ha::metrics::duration_buckets()};
    std::uint64_t table_changes = 0, table_change_failures = 0, syncs = 0;

    void check_result(bool up, const std::string& reason, std::chrono::steady_clock::duration latency);
};

struct RealHealth {
    std::string virtual_id, real;   // "tcp:10.0.0.1:80", "10.0.0.2:80"
    bool up = false;
    bool maintenance = false;
};

std::vector<ha::metrics::Family> dir_families(const DirMetrics& m, const std::vector<RealHealth>& reals);

// The kernel's counters per virtual service and per real (what `ipvsadm -Ln --stats` shows):
// connections, packets and bytes in and out, as counters (Prometheus derives the rates).
std::vector<ha::metrics::Family> ipvs_families(const ipvs::TableStats& st);

} // namespace directord
