#include "heartbeatd/daemon/peer_generations.hpp"

#include <charconv>

namespace hb::daemon {

namespace {

std::optional<std::uint64_t> number(std::string_view s) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

} // namespace

PeerFloors parse_peer_floors(std::string_view text) {
    PeerFloors out;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        auto sp = line.find(' ');
        if (sp == 0 || sp == std::string_view::npos) continue;
        auto rest = line.substr(sp + 1);
        auto sp2 = rest.find(' ');
        auto gen = number(rest.substr(0, sp2));
        if (!gen) continue;
        PeerFloor f{*gen, std::nullopt};
        if (sp2 != std::string_view::npos) {
            f.seq = number(rest.substr(sp2 + 1));
            if (!f.seq) continue;
        }
        out[std::string(line.substr(0, sp))] = f;
    }
    return out;
}

std::string format_peer_floors(const PeerFloors& f) {
    std::string out;
    for (const auto& [node, fl] : f) {
        out += node + " " + std::to_string(fl.generation);
        if (fl.seq) out += " " + std::to_string(*fl.seq);
        out += "\n";
    }
    return out;
}

PeerGenerations parse_peer_generations(std::string_view text) {
    PeerGenerations out;
    for (const auto& [node, f] : parse_peer_floors(text)) out[node] = f.generation;
    return out;
}

std::string format_peer_generations(const PeerGenerations& g) {
    PeerFloors f;
    for (const auto& [node, gen] : g) f[node] = PeerFloor{gen, std::nullopt};
    return format_peer_floors(f);
}

} // namespace hb::daemon
