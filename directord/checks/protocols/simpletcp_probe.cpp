#include "directord/checks/protocols/simpletcp_probe.hpp"

#include "directord/checks/protocols/line_channel.hpp"

namespace directord::checks {

std::string SimpleTcpProbe::payload(const std::string& request) {
    std::string out;
    std::string r = request.empty() ? std::string() : request.substr(1);
    for (std::size_t i = 0; i < r.size(); ++i) {
        if (r[i] == '\\' && i + 1 < r.size() && r[i + 1] == 'n') {
            out += '\n';
            ++i;
        } else {
            out += r[i];
        }
    }
    return out;
}

SimpleTcpProbe::SimpleTcpProbe(boost::asio::any_io_executor ex, const SimpleTcpOptions& o)
    : ex_(ex), target_(o), receive_(o.receive), payload_(payload(o.request)) {}

boost::asio::awaitable<CheckResult> SimpleTcpProbe::run(Deadline& dl) {
    if (!receive_.error().empty()) co_return CheckResult{false, receive_.error()};
    LineChannel c(ex_);
    std::string err;
    if (!co_await c.open(dl, target_.addr, target_.port, nullptr, err)) co_return CheckResult{false, err};
    if (!payload_.empty()) {
        bool sent = co_await c.send(payload_, err);   // not inside &&: g++ 12 miscompiles it
        if (!sent) co_return CheckResult{false, err};
    }
    c.shutdown_send();
    for (int n = 0; n < kMaxLines; ++n) {
        auto l = co_await c.line(err);
        if (!l) co_return CheckResult{false, n ? "no line matches receive (" + err + ")" : "no answer: " + err};
        auto matched = receive_.match(*l);
        if (matched.status == ReceiveMatch::error) co_return CheckResult{false, matched.reason};
        if (matched.ok()) co_return CheckResult{true, l->substr(0, 80)};
    }
    co_return CheckResult{false, "no line matches receive in " + std::to_string(kMaxLines) + " lines"};
}

} // namespace directord::checks
