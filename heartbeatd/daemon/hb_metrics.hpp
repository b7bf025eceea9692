// heartbeatd's Prometheus metrics: counters the daemon, the drivers and the script runner
// bump as things happen (one process-wide registry, single-threaded like the loop), and a
// pure rendering of them plus a snapshot of the node and link states into families.
#pragma once
#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "heartbeatd/resources/script_runner.hpp"
#include "lib/metrics_text.hpp"

namespace hb::daemon {

struct HbMetrics {
    std::map<std::string, std::uint64_t> sent;   // medium -> status heartbeats sent
    std::map<std::pair<std::string, std::string>, std::uint64_t> received;    // (node, medium)
    std::map<std::string, std::uint64_t> late, lost, node_deaths;             // node
    std::map<std::pair<std::string, std::string>, std::uint64_t> link_deaths; // (node, medium)
    std::map<std::string, std::uint64_t> failovers;                           // reason
    std::map<std::pair<std::string, std::string>, ha::metrics::Histogram> scripts;   // (op, result)
    std::map<std::string, std::uint64_t> dropped;                             // cause

    void script_ran(const std::string& op, bool ok, std::chrono::steady_clock::duration took);
};
HbMetrics& hb_metrics();

// What the daemon sees at scrape time.
struct HbSnapshot {
    std::string local;
    std::vector<std::pair<std::string, std::string>> node_status;   // node -> init|up|active|dead|ping
    std::vector<std::pair<std::pair<std::string, std::string>, bool>> links;   // (node, medium) -> up
    std::string rsc_status;   // all|local|foreign|none|transition
};

std::vector<ha::metrics::Family> hb_families(const HbMetrics& m, const HbSnapshot& s);

// A ScriptRunner that times every call of the one it wraps (argv's last word is the op).
class TimedRunner : public resources::ScriptRunner {
public:
    explicit TimedRunner(resources::ScriptRunner& inner) : inner_(inner) {}
    void run(resources::ScriptCall call, Done done) override;

private:
    resources::ScriptRunner& inner_;
};

} // namespace hb::daemon
