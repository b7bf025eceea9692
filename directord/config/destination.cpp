#include "directord/config/destination.hpp"

namespace directord {

ipvs::Dest dest_for(const Virtual& v, const Real& r, int weight) {
    ipvs::Dest d;
    d.key.addr = r.addr;
    d.key.port = r.port;
    if (!v.key.is_fwmark() && (r.fwd != ipvs::Fwd::masq || r.port == 0)) d.key.port = v.key.port;
    d.fwd = r.fwd;
    d.weight = weight;
    d.u_threshold = r.u_threshold;
    d.l_threshold = r.l_threshold;
    return d;
}

ipvs::Dest fallback_dest(const Virtual& v) {
    const Fallback& f = *v.fallback;
    Real r;
    r.addr = f.addr;
    r.port = f.port;
    r.fwd = f.fwd;
    return dest_for(v, r, 1);
}

} // namespace directord
