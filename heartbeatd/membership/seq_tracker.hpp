// Per-peer duplicate, replay and gap detection by (generation, seq), as 3.0.6 does it:
// every message is sent on every medium, so copies are normal and must be recognised;
// an older generation is a replay; gaps produce retransmission requests.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace hb::membership {

using Millis = std::chrono::milliseconds;   // monotonic time, injected by the caller

enum class SeqVerdict {
    accept,       // new message: process it
    restarted,    // new message from a higher generation: the peer restarted (state was reset)
    recovered,    // a message we had listed as missing arrived: process it
    duplicate,    // the last seq again (another medium's copy): refreshes the link only
    old,          // older than the last seq and not missing: drop
    replay,       // generation lower than the one we know: drop ("attempted replay attack")
};

class SeqTracker {
public:
    static constexpr std::uint64_t kMaxGap = 250;   // FLOWCONTROL_LIMIT: beyond this, resync

    // `rexmit_delay` is when to ask for each newly missing seq (3.0.6: random 50..250 ms).
    SeqVerdict receive(std::uint64_t generation, std::uint64_t seq, Millis now, Millis rexmit_delay);

    // Seqs whose retransmission request is due; each is rescheduled `retry` later.
    std::vector<std::uint64_t> due_requests(Millis now, Millis retry = Millis(250));
    // The peer said it cannot retransmit (NS_nak_rexmit): stop waiting for it. false when
    // we were not waiting for it (a replayed or stray nak: nothing to report).
    bool give_up(std::uint64_t seq) { return missing_.erase(seq) > 0; }
    void reset() { known_ = false; missing_.clear(); }   // the floor stays

    // The lowest generation to accept before the peer is heard in this run (the last one
    // seen before our restart): anything lower is a replay.
    void set_floor(std::uint64_t generation) { floor_ = generation; }
    // ... and, within that generation, the last seq seen before our restart: a recorded
    // message of the peer's current life is a replay too, not only one of its earlier lives.
    void set_floor(std::uint64_t generation, std::uint64_t seq) {
        floor_ = generation;
        floor_seq_ = seq;
    }
    std::uint64_t floor() const { return floor_; }
    std::optional<std::uint64_t> floor_seq() const { return floor_seq_; }
    // The generation below which a message is a replay.
    std::uint64_t min_generation() const { return known_ ? generation_ : floor_; }

    bool known() const { return known_; }
    std::uint64_t generation() const { return generation_; }
    std::uint64_t last_seq() const { return last_; }
    std::vector<std::uint64_t> missing() const;
    std::uint64_t lost_total() const { return lost_total_; }   // gaps seen, for the log

private:
    bool known_ = false;
    std::uint64_t floor_ = 0;
    std::optional<std::uint64_t> floor_seq_;   // within floor_, kept across our restart
    std::uint64_t generation_ = 0;
    std::uint64_t last_ = 0;
    std::map<std::uint64_t, Millis> missing_;   // seq -> next request time
    std::uint64_t lost_total_ = 0;
};

} // namespace hb::membership
