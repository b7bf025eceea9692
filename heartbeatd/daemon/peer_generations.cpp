#include "heartbeatd/daemon/peer_generations.hpp"

#include <charconv>

namespace hb::daemon {

PeerGenerations parse_peer_generations(std::string_view text) {
    PeerGenerations out;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        auto sp = line.find(' ');
        if (sp == 0 || sp == std::string_view::npos) continue;
        std::uint64_t g = 0;
        auto num = line.substr(sp + 1);
        auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), g);
        if (ec != std::errc() || end != num.data() + num.size()) continue;
        out[std::string(line.substr(0, sp))] = g;
    }
    return out;
}

std::string format_peer_generations(const PeerGenerations& g) {
    std::string out;
    for (const auto& [node, gen] : g) out += node + " " + std::to_string(gen) + "\n";
    return out;
}

} // namespace hb::daemon
