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

asio::awaitable<void> Checker::loop(std::shared_ptr<Checker> self, duration first_delay) {
    using clock = std::chrono::steady_clock;
    boost::system::error_code ec;
    timer_.expires_after(first_delay);
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    while (!stopped_) {
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
                r = {false, buf};
            }
        }
        ++runs_;
        if (stopped_) break;
        r.latency = clock::now() - t0;
        report_(r);
        timer_.expires_at(t0 + interval_);
        co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    (void)self;
}

} // namespace directord::checks
