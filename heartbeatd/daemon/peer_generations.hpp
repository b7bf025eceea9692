// The last generation seen from each peer, kept across our restarts in
// <state dir>/peer_generations ("node generation" lines). Without it, a freshly started node
// accepts any generation from a peer it has not heard yet, so recorded packets of the peer's
// earlier lives could be replayed at it (for example `status active` of a powered-off peer,
// which would block the takeover).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace hb::daemon {

using PeerGenerations = std::map<std::string, std::uint64_t>;

// Lines that do not parse are skipped (the file is ours; a damaged one only weakens the floor).
PeerGenerations parse_peer_generations(std::string_view text);
std::string format_peer_generations(const PeerGenerations& g);

} // namespace hb::daemon
