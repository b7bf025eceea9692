// After the whole file is read: globals merged into each virtual (ldirectord does this at
// setup time, so a global's position in the file does not matter), derived timeouts, and
// warnings for what ldirectord accepts but silently gets wrong.
#include "directord/config/receive_pattern.hpp"
#include "directord/config/draft.hpp"
#include "directord/config/lexing.hpp"

#include <algorithm>

namespace directord::detail {

namespace {

int first_set(std::initializer_list<int> values) {
    for (int v : values)
        if (v >= 0) return v;
    return -1;
}

std::string name_of(const VirtualDraft& d) {
    return d.id.empty() ? d.v.text : d.id;
}

void inherit_fallback(Ctx& ctx, const GlobalDraft& g, VirtualDraft& d) {
    Virtual& v = d.v;
    const auto& gf = d.af == AF_INET6 ? g.fallback6 : g.fallback;
    if (v.fallback || !gf) return;
    Fallback f = d.protocol == "udp" ? *gf->udp : *gf->tcp;
    if (!gf->spec.port) f.port = v.key.port;   // no port given: the virtual's port
    v.fallback = f;
    if (d.protocol == "fwm")
        ctx.sink.warn(v.line, "firewall-mark virtual service " + d.fwm_text + " gets the global " +
                                  (d.af == AF_INET6 ? "fallback6 " : "fallback ") +
                                  ha::endpoint(f.addr, f.port) +
                                  ": ldirectord issues an invalid ipvsadm command for it (no "
                                  "address); directord installs it as the fallback server");
}

// Checks that pass without testing anything in ldirectord.
void false_up(Ctx& ctx, const VirtualDraft& d) {
    const Virtual& v = d.v;
    if (v.checktype != CheckType::negotiate && v.checktype != CheckType::combined) return;
    const std::string what = "virtual service " + name_of(d);
    if (v.service == "none" && !v.service_explicit) {
        if (d.protocol == "fwm")
            ctx.sink.warn(v.line, "firewall-mark " + what + " has no service=: with checktype " +
                                      "negotiate its real servers are never checked and always up; "
                                      "set service= or checktype=connect");
        else
            ctx.sink.warn(v.line, what + " has no service= and port " + std::to_string(v.key.port) +
                                      " has no default one: its real servers are never checked and "
                                      "always up; set service= or checktype=connect");
    }
    if (v.service == "ftp" && v.receive.empty()) {
        bool all_have = !v.reals.empty() && std::all_of(v.reals.begin(), v.reals.end(), [](const Real& r) {
            return r.receive && !r.receive->empty();
        });
        if (!all_have)
            ctx.sink.warn(v.line, what + ": an ftp check without receive= always succeeds in "
                                         "ldirectord, even with no server; set receive=");
    }
    // The opposite surprise: never up.
    if (v.service == "dns" && v.receive.empty() &&
        !std::all_of(v.reals.begin(), v.reals.end(), [](const Real& r) { return r.receive && !r.receive->empty(); }))
        ctx.sink.warn(v.line, what + ": a dns check without receive= is never up, in ldirectord as "
                                     "here; set receive= to a regex for the expected address or name");
    if ((v.service == "pop" || v.service == "pops") && v.login.empty())
        ctx.sink.warn(v.line, what + ": a " + v.service + " check without login= always succeeds in "
                                     "ldirectord, even with no server; set login= and passwd=");
}

// SQL checks that cannot run: ldirectord logs an error at each check and keeps the
// real servers down.
void always_down(Ctx& ctx, const VirtualDraft& d) {
    const Virtual& v = d.v;
    if (v.checktype != CheckType::negotiate && v.checktype != CheckType::combined) return;
    if (v.service != "mysql" && v.service != "pgsql" && v.service != "oracle") return;
    auto no_query = [](const std::string& request) { return request.empty() || request == "/"; };
    bool some_without = v.reals.empty() ? no_query(v.request) : std::any_of(v.reals.begin(), v.reals.end(), [&](const Real& r) {
        return no_query(r.request && r.receive ? *r.request : v.request);
    });
    const char* missing = v.login.empty() && some_without ? "login= and request= (the SQL query)"
                          : v.login.empty()               ? "login="
                                                          : "request= (the SQL query)";
    if (v.login.empty() || some_without)
        ctx.sink.warn(v.line, "virtual service " + name_of(d) + ": a " + v.service + " check needs " + missing +
                                  ", otherwise its real servers are always down (as in ldirectord)");
}

// receive= patterns are compiled here, once the service is known: ldirectord only meets a
// bad one when a check uses it (Perl dies at the match), so a pattern no check uses is a
// warning, one a check uses an error (else every check would fail with it).
void receive_patterns(Ctx& ctx, const VirtualDraft& d) {
    const Virtual& v = d.v;
    static const char* const users[] = {"http", "https", "http_proxy", "ftp", "ldap", "ldaps", "dns", "simpletcp"};
    bool used = (v.checktype == CheckType::negotiate || v.checktype == CheckType::combined) &&
                std::find(std::begin(users), std::end(users), v.service) != std::end(users);
    auto check = [&](int line, const std::string& text) {
        auto err = ReceivePattern::check(text);
        if (err.empty()) return;
        if (used) ctx.sink.error(line, "receive " + lex::quote(text) + ": " + err);
        else ctx.sink.warn(line, "receive " + lex::quote(text) + ": " + err + " (unused: service " + v.service +
                                     " does not look at receive)");
    };
    if (!v.receive.empty()) check(d.receive_line ? d.receive_line : v.line, v.receive);
    int last = 0;   // a range gives many reals from one line: one diagnostic
    for (const Real& r : v.reals)
        if (r.receive && !r.receive->empty() && r.line != last) {
            last = r.line;
            check(r.line, *r.receive);
        }
}

} // namespace

Config merge(Ctx& ctx, GlobalDraft& g, std::vector<VirtualDraft>& vs) {
    Config c = g.c;
    for (auto& d : vs) {
        Virtual& v = d.v;
        v.service = d.service.value_or("none");
        v.checktimeout = first_set({d.checktimeout, d.negotiatetimeout, g.checktimeout,
                                    g.negotiatetimeout, 5});
        v.negotiatetimeout = first_set({d.negotiatetimeout, d.checktimeout, g.negotiatetimeout,
                                        g.checktimeout, 30});
        v.checkcount = d.checkcount >= 0 ? d.checkcount : c.checkcount;
        v.failurecount = d.failurecount >= 0 ? d.failurecount : c.failurecount;
        // A per-virtual 0 falls back to the global (ldirectord uses ||).
        v.checkinterval = d.checkinterval && *d.checkinterval ? *d.checkinterval : c.checkinterval;
        v.checkinterval_explicit = d.checkinterval.has_value();
        v.quiescent = d.quiescent.value_or(c.quiescent);
        v.httpkeepalive = d.httpkeepalive.value_or(c.httpkeepalive);
        v.httpredirects = d.httpredirects.value_or(c.httpredirects);
        v.cleanstop = d.cleanstop.value_or(c.cleanstop);
        v.emailalert = d.emailalert.value_or(c.emailalert);
        v.emailalertfreq = d.emailalertfreq.value_or(c.emailalertfreq);
        v.emailalertstatus = d.emailalertstatus.value_or(c.emailalertstatus);
        v.smtp = d.smtp ? d.smtp : c.smtp;
        v.fallbackcommand = d.fallbackcommand ? d.fallbackcommand : c.fallbackcommand;
        v.tls.verify = d.tlsverify.value_or(c.tls.verify);
        v.tls.cafile = d.tlscafile.value_or(c.tls.cafile);
        v.tls.capath = d.tlscapath.value_or(c.tls.capath);
        inherit_fallback(ctx, g, d);

        if (d.checkinterval && !c.fork)
            ctx.sink.warn(d.checkinterval_line, "checkinterval in virtual service " + name_of(d) +
                                                    " is ignored when fork=no (the global one applies)");
        if (v.netmask_text && !v.persistent)
            ctx.sink.warn(v.line, "virtual service " + name_of(d) +
                                      ": netmask is only used together with persistent=; it is ignored");
        if (v.ops && d.protocol != "udp")
            ctx.sink.warn(v.line, "virtual service " + name_of(d) + ": ops=yes only applies to udp; "
                                                                    "it is ignored");
        for (std::size_t i = 0; i < v.reals.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (v.reals[i].addr == v.reals[j].addr && v.reals[i].port == v.reals[j].port) {
                    ctx.sink.warn(v.reals[i].line, "real server " +
                                                       ha::endpoint(v.reals[i].addr, v.reals[i].port) +
                                                       " is listed twice in virtual service " +
                                                       name_of(d) + " (also at line " +
                                                       std::to_string(v.reals[j].line) + ")");
                    break;
                }
        false_up(ctx, d);
        always_down(ctx, d);
        receive_patterns(ctx, d);
        c.virtuals.push_back(std::move(v));
    }
    return c;
}

} // namespace directord::detail
