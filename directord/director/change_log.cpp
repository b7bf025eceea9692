#include "directord/director/change_log.hpp"

#include "directord/director/desired.hpp"
#include "lib/sorted_pairs.hpp"

namespace directord {

ChangeNarrator::ChangeNarrator(const Config& cfg) {
    std::size_t n = 0;
    for (const auto& v : cfg.virtuals) n += v.reals.size() + (v.fallback ? 1 : 0);
    roles_.reserve(n);
    for (const auto& v : cfg.virtuals) {
        for (const auto& r : v.reals) roles_.emplace_back(Where{v.key, dest_for(v, r, 0).key}, Role::real);
        if (v.fallback) roles_.emplace_back(Where{v.key, fallback_dest(v).key}, Role::fallback);
    }
    // One entry per address, the last given: the fallback's when a real has its address.
    ha::sort_keep_last(roles_);
}

std::string describe_change(const ipvs::Op& op, const Config& cfg, const ipvs::Table& before) {
    return ChangeNarrator(cfg)(op, before);
}

std::string ChangeNarrator::operator()(const ipvs::Op& op, const ipvs::Table& before) const {
    std::string v = virtual_id(op.svc);
    std::string r = ha::endpoint(op.dest.key.addr, op.dest.key.port);
    std::string w = std::to_string(op.dest.weight);
    const Role* found = ha::find_sorted(roles_, Where{op.svc, op.dest.key});
    bool configured = found != nullptr;
    bool fallback = configured && *found == Role::fallback;
    const char* kind = fallback ? "fallback server" : "real server";
    int old_weight = -1;
    if (auto s = before.find(op.svc); s != before.end())
        if (auto d = s->second.dests.find(op.dest.key); d != s->second.dests.end()) old_weight = d->second.weight;

    switch (op.kind) {
    case ipvs::Op::add_service: return "Added virtual server: " + v;
    case ipvs::Op::edit_service: return "Changed virtual server: " + v;
    case ipvs::Op::del_service: return "Purged virtual server: " + v;
    case ipvs::Op::add_dest:
        if (op.dest.weight == 0 && configured && !fallback)
            return "Readd Quiescent real server: " + r + " (" + v + ") (Weight set to 0)";
        return std::string("Added ") + kind + ": " + r + " (" + v + ") (Weight set to " + w + ")";
    case ipvs::Op::edit_dest:
        if (op.dest.weight == 0) return std::string("Quiescent ") + kind + ": " + r + " (" + v + ") (Weight set to 0)";
        if (old_weight == 0) return std::string("Restored ") + kind + ": " + r + " (" + v + ") (Weight set to " + w + ")";
        return std::string("Changed ") + kind + ": " + r + " (" + v + ") (Weight set to " + w + ")";
    case ipvs::Op::del_dest:
        if (!configured) return "Purged real server: " + r + " (" + v + ")";
        return std::string("Deleted ") + kind + ": " + r + " (" + v + ")";
    }
    return "?";
}

} // namespace directord
