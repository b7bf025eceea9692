// How often the daemon re-reads the IPVS table and re-asserts it when no health changed
// (repairs what another tool or a mistaken `ipvsadm -C` did). Every checkinterval, as
// long as that costs at most 1% of the time: a resync that took T waits at least 100 T
// before the next one (a netlink dump and plan of 10,000 reals takes tens of ms, an
// `ipvsadm -Ln` child more), and never more than a minute. Health changes sync at once
// whatever this says.
#pragma once
#include <chrono>

namespace directord {

std::chrono::milliseconds resync_period(int checkinterval_s, std::chrono::steady_clock::duration last_cost);

} // namespace directord
