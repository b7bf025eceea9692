#include "directord/config/virtual_id.hpp"

namespace directord {

std::string virtual_id(const ipvs::ServiceKey& k) {
    if (k.is_fwmark()) return std::string(k.af == AF_INET6 ? "fwm6:" : "fwm:") + std::to_string(k.fwmark);
    const char* p = k.protocol == IPPROTO_UDP ? "udp:" : k.protocol == IPPROTO_SCTP ? "sctp:" : "tcp:";
    return p + ha::endpoint(k.addr, k.port);
}

} // namespace directord
