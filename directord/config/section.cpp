// Lines inside a virtual section: the table of section keys and their readers.
#include "directord/config/draft.hpp"
#include "directord/config/keywords.hpp"
#include "directord/config/lexing.hpp"
#include "directord/config/services.hpp"
#include "lib/nearest_word.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

namespace directord::detail {

namespace {

using D = VirtualDraft;

const std::vector<std::string>& service_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& s : services()) n.emplace_back(s.name);
        return n;
    }();
    return names;
}

// "a, b, c"
std::string word_list(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

struct CheckWord {
    std::string_view word;
    CheckType type;
};
// checktype words (a number is a combined check).
constexpr CheckWord kCheckWords[] = {
    {"connect", CheckType::connect}, {"negotiate", CheckType::negotiate}, {"ping", CheckType::ping},
    {"on", CheckType::on},           {"off", CheckType::off},             {"external", CheckType::external},
    {"external-perl", CheckType::external_perl},
};

void unknown_section(Ctx& ctx, int line, const std::string& raw, const std::string& rcmd) {
    static const char* const quoted[] = {"request", "receive", "login", "passwd",
                                         "database", "secret", "load"};
    std::string k = lex::key_of(rcmd);
    std::string msg;
    if (k.empty()) {
        if (lex::trim(rcmd).empty())
            msg = "unknown directive " + lex::quote(raw) +
                  " (a line of blanks inside a virtual section; end a section with an empty line)";
        else
            msg = "unknown directive " + lex::quote(lex::trim(rcmd)) + " (expected key=value)";
    } else if (std::find(std::begin(quoted), std::end(quoted), k) != std::end(quoted)) {
        if (raw.find('#') != std::string::npos && raw.find('"') < raw.find('#'))
            msg = "unknown directive " + lex::quote(k) + " (" + k +
                  " needs a double-quoted value and \"#\" starts a comment even inside quotes, "
                  "which cut off the closing quote)";
        else
            msg = "unknown directive " + lex::quote(k) + " (" + k + " needs a double-quoted value: " +
                  k + "=\"" + lex::trim(*lex::key_value(rcmd, k)) + "\")";
    } else if (k == "timeout" || k == "connecttimeout") {
        msg = "unknown directive " + lex::quote(k) +
              " (deprecated: use checktimeout and negotiatetimeout)";
    } else if (std::find(global_keys().begin(), global_keys().end(), k) != global_keys().end()) {
        msg = "unknown directive " + lex::quote(k) + " (" + k +
              " is a global directive: write it in column 0, outside the virtual section)";
    } else {
        msg = "unknown directive " + lex::quote(k);
        auto near = ha::nearest_word(k, section_keys());
        if (!near.empty()) msg += " (did you mean " + lex::quote(near) + "?)";
    }
    ctx.sink.error(line, msg);
}

// The readers: one per kind of value, storing into the field the row names.

template <bool V6>
void real(Ctx& ctx, D& d, const Value& v) {
    const bool v6 = d.af == AF_INET6;
    if (V6 != v6) {
        ctx.sink.error(v.line, std::string(V6 ? "real6" : "real") + " cannot be used in a " +
                                   (v6 ? "virtual6" : "virtual") + " section: use " + (v6 ? "real6" : "real"));
        return;
    }
    d.reals.push_back({v.text, v.line});
}

// The quoted-only strings: a value is required.
std::optional<std::string> nonempty(Ctx& ctx, const Value& v, const char* what) {
    if (v.text.empty()) {
        ctx.sink.error(v.line, std::string(v.key) + " needs a non-empty " + what);
        return std::nullopt;
    }
    return v.text;
}

void request(Ctx& ctx, D& d, const Value& v) {
    if (auto s = nonempty(ctx, v, "request string")) d.v.request = (*s)[0] == '/' ? *s : "/" + *s;
}

void receive(Ctx& ctx, D& d, const Value& v) {
    if (auto s = nonempty(ctx, v, "receive string")) {
        d.v.receive = *s;
        d.receive_line = v.line;
    }
}

void login(Ctx& ctx, D& d, const Value& v) {
    if (auto s = nonempty(ctx, v, "login")) d.v.login = *s;
}
void passwd(Ctx& ctx, D& d, const Value& v) {
    if (auto s = nonempty(ctx, v, "password")) d.v.passwd = *s;
}
void database(Ctx& ctx, D& d, const Value& v) {
    if (auto s = nonempty(ctx, v, "database name")) d.v.database = *s;
}
void secret(Ctx& ctx, D& d, const Value& v) {
    if (auto s = nonempty(ctx, v, "secret")) d.v.secret = *s;
}

void load(Ctx& ctx, D& d, const Value& v) {
    if (auto w = lex::first_word(v.text)) d.v.load = *w;
    else ctx.sink.error(v.line, "load needs a word");
}

void checktype(Ctx& ctx, D& d, const Value& v) {
    const std::string& x = v.text;
    auto digits = lex::first_digits(x);
    // A word may contain '-' here (external-perl).
    static const char* const word_chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
    std::string w;
    if (auto p = x.find_first_of(word_chars); p != std::string::npos) {
        auto e = x.find_first_not_of(word_chars, p);
        w = x.substr(p, e == std::string::npos ? std::string::npos : e - p);
    }
    if (digits) {
        // Any digit makes it "combined": checktype=3, even checktype=negotiate3.
        d.v.checktype = CheckType::combined;
        d.v.combined_count = clamp_int(lex::digits_value(*digits));
        if (!lex::all_digits(lex::trim(x)))
            ctx.sink.warn(v.line, "checktype=" + x + " is read by ldirectord as a combined check "
                                  "(negotiate, then " + *digits + " connect checks)");
        return;
    }
    for (const auto& c : kCheckWords)
        if (w == c.word) {
            d.v.checktype = c.type;
            return;
        }
    std::string words;
    for (const auto& c : kCheckWords) words += std::string(c.word) + ", ";
    words.resize(words.size() - 2);
    ctx.sink.error(v.line, "checktype must be " + words + " or a number, not " + lex::quote(x));
}

void checkcommand(Ctx& ctx, D& d, const Value& v) {
    if (auto c = read_command(ctx, v.line, std::string(v.key), v.text)) d.v.checkcommand = *c;
}

template <int D::*Field>
void number(Ctx& ctx, D& d, const Value& v) {
    if (auto n = positive(ctx, v.line, std::string(v.key), v.text)) d.*Field = *n;
}

void checkcount(Ctx& ctx, D& d, const Value& v) {
    if (auto n = positive(ctx, v.line, std::string(v.key), v.text)) {
        d.checkcount = *n;
        ctx.sink.warn(v.line, "checkcount is deprecated and will be removed: use failurecount");
    }
}

void checkinterval(Ctx& ctx, D& d, const Value& v) {
    if (auto n = positive(ctx, v.line, std::string(v.key), v.text)) {
        d.checkinterval = *n;
        d.checkinterval_line = v.line;
    }
}

void checkport(Ctx& ctx, D& d, const Value& v) {
    auto digits = lex::first_digits(v.text);
    if (!digits) {
        ctx.sink.error(v.line, "checkport must be a port number, not " + lex::quote(v.text));
        return;
    }
    auto n = lex::digits_value(*digits);
    if (n < 1 || n > 65535) {
        ctx.sink.error(v.line, "checkport must be between 1 and 65535, not " + *digits);
        return;
    }
    d.v.checkport = static_cast<std::uint16_t>(n);
}

void scheduler(Ctx& ctx, D& d, const Value& v) {
    const std::string& x = v.text;
    auto b = x.find_first_of("abcdefghijklmnopqrstuvwxyz");
    if (b == std::string::npos) {
        ctx.sink.error(v.line, "scheduler must be a name in lowercase letters (such as wrr), not " + lex::quote(x));
        return;
    }
    auto e = x.find_first_not_of("abcdefghijklmnopqrstuvwxyz", b);
    d.v.scheduler = x.substr(b, e == std::string::npos ? std::string::npos : e - b);
    if (d.v.scheduler != lex::trim(x))
        ctx.sink.warn(v.line, "scheduler=" + x + " is read by ldirectord as scheduler " + lex::quote(d.v.scheduler));
}

void persistent(Ctx& ctx, D& d, const Value& v) {
    auto digits = lex::first_digits(v.text);
    if (!digits) {
        ctx.sink.error(v.line, "persistent must be a number of seconds, not " + lex::quote(v.text));
        return;
    }
    auto n = lex::digits_value(*digits);
    d.v.persistent = n > UINT32_MAX ? UINT32_MAX : static_cast<std::uint32_t>(n);
    if (n == 0)
        ctx.sink.warn(v.line, "persistent=0 is accepted by ldirectord but the kernel refuses a "
                              "persistence timeout of 0: the virtual service will not be installed");
}

void schedflags(Ctx& ctx, D& d, const Value& v) {
    const std::string& x = v.text;
    auto b = x.find_first_not_of(" \t\r\f\v");
    if (b == std::string::npos) {
        ctx.sink.error(v.line, "schedflags needs a value such as sh-fallback,sh-port");
        return;
    }
    auto e = x.find_first_of(" \t\r\f\v", b);
    d.v.schedflags = x.substr(b, e == std::string::npos ? std::string::npos : e - b);
    std::size_t start = 0;
    const std::string& f = *d.v.schedflags;
    while (start <= f.size()) {
        auto comma = f.find(',', start);
        std::string item = f.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        static const char* const known[] = {"flag-1", "flag-2", "flag-3", "sh-fallback",
                                            "sh-port", "mh-fallback", "mh-port"};
        if (std::find_if(std::begin(known), std::end(known), [&](const char* k) { return item == k; }) ==
            std::end(known))
            ctx.sink.warn(v.line, "schedflags " + lex::quote(item) +
                                      " is not a scheduler flag (flag-1..3, sh-fallback, sh-port, "
                                      "mh-fallback, mh-port): it is ignored");
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
}

void netmask(Ctx& ctx, D& d, const Value& v) {
    const std::string& x = v.text;
    if (d.af == AF_INET6) {
        if (!lex::all_digits(x) || lex::digits_value(x) < 1 || lex::digits_value(x) > 128) {
            ctx.sink.error(v.line, "netmask of a virtual6 service must be a prefix length from 1 to "
                                   "128, not " + lex::quote(x));
            return;
        }
        d.v.netmask = static_cast<std::uint32_t>(lex::digits_value(x));
    } else {
        // Exactly d.d.d.d (no blanks); octets are not range-checked by ldirectord.
        std::uint32_t mask = 0;
        std::size_t pos = 0;
        int parts = 0;
        bool ok = true, range_ok = true;
        while (ok && parts < 4) {
            auto e = x.find('.', pos);
            if (parts == 3) e = x.size();
            if (e == std::string::npos) { ok = false; break; }
            std::string octet = x.substr(pos, e - pos);
            if (!lex::all_digits(octet)) { ok = false; break; }
            auto n = lex::digits_value(octet);
            if (n > 255) range_ok = false;
            mask = (mask << 8) | static_cast<std::uint32_t>(n & 0xff);
            pos = e + 1;
            ++parts;
        }
        if (!ok) {
            ctx.sink.error(v.line, "netmask must be a dotted quad such as 255.255.255.0, not " + lex::quote(x));
            return;
        }
        if (!range_ok)
            ctx.sink.warn(v.line, "netmask " + x + " is not a valid IPv4 mask: ipvsadm would "
                                  "refuse it; it is ignored");
        else
            d.v.netmask = mask;
    }
    d.v.netmask_text = x;
}

void protocol(Ctx& ctx, D& d, const Value& v) {
    auto w = lex::first_word(v.text);
    if (!w) {
        ctx.sink.error(v.line, "protocol needs a value (tcp or udp; fwm for a firewall mark)");
    } else if (d.protocol == "fwm") {
        if (*w != "fwm")
            ctx.sink.error(v.line, "protocol of a firewall-mark virtual service must be fwm, not " + lex::quote(*w));
    } else if (*w == "tcp" || *w == "udp") {
        d.protocol = *w;
    } else {
        ctx.sink.error(v.line, "protocol of an address:port virtual service must be tcp or udp, not " +
                                   lex::quote(*w));
    }
}

void ops(Ctx& ctx, D& d, const Value& v) {
    if (auto b = yes_no(v.text)) d.v.ops = *b;
    else ctx.sink.error(v.line, yes_no_error(Scope::section, "ops", v.text));
}

template <std::optional<bool> D::*Field>
void flag(Ctx& ctx, D& d, const Value& v) {
    if (auto b = yes_no(v.text)) d.*Field = *b;
    else ctx.sink.error(v.line, yes_no_error(Scope::section, std::string(v.key), v.text));
}

void service(Ctx& ctx, D& d, const Value& v) {
    auto w = lex::first_word(v.text);
    if (!w || !find_service(*w)) {
        std::string msg = "unknown service " + lex::quote(w ? *w : v.text) + " (ldirectord knows " +
                          word_list(service_names()) + ")";
        if (w) {
            auto near = ha::nearest_word(*w, service_names());
            if (!near.empty()) msg += "; did you mean " + lex::quote(near) + "?";
        }
        ctx.sink.error(v.line, msg);
        return;
    }
    d.service = *w;
    d.v.service_explicit = true;
    // Defaults applied only here, when the service is explicit and nothing was set yet.
    std::string me = "ldirectord@" + ctx.resolver.local_hostname();
    if (*w == "ftp" && d.v.login.empty()) d.v.login = "anonymous";
    else if (*w == "sip" && d.v.login.empty()) d.v.login = me;
    if (*w == "ftp" && d.v.passwd.empty()) d.v.passwd = me;
}

void httpmethod(Ctx& ctx, D& d, const Value& v) {
    auto w = lex::first_word(v.text);
    std::string up = w ? *w : "";
    for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (up != "GET" && up != "HEAD") {
        ctx.sink.error(v.line, "httpmethod must be GET or HEAD, not " + lex::quote(v.text));
        return;
    }
    d.v.httpmethod = up;
}

void virtualhost(Ctx& ctx, D& d, const Value& v) {
    const std::string& x = v.text;
    std::size_t b = !x.empty() && x[0] == '"' ? 1 : 0;
    auto e = x.find('"', b);
    std::string host = x.substr(b, e == std::string::npos ? std::string::npos : e - b);
    if (!host.empty() && lex::is_space(host.back()))
        ctx.sink.warn(v.line, "virtualhost " + lex::quote(host) +
                                  " keeps its trailing blanks: they are sent in the Host: header");
    d.v.virtualhost = host;
}

template <bool V6>
void fallback(Ctx& ctx, D& d, const Value& v) {
    const bool v6 = d.af == AF_INET6;
    if (V6 != v6) {
        ctx.sink.error(v.line, std::string(V6 ? "fallback6" : "fallback") + " cannot be used in a " +
                                   (v6 ? "virtual6" : "virtual") + " section: use " +
                                   (v6 ? "fallback6" : "fallback"));
        return;
    }
    if (auto f = parse_fallback(ctx, v.line, v.text)) d.fallback = *f;
}

void fallbackcommand(Ctx& ctx, D& d, const Value& v) {
    if (auto c = read_command(ctx, v.line, std::string(v.key), v.text)) d.fallbackcommand = *c;
}

void emailalert(Ctx& ctx, D& d, const Value& v) {
    if (auto a = read_emailalert(ctx, v.line, v.text)) d.emailalert = *a;
}

void emailalertfreq(Ctx& ctx, D& d, const Value& v) {
    if (auto n = read_emailalertfreq(ctx, v.line, v.text)) d.emailalertfreq = *n;
}

void emailalertstatus(Ctx& ctx, D& d, const Value& v) {
    if (auto s = read_emailalertstatus(ctx, v.line, v.text)) d.emailalertstatus = *s;
}

void monitorfile(Ctx& ctx, D& d, const Value& v) {
    if (int e = ctx.resolver.can_append(v.text)) {
        ctx.sink.error(v.line, "cannot open monitorfile " + v.text + ": " + std::strerror(e));
        return;
    }
    d.v.monitorfile = v.text;
}

void smtp(Ctx& ctx, D& d, const Value& v) {
    if (auto s = read_smtp(ctx, v.line, v.text)) d.smtp = *s;
}

template <std::optional<std::string> D::*Field>
void tls(Ctx& ctx, D& d, const Value& v) {
    if (auto x = read_tls_value(ctx, v.line, std::string(v.key), v.text)) d.*Field = *x;
}

void httpredirects(Ctx& ctx, D& d, const Value& v) {
    if (auto x = read_redirects_value(ctx, v.line, v.text)) d.httpredirects = *x;
}

void servicename(Ctx&, D& d, const Value& v) { d.v.servicename = v.text; }
void comment(Ctx&, D& d, const Value& v) { d.v.comment = v.text; }
void refuse_connecttimeout(Ctx& ctx, D&, const Value& v) { detail::refuse_connecttimeout(ctx, v.line); }

// In the order "did you mean" tries them.
const Keyword<D> kSectionKeys[] = {
    {"real",             Form::plain,           real<false>},
    {"real6",            Form::plain,           real<true>},
    {"request",          Form::quoted,          request},
    {"receive",          Form::quoted,          receive},
    {"checktype",        Form::plain,           checktype},
    {"checkcommand",     Form::quoted_or_plain, checkcommand},
    {"checktimeout",     Form::plain,           number<&D::checktimeout>},
    {"negotiatetimeout", Form::plain,           number<&D::negotiatetimeout>},
    {"checkcount",       Form::plain,           checkcount},
    {"failurecount",     Form::plain,           number<&D::failurecount>},
    {"checkinterval",    Form::plain,           checkinterval},
    {"checkport",        Form::plain,           checkport},
    {"login",            Form::quoted,          login},
    {"passwd",           Form::quoted,          passwd},
    {"database",         Form::quoted,          database},
    {"secret",           Form::quoted,          secret},
    {"load",             Form::quoted,          load},
    {"scheduler",        Form::plain,           scheduler},
    {"persistent",       Form::plain,           persistent},
    {"schedflags",       Form::plain,           schedflags},
    {"netmask",          Form::plain,           netmask},
    {"protocol",         Form::plain,           protocol},
    {"ops",              Form::plain,           ops},
    {"service",          Form::plain,           service},
    {"httpmethod",       Form::plain,           httpmethod},
    {"virtualhost",      Form::plain,           virtualhost},
    {"fallback",         Form::plain,           fallback<false>},
    {"fallback6",        Form::plain,           fallback<true>},
    {"fallbackcommand",  Form::quoted_or_plain, fallbackcommand},
    {"quiescent",        Form::plain,           flag<&D::quiescent>},
    {"emailalert",       Form::plain,           emailalert},
    {"emailalertfreq",   Form::plain,           emailalertfreq},
    {"emailalertstatus", Form::plain,           emailalertstatus},
    {"monitorfile",      Form::quoted_or_plain, monitorfile},
    {"cleanstop",        Form::plain,           flag<&D::cleanstop>},
    {"smtp",             Form::plain,           smtp},
    {"servicename",      Form::plain,           servicename},
    {"comment",          Form::plain,           comment},
    {"tlsverify",        Form::quoted_or_plain, tls<&D::tlsverify>},      // directord extension
    {"tlscafile",        Form::quoted_or_plain, tls<&D::tlscafile>},      // directord extension
    {"tlscapath",        Form::quoted_or_plain, tls<&D::tlscapath>},      // directord extension
    {"httpkeepalive",    Form::plain,           flag<&D::httpkeepalive>}, // directord extension
    {"httpredirects",    Form::plain,           httpredirects},           // directord extension
    {"connecttimeout",   Form::plain,           refuse_connecttimeout, false},
};

} // namespace

const std::vector<std::string>& section_keys() {
    static const std::vector<std::string> keys = suggested_keys<D>(kSectionKeys);
    return keys;
}

void section_directive(Ctx& ctx, VirtualDraft& d, int line, const std::string& raw, const std::string& rcmd) {
    if (!read_keyword<D>(kSectionKeys, ctx, d, line, rcmd)) unknown_section(ctx, line, raw, rcmd);
}

} // namespace directord::detail
