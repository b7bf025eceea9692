// A token bucket for work a peer's message makes us do (answers to NS_rexmit, log lines):
// at most `burst` at once, refilled at `per_second`. Pure: the caller passes the time.
// Replaying one signed request a thousand times then costs a few answers, not a thousand.
#pragma once
#include <algorithm>
#include <chrono>

namespace hb::membership {

class RateLimit {
public:
    using Millis = std::chrono::milliseconds;
    RateLimit(double per_second = 20, double burst = 40) : rate_(per_second), burst_(burst), tokens_(burst) {}

    bool allow(Millis now) {
        if (started_) {
            double secs = double((now - last_).count()) / 1000.0;
            if (secs > 0) tokens_ = std::min(burst_, tokens_ + secs * rate_);
        }
        started_ = true;
        last_ = std::max(last_, now);
        if (tokens_ < 1) return false;
        tokens_ -= 1;
        return true;
    }

private:
    double rate_, burst_, tokens_;
    Millis last_{0};
    bool started_ = false;
};

} // namespace hb::membership
