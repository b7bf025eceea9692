// Log lines for table changes, in ldirectord's wording, so existing log watchers keep working.
#pragma once
#include <string>

#include "directord/config/config.hpp"
#include "directord/ipvs/model.hpp"

namespace directord {

// "tcp:10.0.0.1:80", "udp:[2001:db8::1]:53", "fwm:5" as ldirectord names virtuals.
std::string virtual_id(const ipvs::ServiceKey& k);

// `before` is the table the op applies to; `cfg` tells fallback and configured reals apart.
std::string describe_change(const ipvs::Op& op, const Config& cfg, const ipvs::Table& before);

} // namespace directord
