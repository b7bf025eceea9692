#include "directord/checks/checker.hpp"

namespace directord::checks {

namespace asio = boost::asio;

Checker::Checker(asio::any_io_executor ex, std::unique_ptr<Probe> probe, duration interval, duration deadline, Report report)
    : ex_(ex), probe_(std::move(probe)), interval_(interval), deadline_(deadline), report_(std::move(report)), timer_(ex) {}

void Checker::start(duration first_delay) {
    asio::co_spawn(ex_, loop(shared_from_this(), first_delay), asio::detached);
}

void Checker::stop() {
    if (stopped_) return;
    stopped_ = true;
    timer_.cancel();
    if (current_) current_->expire_now();
}

// A wake-up this late means the event loop was stalled (e.g. by a long table update).
// Shorter delays (a busy machine) just run late: the slot stays anchored either way.
static std::chrono::steady_clock::duration stall_slack(std::chrono::steady_clock::duration interval) {
    return std::max<std::chrono::steady_clock::duration>(std::chrono::milliseconds(100), interval / 2);
}

asio::awaitable<void> Checker::loop(std::shared_ptr<Checker> self, duration first_delay) {
    using clock = std::chrono::steady_clock;
    boost::system::error_code ec;
    const duration interval = std::max<duration>(interval_, std::chrono::milliseconds(1));
    auto due = clock::now() + first_delay;   // when the next run should start
    while (!stopped_) {
        timer_.expires_at(due);
        co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (stopped_) break;
        auto late = clock::now() - due;
        if (late > stall_slack(interval)) {
            // The loop stalled: every checker wakes at once. Running them all now would
            // turn the start-time spread into one burst for good; keep this checker's own
            // slot instead (the check missed is the stall's, not the server's).
            due += (late / interval + 1) * interval;
            continue;
        }
        auto t0 = clock::now();
        CheckResult r;
        {
            Deadline dl(ex_);
            if (!probe_->arms_deadline()) dl.arm(deadline_);
            current_ = &dl;
            try {
                r = co_await probe_->run(dl);
            } catch (const std::exception& e) {
                r = {false, std::string("check failed: ") + e.what()};
            }
            current_ = nullptr;
            if (dl.expired() && !stopped_) {
                auto secs = std::chrono::duration_cast<std::chrono::milliseconds>(dl.limit()).count() / 1000.0;
                char buf[64];
                std::snprintf(buf, sizeof buf, "timed out after %g s", secs);
                // What the probe saw by then ("no answer (sent 3 times); ignored: ...").
                bool says_more = !r.up && !r.reason.empty() && r.reason != "timed out";
                r = {false, buf + (says_more ? ": " + r.reason : std::string())};
            }
        }
        ++runs_;
        if (stopped_) break;
        auto end = clock::now();
        r.latency = end - t0;
        report_(r);
        // Start to start; a run longer than the interval delays the next one.
        due = std::max(due + interval, end);
    }
    (void)self;
}

} // namespace directord::checks
