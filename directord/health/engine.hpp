// The health-check engine: runs every check of a Config on one io_context, keeps the
// health of every real server, and says when it changes, so the daemon re-syncs the
// table only on change. Reconfigure with a new Config: checks whose identity did not
// change keep running and keep their state; the others start over.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "directord/checks/engine/check_scheduler.hpp"
#include "directord/checks/engine/probe_factory.hpp"
#include "directord/health/health_fn.hpp"
#include "directord/health/health_table.hpp"
#include "directord/health/plan.hpp"
#include "directord/ipvs/model.hpp"

namespace directord::health {

struct EngineOptions {
    std::size_t max_processes = 32;     // external checks running at once
    // First runs are spread at random over the interval (reals already serving), or
    // over the first second at most (reals waiting to join). false: all start at once.
    bool spread_start = true;
    std::uint64_t seed = 0;             // 0: random
};

// The last result of a check, for `directord status`.
struct LastResult {
    bool up = false;
    std::string reason;
    std::chrono::steady_clock::time_point at{};
};

class Engine {
public:
    explicit Engine(boost::asio::io_context& io, EngineOptions opt = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Start, or switch to a new config. `kernel`: the IPVS table now (start-up rule).
    void configure(const Config& cfg, const ipvs::Table& kernel);
    // Stop every check (no callbacks after this).
    void stop();

    bool up(std::size_t vi, std::size_t ri) const { return table_.up({vi, ri}); }
    // For desired_table(); valid while the engine lives, for the current config.
    HealthFn health() const;
    // Called once per event-loop turn in which some real went up or down (coalesced).
    void on_change(std::function<void()> cb) { on_change_ = std::move(cb); }
    // Every event (soft failures and resets too), with its ldirectord-worded text.
    void on_event(std::function<void(const HealthEvent&, const std::string&)> cb) { on_event_ = std::move(cb); }

    // Every result as each real it feeds sees it (monitorfile); not for reals in maintenance.
    void on_real_result(std::function<void(RealRef, const checks::CheckResult&)> cb) { on_real_result_ = std::move(cb); }
    // maintenancedir scan result: these reals (with the file naming them) are in maintenance.
    void set_maintenance(const std::map<RealRef, std::string>& in);

    const HealthTable& table() const { return table_; }
    // The last result of the check feeding this real; nullopt before its first result and
    // for reals without a check (checktype on/off: see the member's static_reason).
    std::optional<LastResult> last_result(RealRef ref) const;
    std::size_t checks_running() const { return scheduler_.size(); }
    const checks::ProbeFactory& factory() const { return factory_; }

private:
    // Called by the scheduler: the check's table id is one vector index away.
    void report(checks::CheckScheduler::Id id, const checks::CheckResult& r);
    void notify_change();

    boost::asio::io_context& io_;
    EngineOptions opt_;
    checks::ProbeFactory factory_;
    RealNames names_;   // of the current config, for event texts
    HealthTable table_;
    // No copy of the spec or of its key here: the probe holds what it needs, the table
    // the key (both ~1 KB together, times 10,000 reals).
    std::vector<checks::CheckScheduler::Id> sched_id_;   // by HealthTable::check_id
    std::vector<int> table_id_;                          // by scheduler id: HealthTable::check_id
    std::vector<std::optional<LastResult>> last_;        // by HealthTable::check_id
    std::function<void()> on_change_;
    std::function<void(const HealthEvent&, const std::string&)> on_event_;
    std::function<void(RealRef, const checks::CheckResult&)> on_real_result_;
    std::mt19937_64 rng_;
    bool change_posted_ = false;
    std::shared_ptr<bool> alive_;   // guards posted notifications after destruction
    checks::CheckScheduler scheduler_;   // last: destroyed (stopped) first
};

} // namespace directord::health
