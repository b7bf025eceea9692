#include "directord/director/change_log.hpp"

#include "directord/director/desired.hpp"

namespace directord {

std::string virtual_id(const ipvs::ServiceKey& k) {
    if (k.is_fwmark()) return std::string(k.af == AF_INET6 ? "fwm6:" : "fwm:") + std::to_string(k.fwmark);
    const char* p = k.protocol == IPPROTO_UDP ? "udp:" : k.protocol == IPPROTO_SCTP ? "sctp:" : "tcp:";
    return p + ha::endpoint(k.addr, k.port);
}

namespace {

enum class Role { real, fallback, unknown };

Role role_of(const ipvs::Op& op, const Config& cfg) {
    for (const auto& v : cfg.virtuals) {
        if (v.key != op.svc) continue;
        if (v.fallback && fallback_dest(v).key == op.dest.key) return Role::fallback;
        for (const auto& r : v.reals)
            if (dest_for(v, r, 0).key == op.dest.key) return Role::real;
    }
    return Role::unknown;
}

} // namespace

std::string describe_change(const ipvs::Op& op, const Config& cfg, const ipvs::Table& before) {
    std::string v = virtual_id(op.svc);
    std::string r = ha::endpoint(op.dest.key.addr, op.dest.key.port);
    std::string w = std::to_string(op.dest.weight);
    Role role = role_of(op, cfg);
    const char* kind = role == Role::fallback ? "fallback server" : "real server";
    int old_weight = -1;
    if (auto s = before.find(op.svc); s != before.end())
        if (auto d = s->second.dests.find(op.dest.key); d != s->second.dests.end()) old_weight = d->second.weight;

    switch (op.kind) {
    case ipvs::Op::add_service: return "Added virtual server: " + v;
    case ipvs::Op::edit_service: return "Changed virtual server: " + v;
    case ipvs::Op::del_service: return "Purged virtual server: " + v;
    case ipvs::Op::add_dest:
        if (op.dest.weight == 0 && role == Role::real)
            return "Readd Quiescent real server: " + r + " (" + v + ") (Weight set to 0)";
        return std::string("Added ") + kind + ": " + r + " (" + v + ") (Weight set to " + w + ")";
    case ipvs::Op::edit_dest:
        if (op.dest.weight == 0) return std::string("Quiescent ") + kind + ": " + r + " (" + v + ") (Weight set to 0)";
        if (old_weight == 0) return std::string("Restored ") + kind + ": " + r + " (" + v + ") (Weight set to " + w + ")";
        return std::string("Changed ") + kind + ": " + r + " (" + v + ") (Weight set to " + w + ")";
    case ipvs::Op::del_dest:
        if (role == Role::unknown) return "Purged real server: " + r + " (" + v + ")";
        return std::string("Deleted ") + kind + ": " + r + " (" + v + ")";
    }
    return "?";
}

} // namespace directord
