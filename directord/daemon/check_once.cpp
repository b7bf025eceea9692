#include "directord/daemon/check_once.hpp"

#include <map>

#include "directord/checks/engine/check_scheduler.hpp"
#include "directord/checks/engine/probe_factory.hpp"
#include "directord/director/change_log.hpp"
#include "directord/health/plan.hpp"
#include "lib/printable.hpp"

namespace directord {

namespace asio = boost::asio;

std::vector<OnceVerdict> run_checks_once(const Config& cfg) {
    auto plan = health::make_plan(cfg, ipvs::Table{});
    std::vector<OnceVerdict> out;
    std::map<std::string, std::size_t> by_key;   // check identity -> its verdict
    for (const auto& m : plan.members) {
        const Virtual& v = cfg.virtuals[m.ref.vi];
        const Real& r = v.reals[m.ref.ri];
        std::string who = ha::endpoint(r.addr, r.port) + " in " + virtual_id(v.key);
        if (m.check_key.empty()) {
            OnceVerdict f;
            f.check = "fixed";
            f.reals = {who};
            f.up = m.static_up;
            f.reason = m.static_reason;
            out.push_back(std::move(f));
            continue;
        }
        auto [it, fresh] = by_key.emplace(m.check_key, out.size());
        if (fresh) {
            OnceVerdict c;
            c.check = plan.checks.at(m.check_key).str();
            out.push_back(std::move(c));
        }
        out[it->second].reals.push_back(who);
    }

    asio::io_context io;
    checks::ProbeFactory factory(io.get_executor(), 32);
    std::map<checks::CheckScheduler::Id, OnceVerdict*> verdict_of;
    checks::CheckScheduler* sched_ptr = nullptr;
    // One run each: the report removes the check, so the loop ends once every check has answered.
    checks::CheckScheduler sched(io.get_executor(), [&](checks::CheckScheduler::Id id, const checks::CheckResult& r) {
        OnceVerdict* v = verdict_of.at(id);
        v->up = r.up;
        v->reason = ha::printable(r.reason);   // server text on a terminal: no escapes
        v->took = std::chrono::duration_cast<std::chrono::milliseconds>(r.latency);
        sched_ptr->remove(id);
    });
    sched_ptr = &sched;
    for (const auto& [key, idx] : by_key) {
        const auto& spec = plan.checks.at(key);
        verdict_of[sched.add(factory.make(spec), std::chrono::hours(1), spec.deadline(), std::chrono::steady_clock::duration::zero())] =
            &out[idx];
    }
    io.run();
    return out;
}

std::string format_verdict(const OnceVerdict& v) {
    std::string s = v.up ? "up   " : "down ";
    s += v.check + " (";
    for (std::size_t i = 0; i < v.reals.size(); ++i) s += (i ? ", " : "") + v.reals[i];
    s += ")";
    if (v.check != "fixed") s += " " + std::to_string(v.took.count()) + " ms";
    s += ": " + (v.reason.empty() ? std::string("-") : v.reason);
    return s;
}

} // namespace directord
