// `directord -t`: the effective configuration, one value per line, in a fixed order, so
// that two files meaning the same thing print the same text.
#include "directord/config/config.hpp"
#include "directord/config/lexing.hpp"

#include <sstream>

namespace directord {

const char* checktype_name(CheckType t) {
    switch (t) {
    case CheckType::negotiate: return "negotiate";
    case CheckType::connect: return "connect";
    case CheckType::ping: return "ping";
    case CheckType::external: return "external";
    case CheckType::external_perl: return "external-perl";
    case CheckType::on: return "on";
    case CheckType::off: return "off";
    case CheckType::combined: return "combined";
    }
    return "?";
}

const char* fwd_word(ipvs::Fwd f) {
    switch (f) {
    case ipvs::Fwd::route: return "gate";
    case ipvs::Fwd::masq: return "masq";
    case ipvs::Fwd::tunnel: return "ipip";
    case ipvs::Fwd::local: return "local";
    }
    return "?";
}

namespace {

std::string yn(bool b) { return b ? "yes" : "no"; }
std::string opt(const std::optional<std::string>& s) { return s ? lex::quote(*s) : "(unset)"; }

std::string service_name(const Virtual& v) {
    if (v.key.is_fwmark() || (v.key.protocol == 0))
        return std::string(v.v6 ? "fwm6 " : "fwm ") + std::to_string(v.key.fwmark);
    return std::string(v.key.protocol == IPPROTO_UDP ? "udp " : "tcp ") +
           ha::endpoint(v.key.addr, v.key.port);
}

std::string fallback_text(const std::optional<Fallback>& f) {
    if (!f) return "(unset)";
    return ha::endpoint(f->addr, f->port) + " " + fwd_word(f->fwd) +
           (f->port == 0 ? " (port 0: the virtual service's port)" : "");
}

// The directord extensions, after ldirectord's keys.
void tls_lines(std::ostringstream& o, const char* indent, const TlsSettings& t) {
    auto store = [](const std::string& p) { return p.empty() ? std::string("(system store)") : lex::quote(p); };
    o << indent << "tlsverify = " << t.verify << "\n";
    o << indent << "tlscafile = " << store(t.cafile) << "\n";
    o << indent << "tlscapath = " << store(t.capath) << "\n";
}

std::string netmask_text(const Virtual& v) {
    if (v.v6) return "/" + std::to_string(v.netmask);
    return ha::Address::v4(v.netmask).str();
}

} // namespace

std::string normalize(const Config& c) {
    std::ostringstream o;
    auto kv = [&](const char* indent, const char* k, const std::string& val) {
        o << indent << k << " = " << val << "\n";
    };
    o << "# effective configuration of " << (c.path.empty() ? "(text)" : c.path) << " (name "
      << (c.name.empty() ? "ldirectord" : c.name) << ")\n";
    o << "global\n";
    const char* g = "    ";
    kv(g, "autoreload", yn(c.autoreload));
    kv(g, "callback", opt(c.callback));
    if (c.metrics) kv(g, "metrics", *c.metrics);   // extension: shown only when set
    kv(g, "checkinterval", std::to_string(c.checkinterval));
    kv(g, "checktimeout", c.checktimeout > 0 ? std::to_string(c.checktimeout) : "(unset)");
    kv(g, "negotiatetimeout", c.negotiatetimeout > 0 ? std::to_string(c.negotiatetimeout) : "(unset)");
    kv(g, "checkcount", std::to_string(c.checkcount));
    kv(g, "failurecount", std::to_string(c.failurecount));
    kv(g, "cleanstop", yn(c.cleanstop));
    kv(g, "emailalert", lex::quote(c.emailalert));
    kv(g, "emailalertfreq", std::to_string(c.emailalertfreq));
    kv(g, "emailalertstatus", c.emailalertstatus);
    kv(g, "emailalertfrom", opt(c.emailalertfrom));
    std::string exec;
    for (const auto& e : c.execute) exec += (exec.empty() ? "" : " ") + lex::quote(e);
    kv(g, "execute", exec.empty() ? "(none)" : exec);
    kv(g, "fallback", fallback_text(c.fallback));
    kv(g, "fallback6", fallback_text(c.fallback6));
    kv(g, "fallbackcommand", opt(c.fallbackcommand));
    kv(g, "fork", yn(c.fork));
    kv(g, "logfile", lex::quote(c.logfile));
    kv(g, "maintenancedir", opt(c.maintenancedir));
    kv(g, "httpkeepalive", yn(c.httpkeepalive));
    if (c.httpredirects != "samehost") kv(g, "httpredirects", c.httpredirects);   // extension: shown when set
    kv(g, "quiescent", yn(c.quiescent));
    kv(g, "readdquiescent", yn(c.readdquiescent));
    kv(g, "smtp", opt(c.smtp));
    kv(g, "supervised", yn(c.supervised));
    tls_lines(o, g, c.tls);

    const char* s = "    ";
    for (const auto& v : c.virtuals) {
        o << "\nvirtual " << service_name(v) << "    # line " << v.line << ": "
          << (v.v6 ? "virtual6=" : "virtual=") << v.text << "\n";
        auto so = v.service_opts();
        kv(s, "scheduler", v.scheduler);
        kv(s, "persistent", v.persistent ? std::to_string(*v.persistent) : "(unset)");
        kv(s, "netmask", v.persistent ? netmask_text(v) : v.netmask_text ? "(ignored without persistent)" : "(unset)");
        kv(s, "schedflags", opt(v.schedflags));
        kv(s, "ops", yn(v.ops) + ((v.ops && !(so.flags & ipvs::kFlagOnePacket)) ? " (ignored: not udp)" : ""));
        std::ostringstream fl;
        fl << "0x" << std::hex << so.flags;
        kv(s, "kernel flags", fl.str());
        kv(s, "checktype", std::string(checktype_name(v.checktype)) +
                               (v.checktype == CheckType::combined ? " " + std::to_string(v.combined_count) : ""));
        kv(s, "service", v.service + (v.service_explicit ? "" : " (default)"));
        kv(s, "checkcommand", lex::quote(v.checkcommand));
        kv(s, "checkport", v.checkport ? std::to_string(v.checkport) : "(real server's port)");
        kv(s, "checktimeout", std::to_string(v.checktimeout));
        kv(s, "negotiatetimeout", std::to_string(v.negotiatetimeout));
        kv(s, "checkcount", std::to_string(v.checkcount));
        kv(s, "failurecount", std::to_string(v.failurecount));
        kv(s, "checkinterval", std::to_string(v.checkinterval) +
                                   (v.checkinterval_explicit && !c.fork ? " (section value ignored: fork=no)" : ""));
        kv(s, "request", lex::quote(v.request));
        kv(s, "receive", lex::quote(v.receive));
        kv(s, "httpmethod", v.httpmethod);
        kv(s, "virtualhost", v.virtualhost ? lex::quote(*v.virtualhost) : "(real server address)");
        kv(s, "login", lex::quote(v.login));
        kv(s, "passwd", v.passwd.empty() ? "\"\"" : "(set)");
        kv(s, "database", lex::quote(v.database));
        kv(s, "secret", v.secret.empty() ? "\"\"" : "(set)");
        kv(s, "fallback", fallback_text(v.fallback));
        kv(s, "fallbackcommand", opt(v.fallbackcommand));
        kv(s, "httpkeepalive", yn(v.httpkeepalive));
        if (v.httpredirects != "samehost") kv(s, "httpredirects", v.httpredirects);
        kv(s, "quiescent", yn(v.quiescent));
        kv(s, "cleanstop", yn(v.cleanstop));
        kv(s, "emailalert", lex::quote(v.emailalert));
        kv(s, "emailalertfreq", std::to_string(v.emailalertfreq));
        kv(s, "emailalertstatus", v.emailalertstatus);
        kv(s, "smtp", opt(v.smtp));
        kv(s, "monitorfile", opt(v.monitorfile));
        kv(s, "servicename", opt(v.servicename));
        kv(s, "comment", opt(v.comment));
        tls_lines(o, s, v.tls);
        for (const auto& r : v.reals) {
            o << s << "real = " << ha::endpoint(r.addr, r.port) << " " << fwd_word(r.fwd) << " weight "
              << r.weight;
            if (r.l_threshold) o << " l:" << r.l_threshold;
            if (r.u_threshold) o << " u:" << r.u_threshold;
            if (r.request) o << " request " << lex::quote(*r.request);
            if (r.receive) o << " receive " << lex::quote(*r.receive);
            o << "    # line " << r.line << "\n";
        }
    }
    return o.str();
}

} // namespace directord
