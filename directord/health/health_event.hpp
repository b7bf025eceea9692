// A change in the health of one configured real server, for logs and table syncs.
#pragma once
#include <compare>
#include <cstddef>
#include <string>

#include "directord/config/config.hpp"

namespace directord::health {

// A real= line of a virtual: indexes into Config::virtuals and Virtual::reals.
struct RealRef {
    std::size_t vi = 0, ri = 0;
    auto operator<=>(const RealRef&) const = default;
};

struct HealthEvent {
    enum class Kind {
        soft_failure,   // failed, still up: failure failcount/failurecount
        reset,          // a success cleared the failure count
        up,             // starts taking traffic
        down,           // stops taking traffic
    };
    Kind kind;
    RealRef ref;
    int failcount = 0;
    int failurecount = 0;
    std::string reason;   // the check's message (status line, error ...)
};

// ldirectord's wording: "Soft failure real server: 10.0.0.2:80 (tcp:10.0.0.1:80) failure 1/3",
// "Resetting soft failure count: 10.0.0.2:80 (tcp:10.0.0.1:80)"; up/down lines name the
// check result (the table change itself is logged by the director).
std::string describe(const HealthEvent& e, const Config& cfg);

// The names describe() needs, without the rest of the config (the engine keeps these:
// ~30 bytes a real instead of a Config copy's ~150).
class RealNames {
public:
    RealNames() = default;
    explicit RealNames(const Config& cfg);
    std::string describe(const HealthEvent& e) const;

private:
    struct Addr {
        ha::Address addr;
        std::uint16_t port = 0;
    };
    std::vector<ipvs::ServiceKey> virtuals_;
    std::vector<std::vector<Addr>> reals_;
};

} // namespace directord::health
