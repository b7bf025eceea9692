#include "heartbeatd/membership/seq_tracker.hpp"

namespace hb::membership {

SeqVerdict SeqTracker::receive(std::uint64_t generation, std::uint64_t seq, Millis now, Millis rexmit_delay) {
    if (generation < min_generation()) return SeqVerdict::replay;
    if (!known_ && floor_seq_ && generation == floor_ && seq <= *floor_seq_) return SeqVerdict::replay;
    if (!known_ || generation > generation_) {
        bool restart = known_;
        known_ = true;
        generation_ = generation;
        last_ = seq;
        missing_.clear();
        return restart ? SeqVerdict::restarted : SeqVerdict::accept;
    }
    if (seq == last_) return SeqVerdict::duplicate;
    if (seq < last_) {
        if (missing_.erase(seq)) return SeqVerdict::recovered;
        return SeqVerdict::old;
    }
    std::uint64_t gap = seq - last_ - 1;
    if (gap > kMaxGap) {
        // Too far behind to recover: start again from here, as 3.0.6 does.
        missing_.clear();
    } else {
        for (std::uint64_t s = last_ + 1; s < seq; ++s) missing_.emplace(s, now + rexmit_delay);
    }
    lost_total_ += gap;
    last_ = seq;
    return SeqVerdict::accept;
}

std::vector<std::uint64_t> SeqTracker::due_requests(Millis now, Millis retry) {
    std::vector<std::uint64_t> out;
    for (auto& [seq, when] : missing_)
        if (when <= now) {
            out.push_back(seq);
            when = now + retry;
        }
    return out;
}

std::vector<std::uint64_t> SeqTracker::missing() const {
    std::vector<std::uint64_t> out;
    for (auto& [seq, when] : missing_) out.push_back(seq);
    return out;
}

} // namespace hb::membership
