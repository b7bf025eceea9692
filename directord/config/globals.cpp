// Lines outside virtual sections (column 0): the table of global keys and their readers.
#include "directord/config/draft.hpp"
#include "directord/config/keywords.hpp"
#include "directord/config/lexing.hpp"
#include "lib/nearest_word.hpp"
#include "lib/metrics_text.hpp"

#include <algorithm>
#include <cstring>

namespace directord::detail {

namespace {

using G = GlobalDraft;

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
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
    auto near = ha::nearest_word(k, global_keys());
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

// The readers: one per kind of value, storing into the field the row names.

template <int Config::*Field, bool Strict = false>
void number(Ctx& ctx, G& g, const Value& v) {
    if (auto n = positive(ctx, v.line, std::string(v.key), v.text, Strict)) g.c.*Field = *n;
}

// The timeouts are also kept as "set here" for the merge with sections.
template <int Config::*Field, int G::*Draft>
void timeout(Ctx& ctx, G& g, const Value& v) {
    if (auto n = positive(ctx, v.line, std::string(v.key), v.text, true)) g.*Draft = g.c.*Field = *n;
}

template <bool Config::*Field>
void flag(Ctx& ctx, G& g, const Value& v) {
    if (auto b = yes_no(v.text)) g.c.*Field = *b;
    else ctx.sink.error(v.line, yes_no_error(Scope::global, std::string(v.key), v.text));
}

void checkcount(Ctx& ctx, G& g, const Value& v) {
    number<&Config::checkcount>(ctx, g, v);
    ctx.sink.warn(v.line, "checkcount is deprecated and will be removed: use failurecount");
}

template <bool V6>
void fallback(Ctx& ctx, G& g, const Value& v) {
    auto spec = parse_fallback(ctx, v.line, v.text);
    if (!spec) return;
    int af = V6 ? AF_INET6 : AF_INET;
    GlobalFallback gf{*spec, std::nullopt, std::nullopt};
    gf.tcp = resolve_fallback(ctx, *spec, "tcp", af);
    if (!gf.tcp) return;
    gf.udp = resolve_fallback(ctx, *spec, "udp", af);
    if (!gf.udp) return;
    (V6 ? g.fallback6 : g.fallback) = gf;
    (V6 ? g.c.fallback6 : g.c.fallback) = gf.tcp;
}

void fallbackcommand(Ctx& ctx, G& g, const Value& v) {
    if (auto c = read_command(ctx, v.line, std::string(v.key), v.text)) g.c.fallbackcommand = *c;
}

void callback(Ctx&, G& g, const Value& v) { g.c.callback = v.text; }

void logfile(Ctx& ctx, G& g, const Value& v) {
    // ldirectord opens a file log at once (and not at all when supervised).
    if (!v.text.empty() && v.text[0] == '/' && !g.c.supervised) {
        if (int e = ctx.resolver.can_append(v.text)) {
            ctx.sink.error(v.line, "cannot open logfile " + v.text + ": " + std::strerror(e));
            return;
        }
    }
    g.c.logfile = v.text;
}

void execute(Ctx&, G& g, const Value& v) {
    auto& e = g.c.execute;
    if (std::find(e.begin(), e.end(), v.text) == e.end()) e.push_back(v.text);
}

void emailalert(Ctx& ctx, G& g, const Value& v) {
    if (auto a = read_emailalert(ctx, v.line, v.text)) {
        inline_comment(ctx, v.line, "emailalert", *a);
        g.c.emailalert = *a;
    }
}

void emailalertfreq(Ctx& ctx, G& g, const Value& v) {
    if (auto n = read_emailalertfreq(ctx, v.line, v.text)) g.c.emailalertfreq = *n;
}

void emailalertstatus(Ctx& ctx, G& g, const Value& v) {
    if (auto s = read_emailalertstatus(ctx, v.line, v.text)) g.c.emailalertstatus = *s;
}

void emailalertfrom(Ctx& ctx, G& g, const Value& v) {
    if (v.text.empty()) ctx.sink.error(v.line, "emailalertfrom needs an address");
    else g.c.emailalertfrom = v.text;
}

void smtp(Ctx& ctx, G& g, const Value& v) {
    if (auto s = read_smtp(ctx, v.line, v.text)) g.c.smtp = *s;
}

void maintenancedir(Ctx& ctx, G& g, const Value& v) {
    if (v.text.empty()) {
        ctx.sink.error(v.line, "maintenancedir needs a directory");
        return;
    }
    g.c.maintenancedir = v.text;
    if (!ctx.resolver.is_directory(v.text))
        ctx.sink.warn(v.line, "maintenancedir " + v.text + " is not a directory: no real server will "
                              "be put in maintenance until it exists");
}

template <std::string TlsSettings::*Field>
void tls(Ctx& ctx, G& g, const Value& v) {
    if (auto x = read_tls_value(ctx, v.line, std::string(v.key), v.text)) g.c.tls.*Field = *x;
}

// directord extension (ldirectord rejects the key): the Prometheus text endpoint.
void metrics(Ctx& ctx, G& g, const Value& v) {
    std::string why;
    if (ha::metrics::parse_listen_address(v.text, why)) g.c.metrics = v.text;
    else ctx.sink.error(v.line, "metrics: " + why);
}

void httpredirects(Ctx& ctx, G& g, const Value& v) {
    if (auto x = read_redirects_value(ctx, v.line, v.text)) g.c.httpredirects = *x;
}

// "supervised" alone means yes (ldirectord's pattern makes the value optional).
void supervised_without_value(Ctx& ctx, G& g, int line, const std::string& raw) {
    if (lex::trim(raw.substr(10)).empty() && (raw.size() == 10 || lex::is_space(raw[10]))) {
        g.c.supervised = true;
        ctx.sink.warn(line, "a bare \"supervised\" means supervised=yes: write supervised=yes");
    } else {
        ctx.sink.error(line, yes_no_error(Scope::global, "supervised", raw.substr(10)));
    }
}

void refuse_connecttimeout(Ctx& ctx, G&, const Value& v) { detail::refuse_connecttimeout(ctx, v.line); }
void refuse_timeout(Ctx& ctx, G&, const Value& v) { detail::refuse_timeout(ctx, v.line); }

// In the order "did you mean" tries them.
const Keyword<G> kGlobalKeys[] = {
    {"virtual",          Form::plain,  nullptr},
    {"virtual6",         Form::plain,  nullptr},
    {"checktimeout",     Form::plain,  timeout<&Config::checktimeout, &G::checktimeout>},
    {"negotiatetimeout", Form::plain,  timeout<&Config::negotiatetimeout, &G::negotiatetimeout>},
    {"checkinterval",    Form::plain,  number<&Config::checkinterval>},
    {"checkcount",       Form::plain,  checkcount},
    {"failurecount",     Form::plain,  number<&Config::failurecount>},
    {"fallback",         Form::plain,  fallback<false>},
    {"fallback6",        Form::plain,  fallback<true>},
    {"fallbackcommand",  Form::plain,  fallbackcommand},
    {"autoreload",       Form::plain,  flag<&Config::autoreload>},
    {"callback",         Form::quoted, callback},
    {"logfile",          Form::quoted, logfile},
    {"execute",          Form::plain,  execute},
    {"fork",             Form::plain,  flag<&Config::fork>},
    {"supervised",       Form::plain,  flag<&Config::supervised>},
    {"quiescent",        Form::plain,  flag<&Config::quiescent>},
    {"readdquiescent",   Form::plain,  flag<&Config::readdquiescent>},
    {"emailalert",       Form::plain,  emailalert},
    {"emailalertfreq",   Form::plain,  emailalertfreq},
    {"emailalertstatus", Form::plain,  emailalertstatus},
    {"emailalertfrom",   Form::plain,  emailalertfrom},
    {"cleanstop",        Form::plain,  flag<&Config::cleanstop>},
    {"smtp",             Form::plain,  smtp},
    {"maintenancedir",   Form::plain,  maintenancedir},
    {"tlsverify",        Form::quoted_or_plain, tls<&TlsSettings::verify>},   // directord extension
    {"tlscafile",        Form::quoted_or_plain, tls<&TlsSettings::cafile>},   // directord extension
    {"tlscapath",        Form::quoted_or_plain, tls<&TlsSettings::capath>},   // directord extension
    {"httpkeepalive",    Form::plain,  flag<&Config::httpkeepalive>},         // directord extension
    {"httpredirects",    Form::plain,  httpredirects},                        // directord extension
    {"metrics",          Form::plain,  metrics},                              // directord extension
    {"connecttimeout",   Form::plain,  refuse_connecttimeout, false},
    {"timeout",          Form::plain,  refuse_timeout, false},
};

} // namespace

const std::vector<std::string>& global_keys() {
    static const std::vector<std::string> keys = suggested_keys<G>(kGlobalKeys);
    return keys;
}

void global_directive(Ctx& ctx, GlobalDraft& g, int line, const std::string& raw) {
    if (read_keyword<G>(kGlobalKeys, ctx, g, line, raw)) return;
    if (raw.rfind("supervised", 0) == 0) supervised_without_value(ctx, g, line, raw);
    else unknown_global(ctx, line, raw);
}

} // namespace directord::detail
