// Lines outside virtual sections (column 0), in the order ldirectord tries its patterns.
#include "directord/config/draft.hpp"
#include "directord/config/lexing.hpp"
#include "lib/metrics_text.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

namespace directord::detail {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

int clamp_int(std::uint64_t v) { return v > INT_MAX ? INT_MAX : static_cast<int>(v); }

// Hint for a yes/no value that is almost right.
std::string yes_no_error(const std::string& key, const std::string& v) {
    std::string msg = key + " must be yes or no, not " + lex::quote(v);
    auto t = lex::trim(v.substr(0, v.find('#')));
    if (yes_no(t))
        msg += " (ldirectord reads the whole rest of the line: remove the trailing blanks or comment)";
    return msg;
}

// Number > 0 read from the first digit run. `strict`: the value must be > 0 numerically
// (global timeouts); otherwise Perl truth, so "00" passes as 0 (kept for compatibility).
std::optional<int> positive(Ctx& ctx, int line, const std::string& key, const std::string& v,
                            bool strict) {
    auto d = lex::first_digits(v);
    bool ok = d && lex::perl_true(*d) && (!strict || lex::digits_value(*d) > 0);
    if (!ok) {
        ctx.sink.error(line, key + " must be a number greater than 0, not " + lex::quote(v));
        return std::nullopt;
    }
    int n = clamp_int(lex::digits_value(*d));
    if (n == 0) ctx.sink.warn(line, key + "=" + v + " is read by ldirectord as 0");
    return n;
}

void unknown_global(Ctx& ctx, int line, const std::string& raw) {
    std::string msg;
    if (!raw.empty() && lex::is_space(raw[0])) {
        std::string t = lex::trim(raw);
        std::string k = lex::key_of(t);
        std::string shown = k.empty() ? t : k;
        if (!k.empty() && contains(section_keys(), k) && !contains(global_keys(), k))
            msg = "unknown directive " + lex::quote(shown) +
                  " (an indented line outside a virtual section: a virtual section ends at its "
                  "first empty or unindented line)";
        else if (!k.empty() && contains(global_keys(), k))
            msg = "unknown directive " + lex::quote(shown) +
                  " (global directives must start in column 0; a virtual section ends at its "
                  "first empty or unindented line)";
        else
            msg = "unknown directive " + lex::quote(raw) + " (an indented line outside a virtual section)";
        ctx.sink.error(line, msg);
        return;
    }
    std::string k = lex::key_of(raw);
    if (k.empty()) {
        // "quiescent no": a known key without '='.
        auto sp = raw.find_first_of(" \t");
        std::string first = raw.substr(0, sp);
        if (contains(global_keys(), first))
            msg = "unknown directive " + lex::quote(raw) + " (missing \"=\" after " + first + ")";
        else
            msg = "unknown directive " + lex::quote(raw) + " (expected key=value)";
        ctx.sink.error(line, msg);
        return;
    }
    if (k == "callback" || k == "logfile") {
        ctx.sink.error(line, "unknown directive " + lex::quote(k) + " (" + k +
                                 " needs a double-quoted value: " + k + "=\"...\")");
        return;
    }
    if (contains(section_keys(), k)) {
        ctx.sink.error(line, "unknown directive " + lex::quote(k) + " (" + k +
                                 " is only valid inside a virtual section, indented)");
        return;
    }
    msg = "unknown directive " + lex::quote(k);
    auto near = nearest(k, global_keys());
    if (!near.empty()) msg += " (did you mean " + lex::quote(near) + "?)";
    ctx.sink.error(line, msg);
}

// Warn when a value that ldirectord keeps verbatim carries what looks like a comment.
void inline_comment(Ctx& ctx, int line, const std::string& key, const std::string& v) {
    auto h = v.find('#');
    if (h != std::string::npos && h > 0 && lex::is_space(v[h - 1]))
        ctx.sink.warn(line, "global lines have no comments: " + key + " is " + lex::quote(v) +
                                " including the \"#...\"");
}

void global_fallback(Ctx& ctx, GlobalDraft& g, int line, bool v6, const std::string& v) {
    auto spec = parse_fallback(ctx, line, v);
    if (!spec) return;
    int af = v6 ? AF_INET6 : AF_INET;
    GlobalFallback gf{*spec, std::nullopt, std::nullopt};
    gf.tcp = resolve_fallback(ctx, *spec, "tcp", af);
    if (!gf.tcp) return;
    gf.udp = resolve_fallback(ctx, *spec, "udp", af);
    if (!gf.udp) return;
    (v6 ? g.fallback6 : g.fallback) = gf;
    (v6 ? g.c.fallback6 : g.c.fallback) = gf.tcp;
}

} // namespace

