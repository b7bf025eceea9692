#include "directord/checks/protocols/ldap_probe.hpp"

#include "directord/checks/protocols/ldap_message.hpp"
#include "directord/checks/protocols/line_channel.hpp"

namespace directord::checks {

namespace asio = boost::asio;
using ldap::Message;

namespace {

constexpr std::int32_t kBindId = 1, kSearchId = 2, kUnbindId = 3;
// A base-scope search returns one entry; a server sending more than this is broken
// (only the count and the first DN are kept; the read cap bounds the bytes).
constexpr int kMaxResults = 1000;

std::string shown(const std::string& s) { return s.substr(0, 120); }

std::string with_diagnostic(int code, const std::string& diag) {
    return ldap::result_name(code) + (diag.empty() ? "" : ": " + shown(diag));
}

// The next whole message; what arrives beyond it stays in `buf`.
asio::awaitable<std::optional<Message>> next_message(LineChannel& c, std::string& buf, std::string& err) {
    for (;;) {
        Message m;
        std::size_t used = 0;
        auto p = ldap::parse_message(buf, m, used, err);
        if (p == ldap::Parse::ok) {
            buf.erase(0, used);
            co_return m;
        }
        if (p == ldap::Parse::bad) co_return std::nullopt;
        auto more = co_await c.some(err);
        if (!more) {
            if (!buf.empty()) err += " in the middle of a message";
            co_return std::nullopt;
        }
        buf += *more;
    }
}

// A message that is not the answer expected at this point.
std::string unexpected(const Message& m) {
    // Notice of Disconnection (RFC 4511 4.4.1): id 0, the server is closing.
    if (m.id == 0 && m.op == Message::Op::extended_response)
        return "server disconnected: " + with_diagnostic(m.result_code, m.diagnostic);
    std::string op = m.op == Message::Op::other ? "operation with tag " + std::to_string(m.tag) : ldap::op_name(m.op);
    return "unexpected " + op + " (message id " + std::to_string(m.id) + ")";
}

} // namespace

bool perl_true(const std::string& s) { return !s.empty() && s != "0"; }

CheckResult ldap_verdict(const LdapSearchOutcome& out, const ReceivePattern& receive) {
    if (!receive.error().empty()) return {false, receive.error()};
    std::string where = "\"" + shown(out.base) + "\"";
    if (out.entries == 0) {
        std::string why = out.done_code ? ": " + with_diagnostic(out.done_code, out.diagnostic) : "";
        return {false, "no entry at " + where + why};
    }
    if (out.entries > 1) return {false, std::to_string(out.entries) + " entries at " + where + ", expected 1"};
    const std::string& dn = out.first_dn;
    auto matched = receive.match(dn);
    if (matched.status == ReceiveMatch::error) return {false, matched.reason};
    if (!matched.ok()) return {false, "DN \"" + shown(dn) + "\" does not match receive"};
    return {true, "entry \"" + shown(dn) + "\""};
}

LdapProbe::LdapProbe(asio::any_io_executor ex, const LdapOptions& o, std::shared_ptr<asio::ssl::context> tls)
    : ex_(ex), target_(o), login_(o.login), passwd_(o.passwd),
      base_(o.request.empty() || o.request[0] != '/' ? o.request : o.request.substr(1)), tls_on_(o.tls), peer_(o.peer),
      tls_(o.tls ? std::move(tls) : nullptr), receive_(o.receive) {}

asio::awaitable<CheckResult> LdapProbe::run(Deadline& dl) {
    if (!receive_.error().empty()) co_return CheckResult{false, receive_.error()};
    if (tls_on_ && !tls_) co_return CheckResult{false, "TLS is not available"};
    LineChannel c(ex_);
    std::string err, buf;
    if (!co_await c.open(dl, target_.addr, target_.port, tls_, err, peer_)) co_return CheckResult{false, err};

    CheckResult verdict;
    bool simple = perl_true(login_) && perl_true(passwd_);
    // g++ 12: no temporaries or ?: inside a co_await expression; build the bytes first.
    const std::string bind = simple ? ldap::bind_request(kBindId, login_, passwd_) : ldap::bind_request(kBindId, "", "");
    bool sent = co_await c.send(bind, err);
    if (!sent) co_return CheckResult{false, "bind: " + err};
    auto bound = co_await next_message(c, buf, err);
    if (!bound) {
        verdict = {false, "bind: " + err};
    } else if (bound->op != Message::Op::bind_response || bound->id != kBindId) {
        verdict = {false, "bind: " + unexpected(*bound)};
    } else if (bound->result_code != 0) {
        verdict = {false, std::string(simple ? "bind as " + shown(login_) : "anonymous bind") + " refused: " +
                              with_diagnostic(bound->result_code, bound->diagnostic)};
    } else {
        LdapSearchOutcome out;
        out.base = base_;
        const std::string search = ldap::search_base_request(kSearchId, out.base);
        sent = co_await c.send(search, err);
        if (!sent) co_return CheckResult{false, "search: " + err};
        for (int n = 0;; ++n) {
            if (n > kMaxResults) {
                verdict = {false, "search: more than " + std::to_string(kMaxResults) + " results"};
                break;
            }
            auto m = co_await next_message(c, buf, err);
            if (!m) {
                verdict = {false, "search: " + err};
                break;
            }
            if (m->id != kSearchId) {
                verdict = {false, "search: " + unexpected(*m)};
                break;
            }
            if (m->op == Message::Op::search_reference) continue;   // referrals are not followed
            if (m->op == Message::Op::search_entry) {
                if (out.entries++ == 0) out.first_dn = std::move(m->dn);
                continue;
            }
            if (m->op != Message::Op::search_done) {
                verdict = {false, "search: " + unexpected(*m)};
                break;
            }
            out.done_code = m->result_code;
            out.diagnostic = m->diagnostic;
            verdict = ldap_verdict(out, receive_);
            break;
        }
    }
    // Polite end; its outcome does not change the verdict.
    std::string ignored;
    const std::string unbind = ldap::unbind_request(kUnbindId);
    co_await c.send(unbind, ignored);
    co_return verdict;
}

} // namespace directord::checks
