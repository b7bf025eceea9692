// The last generation and seq seen from each peer, kept across our restarts in
// <state dir>/peer_generations ("node generation seq" lines; files of earlier versions have
// no seq). Without it, a freshly started node accepts any message from a peer it has not
// heard yet, so recorded packets of the peer's earlier lives, or of its current life before
// our restart, could be replayed at it (for example `status active` of a powered-off peer,
// which would block the takeover).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace hb::daemon {

using PeerGenerations = std::map<std::string, std::uint64_t>;

struct PeerFloor {
    std::uint64_t generation = 0;
    std::optional<std::uint64_t> seq;   // last seq seen in that generation
    bool operator==(const PeerFloor&) const = default;
};
using PeerFloors = std::map<std::string, PeerFloor>;

// Lines that do not parse are skipped (the file is ours; a damaged one only weakens the floor).
PeerFloors parse_peer_floors(std::string_view text);
std::string format_peer_floors(const PeerFloors& f);

// The generations alone (the file format of earlier versions).
PeerGenerations parse_peer_generations(std::string_view text);
std::string format_peer_generations(const PeerGenerations& g);

} // namespace hb::daemon
