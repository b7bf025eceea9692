// real=/real6= lines: ldirectord's unanchored patterns, reproduced because what they
// silently accept (a.b.c.[1-3]:80, ip::port) must parse to the same servers; we warn.
#include "directord/config/draft.hpp"
#include "directord/config/lexing.hpp"

#include "directord/config/line_regex.hpp"

namespace directord::detail {

namespace {

// Ranges beyond this are refused (ldirectord would try to build millions of entries).
constexpr std::uint64_t kMaxRange = 65536;

struct Flags {
    ipvs::Fwd fwd = ipvs::Fwd::route;
    int weight = 1;
    std::optional<std::string> request, receive;
    std::uint32_t l = 0, u = 0;
};

std::uint32_t u32(const std::string& digits) {
    auto n = lex::digits_value(digits);
    return n > UINT32_MAX ? UINT32_MAX : static_cast<std::uint32_t>(n);
}

bool has_text(const std::string& s) {
    for (char c : s)
        if (!lex::is_space(c)) return true;
    return false;
}

// "gate|masq|ipip [weight] ["request", "receive"] [l:N] [u:N]", each part searched for
// anywhere in what is left, as ldirectord does.
std::optional<Flags> parse_flags(Ctx& ctx, int line, const std::string& text, const std::string& shown) {
    static const LineRegex method(R"((\w+)([^\n]*))");
    static const LineRegex weight(R"(\s+(\d+)([^\n]*))");
    static const LineRegex reqrecv(R"re(\s+"([^\n]*)"[, ]\s*"([^\n]*)"([^\n]*))re");
    static const LineRegex lower(R"(\s+l:(\d+)([^\n]*))");
    static const LineRegex upper(R"(\s+u:(\d+)([^\n]*))");
    Flags f;
    LineRegex::Match m;
    std::string w = method.search(text, m) ? m[1].str() : "";
    if (w != "gate" && w != "masq" && w != "ipip") {
        ctx.sink.error(line, "forwarding method of real server " + lex::quote(shown) +
                                 " must be gate, masq or ipip, not " +
                                 lex::quote(w.empty() ? text : w));
        return std::nullopt;
    }
    f.fwd = w == "gate" ? ipvs::Fwd::route : w == "masq" ? ipvs::Fwd::masq : ipvs::Fwd::tunnel;
    if (has_text(m.prefix().str()))
        ctx.sink.warn(line, "real=" + shown + ": text " + lex::quote(m.prefix().str()) +
                                " before the forwarding method is ignored by ldirectord");
    std::string rest = m[2].str();
    bool weight_in_quotes = false;
    auto take = [&](const LineRegex& re, const char* what) -> bool {
        if (!re.search(rest, m)) return false;
        if (has_text(m.prefix().str()))
            ctx.sink.warn(line, "real=" + shown + ": text " + lex::quote(lex::trim(m.prefix().str())) +
                                    " before the " + what + " is ignored by ldirectord");
        return true;
    };
    if (take(weight, "weight")) {
        // A number inside the quoted strings can be taken as the weight ("HTTP 200").
        weight_in_quotes = m.prefix().str().find('"') != std::string::npos;
        auto n = lex::digits_value(m[1].str());
        f.weight = n > INT32_MAX ? INT32_MAX : static_cast<int>(n);
        rest = m[m.size() - 1].str();
    }
    if (take(reqrecv, "request and receive strings")) {
        std::string req = m[1].str();
        f.request = !req.empty() && req[0] == '/' ? req : "/" + req;
        f.receive = m[2].str();
        rest = m[3].str();
        static const LineRegex threshold_like(R"(^/?[lu]:\d+$)");
        if (threshold_like.search(req) || threshold_like.search(*f.receive))
            ctx.sink.warn(line, "real=" + shown + " is read by ldirectord with request " +
                                    lex::quote(*f.request) + " and receive " + lex::quote(*f.receive) +
                                    ", not as thresholds: write l:N u:N without quotes");
    }
    if (take(lower, "l: threshold")) {
        f.l = u32(m[1].str());
        rest = m[2].str();
    }
    if (take(upper, "u: threshold")) {
        f.u = u32(m[1].str());
        rest = m[2].str();
    }
    if (has_text(rest)) {
        std::string msg = "unexpected text " + lex::quote(rest) + " in real server line";
        if (weight_in_quotes)
            msg += " (ldirectord took the number inside the quotes as the weight: give the weight "
                   "before the quoted strings)";
        ctx.sink.error(line, msg);
        return std::nullopt;
    }
    return f;
}

void add(VirtualDraft& d, const ha::Address& a, std::uint16_t port, const Flags& f, int line) {
    Real r;
    r.addr = a;
    r.port = port;
    r.fwd = f.fwd;
    r.weight = f.weight;
    r.l_threshold = f.l;
    r.u_threshold = f.u;
    r.request = f.request;
    r.receive = f.receive;
    r.line = line;
    d.v.reals.push_back(r);
}

// A host text that is a number but not a dotted quad (inet_aton forms: "80", "10.1").
bool odd_numeric(const std::string& h) {
    static const LineRegex quad(R"(^\d+\.\d+\.\d+\.\d+$)");
    static const LineRegex number(R"(^[0-9.xXa-fA-F]+$)");
    return number.search(h) && lex::is_digit(h[0]) && !quad.search(h);
}

} // namespace

void resolve_real(Ctx& ctx, VirtualDraft& d, const PendingReal& p) {
    static const LineRegex form(
        R"((\d+\.\d+\.\d+\.\d+|[A-Za-z0-9.-]+|\[[0-9A-fa-f:]+\])(->(\d+\.\d+\.\d+\.\d+|[A-Za-z0-9.-]+|\[[0-9A-fa-f:]+\]))?(:(\d+|[A-Za-z0-9_-]+))?\s+([^\n]*))");
    const std::string& text = p.text;
    const int line = p.line;
    LineRegex::Match m;
    if (!form.search(text, m)) {
        ctx.sink.error(line, "real server " + lex::quote(text) +
                                 " must be host[:port] followed by gate, masq or ipip");
        return;
    }
    const std::string ip1 = m[1].str();
    const std::optional<std::string> ip2 = m[3].matched ? std::optional(m[3].str()) : std::nullopt;
    const std::string port_text = m[5].matched ? m[5].str() : "0";
    const std::string flags = m[6].str();
    const std::string skipped = m.prefix().str();

    auto a1 = resolve_host(ctx.resolver, ip1, d.af);
    if (!a1) {
        ctx.sink.error(line, "cannot resolve real server address " + lex::quote(ip1));
        return;
    }
    auto port = resolve_port(ctx.resolver, port_text, "");
    if (!port) {
        ctx.sink.error(line, "invalid real server port " + lex::quote(port_text) +
                                 " (not a number from 0 to 65535 nor a known service)");
        return;
    }
    std::optional<ha::Address> a2;
    if (ip2) {
        a2 = resolve_host(ctx.resolver, *ip2, d.af);
        if (!a2) {
            ctx.sink.error(line, "cannot resolve the last address " + lex::quote(*ip2) +
                                     " of the real server range");
            return;
        }
    }
    // What ldirectord silently makes of a line its pattern only partly matched.
    std::string head = text.substr(0, text.size() - flags.size());
    while (!head.empty() && lex::is_space(head.back())) head.pop_back();
    std::string got = a1->bracketed() + (ip2 ? "->" + a2->bracketed() : "") + " port " + port->text;
    if (has_text(skipped)) {
        std::string advice;
        static const LineRegex dbl(R"(^(\S+?)::(\d+)$)");
        static const LineRegex bracket_range(R"(^(\d+\.\d+\.\d+\.)\[(\d+)-(\d+)\](:\S+)?$)");
        LineRegex::Match a;
        if (dbl.search(head, a))
            advice = "; write " + a[1].str() + ":" + a[2].str();
        else if (bracket_range.search(head, a))
            advice = " (ldirectord has no [a-b] ranges); write " + a[1].str() + a[2].str() + "->" +
                     a[1].str() + a[3].str() + a[4].str();
        ctx.sink.warn(line, "real=" + head + " is read by ldirectord as real server " + got +
                                (odd_numeric(ip1) ? " (inet_aton(" + lex::quote(ip1) + "))" : "") +
                                advice);
    } else if (odd_numeric(ip1) || (ip2 && odd_numeric(*ip2))) {
        ctx.sink.warn(line, "real=" + head + " is read by ldirectord as real server " + got +
                                " (a number is an IPv4 address for inet_aton)");
    }

    if (!ip2) {
        if (auto f = parse_flags(ctx, line, flags, head)) add(d, *a1, port->number, *f, line);
        return;
    }
    // Range checks come before the flags, as in ldirectord.
    if (d.af == AF_INET6) {
        ctx.sink.error(line, "real server ranges are not supported for IPv6");
        return;
    }
    std::uint64_t first = a1->v4_host(), last = a2->v4_host();
    if (first > last) {
        ctx.sink.error(line, "real server range " + a1->str() + "->" + a2->str() +
                                 " runs backwards: the first address must not be above the last");
        return;
    }
    if (last - first >= kMaxRange) {
        ctx.sink.error(line, "real server range " + a1->str() + "->" + a2->str() + " holds " +
                                 std::to_string(last - first + 1) + " addresses: more than " +
                                 std::to_string(kMaxRange) + " is refused");
        return;
    }
    // ldirectord compares the integer forms as strings: a range whose end has more
    // decimal digits than the current address stops early (or yields nothing).
    const std::string last_s = std::to_string(last);
    std::uint64_t count = 0;
    while (first + count <= last && std::to_string(first + count) <= last_s) ++count;
    if (count != last - first + 1)
        ctx.sink.warn(line, "real server range " + a1->str() + "->" + a2->str() + " yields " +
                                std::to_string(count) + " of its " + std::to_string(last - first + 1) +
                                " addresses in ldirectord (it compares the addresses as decimal "
                                "strings); split the range where the number of digits changes");
    if (count == 0) return;   // nothing added, so ldirectord never reads the flags either
    auto f = parse_flags(ctx, line, flags, head);
    if (!f) return;
    for (std::uint64_t i = 0; i < count; ++i)
        add(d, ha::Address::v4(static_cast<std::uint32_t>(first + i)), port->number, *f, line);
}

} // namespace directord::detail
