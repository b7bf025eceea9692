#include "directord/checks/protocols/imap_probe.hpp"

#include "directord/checks/protocols/line_channel.hpp"

namespace directord::checks {

namespace asio = boost::asio;

namespace {
bool starts(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }
std::string shown(const std::string& l) { return l.substr(0, 80); }
} // namespace

std::string ImapProbe::quoted(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
    }
    return out + "\"";
}

ImapProbe::ImapProbe(asio::any_io_executor ex, const ImapOptions& o, std::shared_ptr<asio::ssl::context> tls)
    : ex_(ex), o_(o), tls_(o.tls ? std::move(tls) : nullptr) {}

asio::awaitable<CheckResult> ImapProbe::run(Deadline& dl) {
    LineChannel c(ex_);
    std::string err;
    if (o_.tls && !tls_) co_return CheckResult{false, "TLS is not available"};
    if (!co_await c.open(dl, o_.addr, o_.port, tls_, err, o_.peer)) co_return CheckResult{false, err};
    auto greeting = co_await c.line(err);
    if (!greeting) co_return CheckResult{false, "greeting: " + err};
    if (!starts(*greeting, "* OK") && !starts(*greeting, "* PREAUTH"))
        co_return CheckResult{false, "greeting: " + shown(*greeting)};
    if (!o_.login.empty()) {
        if (!co_await c.send("a1 LOGIN " + quoted(o_.login) + " " + quoted(o_.passwd) + "\r\n", err))
            co_return CheckResult{false, err};
        // Untagged data (capabilities ...) may come first; the tagged line decides.
        for (int n = 0;; ++n) {
            if (n > kMaxUntagged) co_return CheckResult{false, "LOGIN: no tagged answer"};
            auto l = co_await c.line(err);
            if (!l) co_return CheckResult{false, "LOGIN: " + err};
            if (!starts(*l, "a1 ")) continue;
            if (!starts(*l, "a1 OK")) co_return CheckResult{false, "LOGIN refused: " + shown(*l)};
            break;
        }
    }
    // Not waiting for LOGOUT's answer: the verdict is in.
    co_await c.send("a2 LOGOUT\r\n", err);
    co_return CheckResult{true, shown(*greeting)};
}

} // namespace directord::checks
