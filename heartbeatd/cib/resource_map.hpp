// One haresources resource -> the Pacemaker primitive that does the same job today:
//   IPaddr, IPaddr2, a bare IP        -> ocf:heartbeat:IPaddr2 (ip, cidr_netmask, nic, iflabel, broadcast)
//   IPv6addr                          -> ocf:heartbeat:IPv6addr (ipv6addr, cidr_netmask, nic)
//   directord, ldirectord             -> ocf:heartbeat:ldirectord (configfile, ldirectord=directord)
//   heartbeat's resource.d wrappers   -> the OCF agent they wrap, positional arguments named
//                                        as the wrapper names them (Filesystem, MailTo, ...)
//   an init script without arguments  -> lsb:NAME
// Anything else is not converted, with the reason.
#pragma once
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "heartbeatd/cib/cib_model.hpp"
#include "heartbeatd/config/haresources.hpp"

namespace hb::cib {

struct MapContext {
    std::set<std::string> resource_d;   // scripts found in <config dir>/resource.d
    std::set<std::string> init_d;       // scripts found in /etc/init.d
    std::string directord_path;         // the ldirectord= parameter
    // directord's config argument ("ldirectord.cf") -> the full path the agent gets, found
    // as directord finds it; nullopt when no such file exists here.
    std::function<std::optional<std::string>(const std::string&)> ldirectord_config;
};

struct Mapped {
    std::optional<Primitive> primitive;   // nullopt: not converted, `error` says why
    std::string error;
    std::vector<std::string> warnings;    // converted, with something the operator must know
};

// The primitive's id is left empty (the caller makes ids unique).
Mapped map_resource(const config::Resource& r, const MapContext& ctx);

// A readable id for the resource, e.g. "IPaddr2_10.0.0.1", "directord_ldirectord.cf".
std::string resource_id(const config::Resource& r, const Primitive& p);

} // namespace hb::cib
