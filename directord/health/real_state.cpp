#include "directord/health/real_state.hpp"

namespace directord::health {

RealState::RealState(bool serving_now, int failurecount)
    : phase_(serving_now ? Phase::up : Phase::pending), failurecount_(failurecount < 1 ? 1 : failurecount) {}

RealState::Step RealState::result(bool ok) {
    Step s;
    if (ok) {
        // ldirectord logs the reset whenever the count was non-zero, also on recovery.
        s.reset = failcount_ > 0;
        failcount_ = 0;
        s.changed = phase_ != Phase::up;
        phase_ = Phase::up;
    } else if (phase_ == Phase::up) {
        ++failcount_;
        if (failcount_ < failurecount_) {
            s.soft_failure = true;
        } else {
            phase_ = Phase::down;
            s.changed = true;
        }
    } else {
        // Down stays down; a pending real learns it is down without any table change.
        phase_ = Phase::down;
    }
    s.failcount = failcount_;
    return s;
}

RealState::Step RealState::force(bool up) {
    Step s;
    bool was_up = phase_ == Phase::up;
    if (up) {
        s.reset = failcount_ > 0;
        failcount_ = 0;
        phase_ = Phase::up;
    } else {
        phase_ = Phase::down;
        if (was_up) failcount_ = failurecount_;
    }
    s.changed = was_up != up;
    s.failcount = failcount_;
    return s;
}

} // namespace directord::health
