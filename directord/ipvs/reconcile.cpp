#include "directord/ipvs/reconcile.hpp"

namespace ipvs {

bool needs_recreate(const ServiceOpts& from, const ServiceOpts& to) {
    // SET_SERVICE changes scheduler, flags, timeout and netmask in place; swapping the
    // persistence engine under live connection templates is not something we do in place.
    return from.pe_name != to.pe_name;
}

bool same_opts(const ServiceOpts& a, const ServiceOpts& b) {
    return a.scheduler == b.scheduler && (a.flags & kFlagsManaged) == (b.flags & kFlagsManaged) &&
           a.pe_name == b.pe_name &&
           // timeout and netmask mean nothing without persistence; the kernel keeps whatever.
           (!(a.flags & kFlagPersistent) || (a.timeout == b.timeout && a.netmask == b.netmask));
}

static void add_all(std::vector<Op>& ops, const Service& s) {
    ops.push_back({Op::add_service, s.key, s.opts, {}});
    for (const auto& [k, d] : s.dests) ops.push_back({Op::add_dest, s.key, {}, d});
}

std::vector<Op> reconcile(const Table& desired, const Table& actual, const std::set<ServiceKey>& remove) {
    std::vector<Op> ops;
    for (const auto& key : remove) {
        auto a = actual.find(key);
        if (a != actual.end() && !desired.count(key)) ops.push_back({Op::del_service, key, a->second.opts, {}});
    }
    for (const auto& [key, want] : desired) {
        auto a = actual.find(key);
        if (a == actual.end()) {
            add_all(ops, want);
            continue;
        }
        const Service& have = a->second;
        if (!same_opts(have.opts, want.opts)) {
            if (needs_recreate(have.opts, want.opts)) {
                ops.push_back({Op::del_service, key, have.opts, {}});
                add_all(ops, want);
                continue;
            }
            ops.push_back({Op::edit_service, key, want.opts, {}});
        }
        std::vector<Op> edits, dels;
        for (const auto& [dk, d] : want.dests) {
            auto h = have.dests.find(dk);
            if (h == have.dests.end())
                ops.push_back({Op::add_dest, key, {}, d});
            else if (!h->second.same_settings(d))
                edits.push_back({Op::edit_dest, key, {}, d});
        }
        for (const auto& [dk, d] : have.dests)
            if (!want.dests.count(dk)) dels.push_back({Op::del_dest, key, {}, d});
        ops.insert(ops.end(), edits.begin(), edits.end());
        ops.insert(ops.end(), dels.begin(), dels.end());
    }
    return ops;
}

} // namespace ipvs
