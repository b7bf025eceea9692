#include "directord/health/engine.hpp"

#include <optional>
#include <sys/resource.h>

#include "lib/printable.hpp"

namespace directord::health {

Engine::Engine(boost::asio::io_context& io, EngineOptions opt)
    : io_(io), opt_(std::move(opt)), factory_(io.get_executor(), opt_.max_processes),
      rng_(opt_.seed ? opt_.seed : std::random_device{}()), alive_(std::make_shared<bool>(true)),
      scheduler_(io.get_executor(), [this](checks::CheckScheduler::Id id, const checks::CheckResult& r) { report(id, r); }) {}

Engine::~Engine() {
    stop();
    *alive_ = false;
}

namespace {

// Every check in flight holds a socket: with 10,000 reals the usual soft limit of 1024
// open files is too low. Raise it toward the hard limit (never lower it).
void allow_files_for(std::size_t checks) {
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
    rlim_t want = static_cast<rlim_t>(checks) * 2 + 256;
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want) return;
    rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ? want : std::min(want, rl.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &rl);
}

} // namespace

void Engine::configure(const Config& cfg, const ipvs::Table& kernel) {
    Plan plan = make_plan(cfg, kernel);
    allow_files_for(plan.checks.size());
    names_ = RealNames(cfg);
    // The checks running now, by identity: a copy of the keys only while reconfiguring.
    std::map<std::string, checks::CheckScheduler::Id> running;
    // Last results of the checks that keep running, carried over by identity.
    std::map<std::string, LastResult> kept_results;
    for (std::size_t t = 0; t < sched_id_.size() && t < table_.check_count(); ++t) {
        running.emplace(table_.check_key((int)t), sched_id_[t]);
        if (t < last_.size() && last_[t] && plan.checks.count(table_.check_key((int)t)))
            kept_results.emplace(table_.check_key((int)t), std::move(*last_[t]));
    }
    table_.configure(std::move(plan.members));
    last_.assign(table_.check_count(), std::nullopt);
    for (auto& [key, r] : kept_results)
        if (int t = table_.check_id(key); t >= 0) last_[t] = std::move(r);

    // Checks no longer wanted stop; unchanged identities keep running with their state.
    for (auto it = running.begin(); it != running.end();) {
        if (plan.checks.count(it->first)) {
            ++it;
        } else {
            scheduler_.remove(it->second);
            it = running.erase(it);
        }
    }
    // Each spec is dropped once its probe is made: the probes of a 10,000-real start-up
    // reuse the specs' memory instead of growing the heap past both.
    while (!plan.checks.empty()) {
        auto node = plan.checks.extract(plan.checks.begin());
        const std::string& key = node.key();
        const checks::CheckSpec& spec = node.mapped();
        if (running.count(key)) continue;
        using namespace std::chrono;
        steady_clock::duration interval = spec.interval;
        steady_clock::duration delay{0};
        if (opt_.spread_start) {
            // Waiting reals should join soon; serving ones are just being watched.
            auto window = table_.pending(key) ? std::min<steady_clock::duration>(interval, seconds(1)) : interval;
            std::uniform_int_distribution<long long> d(0, duration_cast<milliseconds>(window).count());
            delay = milliseconds(d(rng_));
        }
        running.emplace(key, scheduler_.add(factory_.make(spec), interval, spec.deadline(), delay));
    }
    sched_id_.assign(table_.check_count(), 0);
    table_id_.clear();
    for (auto& [key, id] : running) {
        int t = table_.check_id(key);
        if (t >= 0) sched_id_[t] = id;
        if (id >= table_id_.size()) table_id_.resize(id + 1, -1);
        table_id_[id] = t;
    }
}

std::optional<LastResult> Engine::last_result(RealRef ref) const {
    const Member* m = table_.member(ref);
    if (!m || m->check_key.empty()) return std::nullopt;
    int t = table_.check_id(m->check_key);
    if (t < 0 || std::size_t(t) >= last_.size()) return std::nullopt;
    return last_[t];
}

void Engine::stop() {
    scheduler_.stop();
    sched_id_.clear();
    table_id_.clear();
}

HealthFn Engine::health() const {
    return [this](std::size_t vi, std::size_t ri) { return table_.up({vi, ri}); };
}

void Engine::report(checks::CheckScheduler::Id id, const checks::CheckResult& raw) {
    // A reason may quote the server: one log line whatever it sent (control bytes escaped).
    std::optional<checks::CheckResult> clean;
    if (ha::has_control_bytes(raw.reason)) clean = checks::CheckResult{raw.up, ha::printable(raw.reason), raw.latency};
    const checks::CheckResult& r = clean ? *clean : raw;
    int table_id = id < table_id_.size() ? table_id_[id] : -1;
    if (table_id >= 0 && std::size_t(table_id) < last_.size()) {
        auto& last = last_[table_id];
        if (!last) last.emplace();
        last->up = r.up;
        last->reason = r.reason;
        last->at = std::chrono::steady_clock::now();
    }
    bool changed = false;
    for (const auto& e : table_.feed(table_id, r.up, r.reason)) {
        changed = changed || e.kind == HealthEvent::Kind::up || e.kind == HealthEvent::Kind::down;
        if (on_event_) on_event_(e, names_.describe(e));
    }
    if (on_real_result_) table_.for_each_checked(table_id, [&](RealRef ref) { on_real_result_(ref, r); });
    if (changed) notify_change();
}

void Engine::set_maintenance(const std::map<RealRef, std::string>& in) {
    bool changed = false;
    for (const auto& e : table_.set_maintenance(in)) {
        changed = true;
        if (on_event_) on_event_(e, names_.describe(e));
    }
    if (changed) notify_change();
}

void Engine::notify_change() {
    if (change_posted_) return;
    change_posted_ = true;
    // One sync for every change of this loop turn (many checks may finish together).
    boost::asio::post(io_, [this, alive = alive_] {
        if (!*alive) return;
        change_posted_ = false;
        if (on_change_) on_change_();
    });
}

} // namespace directord::health
