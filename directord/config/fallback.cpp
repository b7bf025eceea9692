// fallback=host[:port] [gate|masq|ipip], split the way ldirectord splits it.
#include "directord/config/draft.hpp"
#include "directord/config/lexing.hpp"

#include "directord/config/line_regex.hpp"

namespace directord::detail {

std::optional<FallbackSpec> parse_fallback(Ctx& ctx, int line, const std::string& value) {
    // The last two blank-separated words are host[:port] and the forwarding method; the
    // match is unanchored at the start, so extra words shift them (a, b c -> "b", "c").
    static const LineRegex words(R"((\S+)(\s+(\S+))?\s*$)");
    static const LineRegex port(R"((:(\d+|[A-Za-z0-9_-]+))?$)");
    std::string hostport = value, fwd;
    LineRegex::Match m;
    if (words.search(value, m)) {
        hostport = m[1].str();
        fwd = m[3].matched ? m[3].str() : "";
    }
    FallbackSpec f;
    f.line = line;
    if (port.search(hostport, m)) {
        if (m[2].matched) f.port = m[2].str();
        f.host = hostport.substr(0, static_cast<std::size_t>(m.position(0)));
    }
    // Perl truth: an empty or "0" method means the default.
    if (!lex::perl_true(fwd) || fwd == "gate") f.fwd = ipvs::Fwd::route;
    else if (fwd == "masq") f.fwd = ipvs::Fwd::masq;
    else if (fwd == "ipip") f.fwd = ipvs::Fwd::tunnel;
    else {
        ctx.sink.error(line, "forwarding method of the fallback server must be gate, masq or ipip, not " +
                                 lex::quote(fwd));
        return std::nullopt;
    }
    return f;
}

std::optional<Fallback> resolve_fallback(Ctx& ctx, const FallbackSpec& f, const std::string& proto,
                                         int af) {
    auto addr = resolve_host(ctx.resolver, f.host, af);
    if (!addr) {
        ctx.sink.error(f.line, "cannot resolve fallback server " + lex::quote(f.host) + " as an " +
                                   (af == AF_INET6 ? "IPv6" : "IPv4") + " address");
        return std::nullopt;
    }
    Fallback out;
    out.addr = *addr;
    out.fwd = f.fwd;
    // A port of "0" is not looked up (Perl truth): it stays 0, the virtual's port.
    if (f.port && lex::perl_true(*f.port)) {
        auto p = resolve_port(ctx.resolver, *f.port, proto);
        if (!p || !lex::perl_true(p->text)) {
            ctx.sink.error(f.line, "invalid fallback server port " + lex::quote(*f.port) +
                                       (proto == "fwm" ? " (a firewall-mark service can only use numbers)"
                                                       : " (not a number from 1 to 65535 nor a known " +
                                                             proto + " service)"));
            return std::nullopt;
        }
        out.port = p->number;
    }
    return out;
}

} // namespace directord::detail
