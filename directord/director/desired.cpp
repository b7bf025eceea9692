#include "directord/director/desired.hpp"

namespace directord {

namespace {

void plan_virtual(Desired& out, const Config& cfg, std::size_t vi, const HealthFn& up, const ipvs::Table& actual) {
    const Virtual& v = cfg.virtuals[vi];
    ipvs::Service svc{v.key, v.service_opts(), {}};
    const ipvs::Service* have = nullptr;
    if (auto a = actual.find(v.key); a != actual.end()) have = &a->second;

    bool any_up = false;
    for (std::size_t ri = 0; ri < v.reals.size(); ++ri) {
        const Real& r = v.reals[ri];
        bool is_up = up(vi, ri);
        // ldirectord: "up" is a check state, not a weight; a weight-0 real that passes
        // its check still keeps the fallback out.
        any_up = any_up || is_up;
        ipvs::Dest d = dest_for(v, r, is_up ? r.weight : 0);
        auto existing = svc.dests.find(d.key);
        if (existing != svc.dests.end()) {
            // Two lines naming one kernel entry (e.g. h:8080 gate and h:80 gate): up wins.
            if (is_up && existing->second.weight == 0) existing->second = d;
            continue;
        }
        if (is_up) {
            svc.dests[d.key] = d;
        } else if (v.quiescent) {
            bool present = have && have->dests.count(d.key);
            if (present || cfg.readdquiescent) svc.dests[d.key] = d;
        }
    }
    if (!any_up && v.fallback) {
        ipvs::Dest f = fallback_dest(v);
        svc.dests[f.key] = f;
        out.fallback_on.insert(v.key);
    }
    out.table[v.key] = std::move(svc);
}

} // namespace

Desired desired_table(const Config& cfg, const HealthFn& up, const ipvs::Table& actual) {
    Desired out;
    for (std::size_t vi = 0; vi < cfg.virtuals.size(); ++vi) plan_virtual(out, cfg, vi, up, actual);
    return out;
}

Desired desired_table(const Config& cfg, const HealthFn& up, const ipvs::Table& actual,
                      const std::vector<std::size_t>& only) {
    // By key, in file order: virtuals sharing a key make one service, the last one wins,
    // as in the full plan.
    std::set<ipvs::ServiceKey> keys;
    for (std::size_t vi : only)
        if (vi < cfg.virtuals.size()) keys.insert(cfg.virtuals[vi].key);
    Desired out;
    for (std::size_t vi = 0; vi < cfg.virtuals.size() && !keys.empty(); ++vi)
        if (keys.count(cfg.virtuals[vi].key)) plan_virtual(out, cfg, vi, up, actual);
    return out;
}

} // namespace directord
