// The last 500 sequenced messages this node sent (MAXMSGHIST), kept so a peer's NS_rexmit
// can be answered with the very same message (same seq, hg and ts).
#pragma once
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <variant>
#include <vector>

#include "heartbeatd/wire/message.hpp"

namespace hb::membership {

class SendHistory {
public:
    static constexpr std::size_t kCapacity = 500;
    static constexpr std::size_t kMaxPerRequest = 50;                    // per NS_rexmit
    static constexpr std::chrono::milliseconds kMinResendGap{240};       // ACCEPT_REXMIT_REQ_MS

    explicit SendHistory(std::size_t capacity = kCapacity) : capacity_(capacity) {}

    // Seqs must be increasing; the oldest entry falls out when full.
    void add(std::uint64_t seq, wire::Message m);

    enum class Miss { too_low, not_found, too_high };
    // The message to resend for `seq`, or why not (too_low/not_found get NS_nak_rexmit
    // "seqno too low"/"seqno not found"; too_high is only logged).
    std::variant<const wire::Message*, Miss> lookup(std::uint64_t seq) const;

    // Answers a request for [first, last] at time `now`: at most kMaxPerRequest messages,
    // skipping seqs resent less than kMinResendGap ago. Misses are reported separately.
    struct Answer {
        std::vector<const wire::Message*> resend;
        std::vector<std::pair<std::uint64_t, Miss>> misses;
    };
    Answer answer(std::uint64_t first, std::uint64_t last, std::chrono::milliseconds now);

    std::size_t size() const { return order_.size(); }
    std::uint64_t lowest() const { return order_.empty() ? 0 : order_.front(); }
    std::uint64_t highest() const { return order_.empty() ? 0 : order_.back(); }

private:
    struct Entry {
        wire::Message msg;
        std::optional<std::chrono::milliseconds> last_resent;
    };
    std::size_t capacity_;
    std::deque<std::uint64_t> order_;
    std::map<std::uint64_t, Entry> entries_;
};

} // namespace hb::membership