void global_directive(Ctx& ctx, GlobalDraft& g, int line, const std::string& raw) {
    Config& c = g.c;
    auto kv = [&](const char* key) { return lex::key_value(raw, key); };
    std::optional<std::string> v;
    if ((v = kv("checktimeout"))) {
        if (auto n = positive(ctx, line, "checktimeout", *v, true)) g.checktimeout = c.checktimeout = *n;
    } else if ((v = kv("connecttimeout"))) {
        ctx.sink.error(line, "connecttimeout is deprecated and no longer accepted: use negotiatetimeout");
    } else if ((v = kv("negotiatetimeout"))) {
        if (auto n = positive(ctx, line, "negotiatetimeout", *v, true))
            g.negotiatetimeout = c.negotiatetimeout = *n;
    } else if ((v = kv("checkinterval"))) {
        if (auto n = positive(ctx, line, "checkinterval", *v, false)) c.checkinterval = *n;
    } else if ((v = kv("checkcount"))) {
        if (auto n = positive(ctx, line, "checkcount", *v, false)) c.checkcount = *n;
        ctx.sink.warn(line, "checkcount is deprecated and will be removed: use failurecount");
    } else if ((v = kv("failurecount"))) {
        if (auto n = positive(ctx, line, "failurecount", *v, false)) c.failurecount = *n;
    } else if ((v = kv("fallback"))) {
        global_fallback(ctx, g, line, false, *v);
    } else if ((v = kv("fallback6"))) {
        global_fallback(ctx, g, line, true, *v);
    } else if ((v = kv("fallbackcommand"))) {
        if (v->empty()) ctx.sink.error(line, "fallbackcommand needs a command");
        else c.fallbackcommand = *v;
    } else if ((v = kv("autoreload"))) {
        if (auto b = yes_no(*v)) c.autoreload = *b;
        else ctx.sink.error(line, yes_no_error("autoreload", *v));
    } else if ((v = lex::key_quoted(raw, "callback"))) {
        c.callback = *v;
    } else if ((v = lex::key_quoted(raw, "logfile"))) {
        // ldirectord opens a file log at once (and not at all when supervised).
        if (!v->empty() && (*v)[0] == '/' && !c.supervised) {
            if (int e = ctx.resolver.can_append(*v)) {
                ctx.sink.error(line, "cannot open logfile " + *v + ": " + std::strerror(e));
                return;
            }
        }
        c.logfile = *v;
    } else if ((v = kv("execute"))) {
        if (std::find(c.execute.begin(), c.execute.end(), *v) == c.execute.end())
            c.execute.push_back(*v);
    } else if ((v = kv("fork"))) {
        if (auto b = yes_no(*v)) c.fork = *b;
        else ctx.sink.error(line, yes_no_error("fork", *v));
    } else if (raw.rfind("supervised", 0) == 0) {
        if ((v = kv("supervised")) && yes_no(*v)) {
            c.supervised = *yes_no(*v);
        } else if (lex::trim(raw.substr(10)).empty() && (raw.size() == 10 || lex::is_space(raw[10]))) {
            c.supervised = true;
            ctx.sink.warn(line, "a bare \"supervised\" means supervised=yes: write supervised=yes");
        } else {
            ctx.sink.error(line, yes_no_error("supervised", v ? *v : raw.substr(10)));
        }
    } else if ((v = kv("quiescent"))) {
        if (auto b = yes_no(*v)) c.quiescent = *b;
        else ctx.sink.error(line, yes_no_error("quiescent", *v));
    } else if ((v = kv("metrics"))) {
        // directord extension (ldirectord rejects the key): Prometheus text endpoint.
        std::string why;
        if (ha::metrics::parse_listen_address(*v, why)) c.metrics = *v;
        else ctx.sink.error(line, "metrics: " + why);
    } else if ((v = kv("httpkeepalive"))) {
        // directord extension: ldirectord rejects the key.
        if (auto b = yes_no(*v)) c.httpkeepalive = *b;
        else ctx.sink.error(line, yes_no_error("httpkeepalive", *v));
    } else if ((v = kv("readdquiescent"))) {
        if (auto b = yes_no(*v)) c.readdquiescent = *b;
        else ctx.sink.error(line, yes_no_error("readdquiescent", *v));
    } else if ((v = kv("emailalert"))) {
        if (auto a = read_emailalert(ctx, line, *v)) {
            inline_comment(ctx, line, "emailalert", *a);
            c.emailalert = *a;
        }
    } else if ((v = kv("emailalertfreq"))) {
        auto d = lex::first_digits(*v);
        if (!d || v->find_first_not_of("0123456789") == 0) {
            ctx.sink.error(line, "emailalertfreq must be a number of seconds, not " + lex::quote(*v));
            return;
        }
        c.emailalertfreq = clamp_int(lex::digits_value(*d));
    } else if ((v = kv("emailalertstatus"))) {
        if (auto s = read_emailalertstatus(ctx, line, *v)) c.emailalertstatus = *s;
    } else if ((v = kv("emailalertfrom"))) {
        if (v->empty()) ctx.sink.error(line, "emailalertfrom needs an address");
        else c.emailalertfrom = *v;
    } else if ((v = kv("cleanstop"))) {
        if (auto b = yes_no(*v)) c.cleanstop = *b;
        else ctx.sink.error(line, yes_no_error("cleanstop", *v));
    } else if ((v = kv("smtp"))) {
        std::size_t n = 0;
        while (n < v->size() && (std::isalnum(static_cast<unsigned char>((*v)[n])) ||
                                 std::strchr("._+-", (*v)[n])))
            ++n;
        if (n == 0) {
            ctx.sink.error(line, "smtp must be a host name or address (letters, digits and ._+-, "
                                 "no quotes), not " + lex::quote(*v));
            return;
        }
        c.smtp = v->substr(0, n);
    } else if ((v = kv("maintenancedir"))) {
        if (v->empty()) {
            ctx.sink.error(line, "maintenancedir needs a directory");
            return;
        }
        c.maintenancedir = *v;
        if (!ctx.resolver.is_directory(*v))
            ctx.sink.warn(line, "maintenancedir " + *v + " is not a directory: no real server will "
                                "be put in maintenance until it exists");
    } else if (std::string key; read_tls_key(ctx, line, raw, key, v)) {
        if (!v) return;
        if (key == "tlsverify") c.tls.verify = *v;
        else if (key == "tlscafile") c.tls.cafile = *v;
        else c.tls.capath = *v;
    } else if ((v = kv("timeout"))) {
        ctx.sink.error(line, "timeout is deprecated and no longer accepted: use checktimeout and "
                             "negotiatetimeout");
    } else {
        unknown_global(ctx, line, raw);
    }
}

} // namespace directord::detail
