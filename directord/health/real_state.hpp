// The health of one real server of one virtual, as a pure state machine fed with check
// results. ldirectord's rules (soft failures up to failurecount, one success restores)
// without its start-up flap: a real that is not known to be serving waits for its first
// success instead of being added and removed.
#pragma once

namespace directord::health {

class RealState {
public:
    enum class Phase {
        pending,   // never checked and not serving: joins on its first success
        up,        // serving
        down,      // checked and failed (or forced down)
    };

    // What one result or forced change did.
    struct Step {
        bool changed = false;       // serving <-> not serving
        bool soft_failure = false;  // a failure absorbed by failurecount (still up)
        bool reset = false;         // a success cleared a non-zero failure count
        int failcount = 0;          // after the step (for "failure n/m" and reset lines)
    };

    // `serving_now`: the kernel already has this real with weight > 0 (start-up, reload):
    // it stays up until its own checks take it down, under the usual failurecount.
    RealState(bool serving_now, int failurecount);

    Step result(bool ok);
    // Maintenance, reload: bypasses failurecount (ldirectord's "force").
    Step force(bool up);
    // A reload may change failurecount while keeping the state.
    void set_failurecount(int n) { failurecount_ = n < 1 ? 1 : n; }

    bool up() const { return phase_ == Phase::up; }
    Phase phase() const { return phase_; }
    int failcount() const { return failcount_; }
    int failurecount() const { return failurecount_; }

private:
    Phase phase_;
    int failcount_ = 0;
    int failurecount_;
};

} // namespace directord::health
