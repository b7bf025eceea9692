#include "directord/health/health_event.hpp"

#include "directord/director/change_log.hpp"

namespace directord::health {

std::string describe(const HealthEvent& e, const Config& cfg) {
    if (e.ref.vi >= cfg.virtuals.size() || e.ref.ri >= cfg.virtuals[e.ref.vi].reals.size()) return "(stale health event)";
    const Virtual& v = cfg.virtuals[e.ref.vi];
    const Real& r = v.reals[e.ref.ri];
    // ldirectord names the real by its configured port (0 when omitted), not the kernel's.
    std::string real = ha::endpoint(r.addr, r.port);
    std::string virt = virtual_id(v.key);
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

} // namespace directord::health
