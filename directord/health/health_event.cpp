#include "directord/health/health_event.hpp"

#include "directord/config/virtual_id.hpp"

namespace directord::health {

namespace {

std::string wording(const HealthEvent& e, const std::string& real, const std::string& virt) {
    switch (e.kind) {
    case HealthEvent::Kind::soft_failure:
        return "Soft failure real server: " + real + " (" + virt + ") failure " + std::to_string(e.failcount) + "/" +
               std::to_string(e.failurecount) + (e.reason.empty() ? "" : ": " + e.reason);
    case HealthEvent::Kind::reset:
        return "Resetting soft failure count: " + real + " (" + virt + ")";
    case HealthEvent::Kind::up:
        return "Real server " + real + " (" + virt + ") is up" + (e.reason.empty() ? "" : ": " + e.reason);
    case HealthEvent::Kind::down:
        return "Real server " + real + " (" + virt + ") is down" + (e.reason.empty() ? "" : ": " + e.reason);
    }
    return "";
}

} // namespace

std::string describe(const HealthEvent& e, const Config& cfg) {
    if (e.ref.vi >= cfg.virtuals.size() || e.ref.ri >= cfg.virtuals[e.ref.vi].reals.size()) return "(stale health event)";
    const Virtual& v = cfg.virtuals[e.ref.vi];
    const Real& r = v.reals[e.ref.ri];
    // ldirectord names the real by its configured port (0 when omitted), not the kernel's.
    return wording(e, ha::endpoint(r.addr, r.port), virtual_id(v.key));
}

RealNames::RealNames(const Config& cfg) {
    virtuals_.reserve(cfg.virtuals.size());
    reals_.reserve(cfg.virtuals.size());
    for (const auto& v : cfg.virtuals) {
        virtuals_.push_back(v.key);
        auto& rs = reals_.emplace_back();
        rs.reserve(v.reals.size());
        for (const auto& r : v.reals) rs.push_back({r.addr, r.port});
    }
}

std::string RealNames::describe(const HealthEvent& e) const {
    if (e.ref.vi >= virtuals_.size() || e.ref.ri >= reals_[e.ref.vi].size()) return "(stale health event)";
    const Addr& r = reals_[e.ref.vi][e.ref.ri];
    return wording(e, ha::endpoint(r.addr, r.port), virtual_id(virtuals_[e.ref.vi]));
}

} // namespace directord::health
