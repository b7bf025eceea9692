// IPVS traffic counters and rates of a service or destination, as the kernel keeps them
// (what `ipvsadm -Ln --stats` and `--rate` show). Read-only; kept apart from the table
// model so the daemon's syncs carry no counters.
#pragma once
#include <cstdint>
#include <map>
#include <utility>

#include "directord/ipvs/model.hpp"

namespace ipvs {

struct Stats {
    // Totals since the entry was created.
    std::uint64_t conns = 0, inpkts = 0, outpkts = 0, inbytes = 0, outbytes = 0;
    // Rates per second, as the kernel's estimator (2 s period) last computed them.
    std::uint64_t cps = 0, inpps = 0, outpps = 0, inbps = 0, outbps = 0;
    auto operator<=>(const Stats&) const = default;
};

struct TableStats {
    std::map<ServiceKey, Stats> services;
    std::map<std::pair<ServiceKey, DestKey>, Stats> dests;
};

} // namespace ipvs
