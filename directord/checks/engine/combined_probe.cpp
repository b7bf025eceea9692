#include "directord/checks/engine/combined_probe.hpp"

#include <climits>

namespace directord::checks {

CombinedProbe::CombinedProbe(std::unique_ptr<Probe> negotiate, std::chrono::seconds negotiate_timeout,
                             std::unique_ptr<Probe> connect, std::chrono::seconds connect_timeout, int connects)
    : negotiate_(std::move(negotiate)), connect_(std::move(connect)), negotiate_timeout_(negotiate_timeout),
      connect_timeout_(connect_timeout), connects_(connects < 0 ? 0 : connects), done_(INT_MAX) {}

boost::asio::awaitable<CheckResult> CombinedProbe::run(Deadline& dl) {
    if (next_is_negotiate()) {
        dl.arm(negotiate_timeout_);
        CheckResult r = co_await negotiate_->run(dl);
        if (r.up) done_ = 0;
        co_return r;
    }
    dl.arm(connect_timeout_);
    CheckResult r = co_await connect_->run(dl);
    done_ = r.up ? done_ + 1 : INT_MAX;
    co_return r;
}

} // namespace directord::checks
