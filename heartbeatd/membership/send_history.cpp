#include "heartbeatd/membership/send_history.hpp"

namespace hb::membership {

void SendHistory::add(std::uint64_t seq, wire::Message m) {
    if (!order_.empty() && seq <= order_.back()) return;   // never rewrite the past
    order_.push_back(seq);
    entries_[seq] = Entry{std::move(m), std::nullopt};
    while (order_.size() > capacity_) {
        entries_.erase(order_.front());
        order_.pop_front();
    }
}

std::variant<const wire::Message*, SendHistory::Miss> SendHistory::lookup(std::uint64_t seq) const {
    if (order_.empty() || seq > order_.back()) return Miss::too_high;
    if (seq < order_.front()) return Miss::too_low;
    auto it = entries_.find(seq);
    if (it == entries_.end()) return Miss::not_found;
    return &it->second.msg;
}

SendHistory::Answer SendHistory::answer(std::uint64_t first, std::uint64_t last, std::chrono::milliseconds now) {
    Answer a;
    if (last < first) return a;
    for (std::uint64_t s = first; s <= last && a.resend.size() < kMaxPerRequest; ++s) {
        auto r = lookup(s);
        if (auto* miss = std::get_if<Miss>(&r)) {
            a.misses.emplace_back(s, *miss);
            if (*miss == Miss::too_high) break;   // everything after is too high as well
            if (a.misses.size() >= kMaxPerRequest) break;
            continue;
        }
        auto& e = entries_.at(s);
        if (e.last_resent && now - *e.last_resent < kMinResendGap) continue;
        e.last_resent = now;
        a.resend.push_back(&e.msg);
    }
    return a;
}

} // namespace hb::membership
