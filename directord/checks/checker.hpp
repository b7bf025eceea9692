// One coroutine per check identity: first run after a start delay (jitter), then one
// run per interval, start to start (a run longer than the interval delays the next one;
// runs never overlap), each under a hard deadline; every result goes to `report`.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "directord/checks/probe.hpp"

namespace directord::checks {

class Checker : public std::enable_shared_from_this<Checker> {
public:
    using Report = std::function<void(const CheckResult&)>;
    using duration = std::chrono::steady_clock::duration;

    Checker(boost::asio::any_io_executor ex, std::unique_ptr<Probe> probe, duration interval, duration deadline,
            Report report);

    void start(duration first_delay);
    // No more reports after this; a run in progress is cut short.
    void stop();
    bool stopped() const { return stopped_; }
    std::uint64_t runs() const { return runs_; }

private:
    boost::asio::awaitable<void> loop(std::shared_ptr<Checker> self, duration first_delay);

    boost::asio::any_io_executor ex_;
    std::unique_ptr<Probe> probe_;
    duration interval_, deadline_;
    Report report_;
    boost::asio::steady_timer timer_;
    Deadline* current_ = nullptr;   // the run in progress, if any
    bool stopped_ = false;
    std::uint64_t runs_ = 0;
};

} // namespace directord::checks
