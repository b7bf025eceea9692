// Desired table vs the kernel's table -> the minimal ordered list of changes. Pure.
#pragma once
#include <set>
#include <vector>

#include "directord/ipvs/model.hpp"

namespace ipvs {

// `desired` holds only the services directord manages. Services in `actual` that are not
// desired are left alone, except those in `remove` (virtuals dropped from the config by a
// reload, or every managed virtual at a clean stop), which are deleted.
//
// Order: service deletions, then per service: add or edit the service, add new
// destinations, edit changed ones, delete stale ones last, so a service never passes
// through an empty state while being updated (a new fallback is in before the last real
// goes, and the other way round).
std::vector<Op> reconcile(const Table& desired, const Table& actual,
                          const std::set<ServiceKey>& remove = {});

// True when changing `from` into `to` cannot be done with an edit (IPVS_CMD_SET_SERVICE)
// and the service must be deleted and added again.
bool needs_recreate(const ServiceOpts& from, const ServiceOpts& to);

// True when a service with `a` needs no change to have `b` (what the kernel keeps and
// ipvsadm shows: scheduler, managed flags, pe, and timeout/netmask when persistent).
bool same_opts(const ServiceOpts& a, const ServiceOpts& b);

} // namespace ipvs
