// Parsers for ipvsadm's two numeric listings. Pure: text in, Table out.
//   `ipvsadm -S -n`                 services, flags, forwarding and weights
//   `ipvsadm -L -n --thresholds`    upper/lower thresholds and connection counters
#pragma once
#include <string>
#include <string_view>

#include "directord/ipvs/model.hpp"

namespace ipvs {

// Throws std::runtime_error naming the line it cannot read.
Table parse_save(std::string_view text);
// Fills thresholds and counters of the destinations already in `t`; services or
// destinations not in `t` are ignored (the two listings are not taken atomically).
void merge_thresholds(Table& t, std::string_view text);

} // namespace ipvs
