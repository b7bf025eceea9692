#include "directord/director/desired.hpp"

namespace directord {

Desired desired_table(const Config& cfg, const HealthFn& up, const ipvs::Table& actual) {
    Desired out;
    for (std::size_t vi = 0; vi < cfg.virtuals.size(); ++vi) {
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
    return out;
}

} // namespace directord
