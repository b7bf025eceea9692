// How ldirectord names a virtual service in its logs and ids: the health engine, the
// director's change log and the daemon all use it.
#pragma once
#include <string>

#include "directord/ipvs/model.hpp"

namespace directord {

// "tcp:10.0.0.1:80", "udp:[2001:db8::1]:53", "fwm:5" as ldirectord names virtuals.
std::string virtual_id(const ipvs::ServiceKey& k);

} // namespace directord
