// Which signed echo payloads we are still waiting for, per ping node. The payload is signed,
// but a signed reply captured once could be sent again and again after the ping node (the
// router heartbeat watches) is gone, keeping it "alive". Each echo carries a fresh nonce; a
// reply counts only for a nonce of one of the last few rounds, and only once.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>

namespace hb::media {

class PingNonces {
public:
    static constexpr std::size_t kRounds = 4;   // replies later than 4 pings are stale anyway

    void sent(const std::string& addr, std::uint64_t nonce) {
        auto& q = pending_[addr];
        q.push_back(nonce);
        while (q.size() > kRounds) q.pop_front();
    }
    // True (and forgotten) when `nonce` is one we sent to `addr` and have not seen answered.
    bool take(const std::string& addr, std::uint64_t nonce) {
        auto it = pending_.find(addr);
        if (it == pending_.end()) return false;
        for (auto q = it->second.begin(); q != it->second.end(); ++q)
            if (*q == nonce) {
                it->second.erase(q);
                return true;
            }
        return false;
    }

private:
    std::map<std::string, std::deque<std::uint64_t>> pending_;
};

} // namespace hb::media
