// Config + real-server health -> the IPVS table directord wants. Pure.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <set>
#include <vector>

#include "directord/config/config.hpp"
#include "directord/config/destination.hpp"
#include "directord/health/health_fn.hpp"
#include "directord/ipvs/model.hpp"

namespace directord {

using health::HealthFn;

struct Desired {
    ipvs::Table table;
    std::set<ipvs::ServiceKey> fallback_on;   // virtuals whose fallback is in (no real up)
};

// `actual` is the kernel table: quiescent servers keep their entry at weight 0 only if it
// is there (or readdquiescent=yes), as ldirectord does.
Desired desired_table(const Config& cfg, const HealthFn& up, const ipvs::Table& actual);
// The same for some virtuals only (indexes into cfg.virtuals): what a health change needs,
// at a cost that grows with the virtuals it touched rather than with the whole table.
Desired desired_table(const Config& cfg, const HealthFn& up, const ipvs::Table& actual,
                      const std::vector<std::size_t>& only);


} // namespace directord
