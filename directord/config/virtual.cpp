// Virtual -> kernel service options, with ldirectord's rules for which options take effect.
#include "directord/config/config.hpp"

#include <sstream>

namespace directord {

ipvs::ServiceOpts Virtual::service_opts() const {
    ipvs::ServiceOpts o;
    o.scheduler = scheduler;
    if (persistent) {
        o.flags |= ipvs::kFlagPersistent;
        o.timeout = *persistent;
        // The netmask is only given to ipvsadm together with -p.
        o.netmask = netmask;
    } else {
        o.netmask = v6 ? 128 : 0xffffffff;
    }
    // ldirectord passes -o for udp only; on tcp the option is silently dropped.
    if (ops && key.protocol == IPPROTO_UDP) o.flags |= ipvs::kFlagOnePacket;
    if (schedflags) {
        std::stringstream ss(*schedflags);
        std::string f;
        while (std::getline(ss, f, ',')) {
            if (f == "flag-1" || f == "sh-fallback" || f == "mh-fallback") o.flags |= ipvs::kFlagSched1;
            else if (f == "flag-2" || f == "sh-port" || f == "mh-port") o.flags |= ipvs::kFlagSched2;
            else if (f == "flag-3") o.flags |= ipvs::kFlagSched3;
        }
    }
    return o;
}

} // namespace directord
