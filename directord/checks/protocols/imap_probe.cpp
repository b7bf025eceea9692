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

ImapProbe::ImapProbe(asio::any_io_executor ex, const CheckSpec& spec, std::shared_ptr<asio::ssl::context> tls)
    : ex_(ex), spec_(spec), tls_(spec.service == "imaps" ? std::move(tls) : nullptr) {}

asio::awaitable<CheckResult> ImapProbe::run(Deadline& dl) {
    LineChannel c(ex_);
    std::string err;
    if (spec_.service == "imaps" && !tls_) co_return CheckResult{false, "TLS is not available"};
    if (!co_await c.open(dl, spec_.addr, spec_.port, tls_, err, tls_peer(spec_))) co_return CheckResult{false, err};
    auto greeting = co_await c.line(err);
    if (!greeting) co_return CheckResult{false, "greeting: " + err};
    if (!starts(*greeting, "* OK") && !starts(*greeting, "* PREAUTH"))
        co_return CheckResult{false, "greeting: " + shown(*greeting)};
    if (!spec_.login.empty()) {
        if (!co_await c.send("a1 LOGIN " + quoted(spec_.login) + " " + quoted(spec_.passwd) + "\r\n", err))
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
