#include "directord/checks/protocols/pop_probe.hpp"

#include "directord/checks/protocols/line_channel.hpp"

namespace directord::checks {

namespace asio = boost::asio;

namespace {
bool ok(const std::string& l) { return l.compare(0, 3, "+OK") == 0; }
std::string shown(const std::string& l) { return l.substr(0, 80); }
} // namespace

PopProbe::PopProbe(asio::any_io_executor ex, const PopOptions& o, std::shared_ptr<asio::ssl::context> tls)
    : ex_(ex), o_(o), tls_(o.tls ? std::move(tls) : nullptr) {}

asio::awaitable<CheckResult> PopProbe::run(Deadline& dl) {
    CheckResult r = co_await session(dl);
    if (!r.up && o_.login.empty() && !dl.expired())
        r = {true, r.reason + " (up anyway: ldirectord does not judge a pop check without login=)"};
    co_return r;
}

asio::awaitable<CheckResult> PopProbe::session(Deadline& dl) {
    LineChannel c(ex_);
    std::string err;
    if (o_.tls && !tls_) co_return CheckResult{false, "TLS is not available"};
    if (!co_await c.open(dl, o_.addr, o_.port, tls_, err, o_.peer)) co_return CheckResult{false, err};
    auto greeting = co_await c.line(err);
    if (!greeting) co_return CheckResult{false, "greeting: " + err};
    if (!ok(*greeting)) co_return CheckResult{false, "greeting: " + shown(*greeting)};
    if (!o_.login.empty()) {
        for (const std::string& cmd : {"USER " + o_.login, "PASS " + o_.passwd}) {
            if (!co_await c.send(cmd + "\r\n", err)) co_return CheckResult{false, err};
            auto l = co_await c.line(err);
            std::string verb = cmd.substr(0, 4);
            if (!l) co_return CheckResult{false, verb + ": " + err};
            if (!ok(*l)) co_return CheckResult{false, verb + " refused: " + shown(*l)};
        }
    }
    // Not waiting for QUIT's answer: the verdict is in.
    co_await c.send("QUIT\r\n", err);
    co_return CheckResult{true, shown(*greeting)};
}

} // namespace directord::checks
