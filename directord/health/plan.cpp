#include "directord/health/plan.hpp"

#include <cstdint>
#include <functional>
#include <string_view>

#include "directord/config/destination.hpp"
#include "directord/config/virtual_id.hpp"

namespace directord::health {

namespace {

bool serving(const Virtual& v, const Real& r, const ipvs::Table& kernel) {
    auto svc = kernel.find(v.key);
    if (svc == kernel.end()) return false;
    auto d = svc->second.dests.find(dest_for(v, r, r.weight).key);
    return d != svc->second.dests.end() && d->second.weight > 0;
}

std::uint64_t fnv1a64(std::string_view s) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

} // namespace

std::string identity_digest(std::string_view text) {
    // 90 bits from two unrelated 64-bit hashes, 6 bits a character: 15 characters, the
    // most a std::string holds without a heap block.
    static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::uint64_t a = std::hash<std::string_view>{}(text), b = fnv1a64(text);
    std::string out(15, ' ');
    for (int i = 0; i < 15; ++i) {
        out[i] = digits[a & 63];
        a = (a >> 6) | (b << 58);
        b >>= 6;
    }
    return out;
}

Plan make_plan(const Config& cfg, const ipvs::Table& kernel) {
    Plan p;
    std::size_t reals = 0;
    for (const auto& v : cfg.virtuals) reals += v.reals.size();
    p.members.reserve(reals);
    for (std::size_t vi = 0; vi < cfg.virtuals.size(); ++vi) {
        const Virtual& v = cfg.virtuals[vi];
        for (std::size_t ri = 0; ri < v.reals.size(); ++ri) {
            const Real& r = v.reals[ri];
            Member m;
            m.ref = {vi, ri};
            m.failurecount = std::max(1, v.failurecount);
            m.serving_now = serving(v, r, kernel);
            auto spec = checks::spec_for(cfg, v, r);
            if (auto* fixed = std::get_if<checks::FixedHealth>(&spec)) {
                m.static_up = fixed->up;
                m.static_reason = fixed->reason;
            } else {
                auto& s = std::get<checks::CheckSpec>(spec);
                m.check_key = identity_digest(s.key());
                p.checks.emplace(m.check_key, std::move(s));
            }
            m.state_key = identity_digest(virtual_id(v.key) + "|" + ha::endpoint(r.addr, r.port) + "|" + m.check_key);
            p.members.push_back(std::move(m));
        }
    }
    return p;
}

} // namespace directord::health
