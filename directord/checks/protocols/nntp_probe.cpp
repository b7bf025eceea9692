#include "directord/checks/protocols/nntp_probe.hpp"

#include "directord/checks/protocols/line_channel.hpp"

namespace directord::checks {

boost::asio::awaitable<CheckResult> NntpProbe::run(Deadline& dl) {
    LineChannel c(ex_);
    std::string err;
    if (!co_await c.open(dl, target_.addr, target_.port, nullptr, err)) co_return CheckResult{false, err};
    // ldirectord judges the first bytes that arrive, not a whole line.
    auto got = co_await c.some(err);
    if (!got) co_return CheckResult{false, "greeting: " + err};
    std::string first = got->substr(0, got->find_first_of("\r\n"));
    if (first.size() > 80) first.resize(80);
    if ((*got)[0] != '2') co_return CheckResult{false, "greeting: " + first};
    co_return CheckResult{true, first};
}

} // namespace directord::checks
