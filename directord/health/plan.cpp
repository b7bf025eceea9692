#include "directord/health/plan.hpp"

#include <cstdio>
#include <functional>

#include "directord/config/destination.hpp"
#include "directord/config/virtual_id.hpp"

namespace directord::health {

namespace {

bool serving(const Virtual& v, const Real& r, const ipvs::Table& kernel) {
    auto svc = kernel.find(v.key);
    if (svc == kernel.end()) return false;
    auto d = svc->second.dests.find(dest_for(v, r, r.weight).key);
    return d != svc->second.dests.end() && d->second.weight > 0;
}

} // namespace

Plan make_plan(const Config& cfg, const ipvs::Table& kernel) {
    Plan p;
    for (std::size_t vi = 0; vi < cfg.virtuals.size(); ++vi) {
        const Virtual& v = cfg.virtuals[vi];
        for (std::size_t ri = 0; ri < v.reals.size(); ++ri) {
            const Real& r = v.reals[ri];
            Member m;
            m.ref = {vi, ri};
            m.failurecount = std::max(1, v.failurecount);
            m.serving_now = serving(v, r, kernel);
            auto spec = checks::spec_for(cfg, v, r);
            if (auto* fixed = std::get_if<checks::FixedHealth>(&spec)) {
                m.static_up = fixed->up;
                m.static_reason = fixed->reason;
            } else {
                auto& s = std::get<checks::CheckSpec>(spec);
                m.check_key = s.key();
                p.checks.emplace(m.check_key, std::move(s));
            }
            // The check's identity enters as a hash: a full key is ~250 bytes a real, and
            // a collision would at worst carry one real's state over to a changed check.
            char h[24];
            std::snprintf(h, sizeof h, "%016zx", std::hash<std::string>{}(m.check_key));
            m.state_key = virtual_id(v.key) + "|" + ha::endpoint(r.addr, r.port) + "|" + (m.check_key.empty() ? "" : h);
            p.members.push_back(std::move(m));
        }
    }
    return p;
}

} // namespace directord::health
