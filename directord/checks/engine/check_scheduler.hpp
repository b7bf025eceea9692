// Runs every check of the daemon on one timer. Each check runs once per interval, start
// to start (a run longer than the interval delays the next one; runs of one check never
// overlap), each under a hard deadline, and every result goes to one report function.
//
// Why one scheduler and not a coroutine and a timer per check: at 10,000 checks the
// per-check timers and the suspended coroutine frames cost ~1 KB of memory each and a
// timer-heap update plus a wake-up per run. Here a check costs a slot of ~64 bytes and a
// heap entry; its coroutine exists only while it runs. Start times sit on a grid of
// `tick` (50 ms): checks due in the same tick start in one wake-up and their answers
// tend to arrive together (at 1,000 kept-alive checks a second: 3.0% of a core with a
// 10 ms tick, 2.2% with 50 ms, 2.1% with 100 ms). A check's first run may start up to one
// tick late; later runs keep their slot, so detection times do not change.
#pragma once
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "directord/checks/probe.hpp"

namespace directord::checks {

class CheckScheduler {
public:
    using clock = std::chrono::steady_clock;
    using duration = clock::duration;
    using Id = std::uint32_t;
    // Called with the check's id; never after remove(id) or stop().
    using Report = std::function<void(Id, const CheckResult&)>;

    explicit CheckScheduler(boost::asio::any_io_executor ex, Report report,
                            duration tick = std::chrono::milliseconds(50));
    ~CheckScheduler();   // stop()
    CheckScheduler(const CheckScheduler&) = delete;
    CheckScheduler& operator=(const CheckScheduler&) = delete;

    // A new check; its first run starts after `first_delay` (rounded up to the tick).
    // `interval` 0 means 1 ms. Ids of removed checks are reused.
    Id add(std::unique_ptr<Probe> probe, duration interval, duration deadline, duration first_delay);
    // No more reports from it; a run in progress is cut short (its deadline fires now).
    void remove(Id id);
    // remove() for every check.
    void stop();

    std::size_t size() const;                // checks scheduled
    std::uint64_t runs(Id id) const;         // runs started so far (tests)
    std::size_t running() const;             // runs in progress now

    struct State;

private:
    std::shared_ptr<State> st_;   // shared with the runs in flight and the timer handler
};

} // namespace directord::checks
