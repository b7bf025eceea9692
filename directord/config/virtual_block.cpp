// virtual=/virtual6= lines and the end of their block: address forms, deferred resolution
// (the protocol is only known once the block is read) and the duplicate check.
#include "directord/config/draft.hpp"
#include "directord/config/lexing.hpp"

#include "directord/config/line_regex.hpp"
#include "directord/config/services.hpp"

namespace directord::detail {

VirtualDraft start_virtual(Ctx& ctx, int line, bool v6, const std::string& value) {
    static const LineRegex ipv4_port(R"(^(\d+\.\d+\.\d+\.\d+):([0-9A-Za-z_-]+))");
    static const LineRegex host_port(R"(^([0-9A-Za-z._+-]+):([0-9A-Za-z_-]+))");
    static const LineRegex fwmark(R"(^(\d+))");
    static const LineRegex ipv6_port(R"(^\[([0-9A-Fa-f:]+)\]:([0-9A-Za-z_-]+))");

    VirtualDraft d;
    d.af = v6 ? AF_INET6 : AF_INET;
    d.v.line = line;
    d.v.v6 = v6;
    d.v.text = value;
    d.v.key.af = d.af;
    d.v.key.addr.family = d.af;   // fwmark services: the kernel reports an all-zero address of the family
    if (v6) d.v.netmask = 128;
    LineRegex::Match m;
    if ((!v6 && ipv4_port.search(value, m)) || host_port.search(value, m)) {
        d.host = m[1].str();
        d.port_text = m[2].str();
    } else if (fwmark.search(value, m)) {
        d.fwm_text = m[1].str();
        d.protocol = "fwm";
        d.service = "none";   // preset: an explicit service= still overrides it
        auto n = lex::digits_value(d.fwm_text);
        d.v.key.protocol = 0;
        d.v.key.fwmark = n > UINT32_MAX ? UINT32_MAX : static_cast<std::uint32_t>(n);
        // Warn when something other than blanks or a comment follows the number.
        std::string after = value.substr(d.fwm_text.size());
        after = lex::trim(after.substr(0, after.find('#')));
        if (!after.empty())
            ctx.sink.warn(line, (v6 ? "virtual6=" : "virtual=") + value +
                                    " is read by ldirectord as firewall mark " + d.fwm_text +
                                    (value.find_first_of(".:") != std::string::npos
                                         ? " (an address needs :port)" : ""));
        if (n == 0 || n > UINT32_MAX)
            ctx.sink.warn(line, "firewall mark " + d.fwm_text +
                                    " is out of range (1..4294967295): the kernel will refuse it");
    } else if (ipv6_port.search(value, m)) {
        if (!v6) {
            ctx.sink.error(line, "an IPv6 virtual service needs virtual6=, not virtual=");
            d.addr_ok = false;
            return d;
        }
        if (!ha::Address::parse(m[1].str()) || !ha::Address::parse(m[1].str())->is_v6()) {
            ctx.sink.error(line, "invalid IPv6 address " + lex::quote(m[1].str()) + " for the virtual service");
            d.addr_ok = false;
            return d;
        }
        d.host = "[" + m[1].str() + "]";
        d.port_text = m[2].str();
    } else {
        ctx.sink.error(line, "virtual service " + lex::quote(value) + " must be address:port, " +
                                 "host:port, [IPv6]:port (virtual6) or a firewall mark number");
        d.addr_ok = false;
        return d;
    }
    // ldirectord picks udp when the port is written 53 or domain.
    if (d.protocol != "fwm" && (d.port_text == "53" || d.port_text == "domain")) d.protocol = "udp";
    return d;
}

namespace {

void resolve_address(Ctx& ctx, VirtualDraft& d) {
    Virtual& v = d.v;
    v.key.protocol = d.protocol == "udp" ? IPPROTO_UDP : IPPROTO_TCP;
    auto addr = resolve_host(ctx.resolver, d.host, d.af);
    auto port = addr ? resolve_port(ctx.resolver, d.port_text, d.protocol) : std::nullopt;
    if (!addr || !port) {
        ctx.sink.error(v.line, std::string("cannot resolve virtual service ") +
                                   lex::quote(d.host + ":" + d.port_text) +
                                   (!addr ? " (unknown host)" : " (unknown " + d.protocol + " port)"));
        d.addr_ok = false;
        return;
    }
    v.key.addr = *addr;
    v.key.port = port->number;
    if (port->number == 0 && !v.persistent)
        ctx.sink.warn(v.line, "virtual service port 0 is only accepted by the kernel with persistent=");
    if (!d.service) d.service = std::string(service_of_port(port->text));
    d.id = d.protocol + ":" + addr->bracketed() + ":" + port->text;
}

} // namespace

void finish_virtual(Ctx& ctx, VirtualDraft& d, int end_line, std::vector<std::string>& seen_ids,
                    std::vector<int>& seen_lines) {
    if (!d.addr_ok) return;
    Virtual& v = d.v;
    // Order as ldirectord: fallback, virtual address, reals, then the duplicate check.
    if (d.fallback) {
        FallbackSpec f = *d.fallback;
        if (!f.port) f.port = d.protocol == "fwm" ? "0" : d.port_text;
        if (auto r = resolve_fallback(ctx, f, d.protocol, d.af)) v.fallback = *r;
    }
    if (d.protocol == "fwm") {
        d.id = std::string(d.af == AF_INET6 ? "fwm6" : "fwm") + ":" + d.fwm_text;
    } else {
        resolve_address(ctx, d);
        if (!d.addr_ok) return;
    }
    for (const auto& r : d.reals) resolve_real(ctx, d, r);
    for (std::size_t i = 0; i < seen_ids.size(); ++i)
        if (seen_ids[i] == d.id) {
            // ldirectord reports this on the line that ended the block.
            ctx.sink.error(end_line, "duplicate virtual service " + d.id + " (virtual= at line " +
                                         std::to_string(v.line) + ", first defined at line " +
                                         std::to_string(seen_lines[i]) + ")");
            d.addr_ok = false;
            return;
        }
    seen_ids.push_back(d.id);
    seen_lines.push_back(v.line);
}

} // namespace directord::detail
