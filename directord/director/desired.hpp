// Config + real-server health -> the IPVS table directord wants. Pure.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <set>

#include "directord/config/config.hpp"
#include "directord/ipvs/model.hpp"

namespace directord {

// Health of one configured real server of one virtual (index into Config::virtuals and
// Virtual::reals). Up means "should take traffic".
using HealthFn = std::function<bool(std::size_t virtual_index, std::size_t real_index)>;

// The destination a real= line installs: ipvsadm's port mapping (gate and ipip use the
// virtual's port; masq keeps its own unless 0; fwmark services keep the real's port).
ipvs::Dest dest_for(const Virtual& v, const Real& r, int weight);
ipvs::Dest fallback_dest(const Virtual& v);

struct Desired {
    ipvs::Table table;
    std::set<ipvs::ServiceKey> fallback_on;   // virtuals whose fallback is in (no real up)
};

// `actual` is the kernel table: quiescent servers keep their entry at weight 0 only if it
// is there (or readdquiescent=yes), as ldirectord does.
Desired desired_table(const Config& cfg, const HealthFn& up, const ipvs::Table& actual);


} // namespace directord
