// Small builders for IPVS table entries, shared by the reconciler and ipvsadm tests.
#pragma once
#include <cstdint>

#include "directord/ipvs/model.hpp"

namespace ipvs_fixtures {

inline ipvs::ServiceKey tcp(const char* ip, std::uint16_t port) {
    ipvs::ServiceKey k;
    k.addr = *ha::Address::parse(ip);
    k.af = k.addr.family;
    k.port = port;
    return k;
}

inline ipvs::Dest dest(const char* ip, std::uint16_t port, int weight, ipvs::Fwd fwd) {
    ipvs::Dest d;
    d.key = {*ha::Address::parse(ip), port};
    d.weight = weight;
    d.fwd = fwd;
    return d;
}

} // namespace ipvs_fixtures
