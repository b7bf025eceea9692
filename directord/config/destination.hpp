// The kernel entry a real= (or fallback=) line stands for: the director builds the
// table from it, the health engine asks whether the kernel already serves it.
#pragma once
#include "directord/config/config.hpp"
#include "directord/ipvs/model.hpp"

namespace directord {

// ipvsadm's port mapping: gate and ipip use the virtual's port; masq keeps its own
// unless 0; fwmark services keep the real's port.
ipvs::Dest dest_for(const Virtual& v, const Real& r, int weight);
ipvs::Dest fallback_dest(const Virtual& v);

} // namespace directord
