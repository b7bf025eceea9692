#include "directord/checks/protocols/ping_probe.hpp"

namespace directord::checks {

PingProbe::PingProbe(std::shared_ptr<Pinger> pinger, ha::Address addr, int attempts, std::chrono::seconds per_attempt)
    : pinger_(std::move(pinger)), addr_(addr), attempts_(attempts < 1 ? 1 : attempts), per_attempt_(per_attempt) {}

boost::asio::awaitable<CheckResult> PingProbe::run(Deadline& dl) {
    std::string err;
    for (int i = 0; i < attempts_ && !dl.expired(); ++i) {
        std::uint64_t token = 0;
        auto pinger = pinger_;
        auto guard = dl.on_expire([pinger, &token] { pinger->cancel(token); });
        if (co_await pinger_->echo(addr_, per_attempt_, err, token))
            co_return CheckResult{true, "echo reply" + (i ? " (attempt " + std::to_string(i + 1) + ")" : std::string())};
    }
    co_return CheckResult{false, err.empty() ? "no echo reply" : err};
}

} // namespace directord::checks
