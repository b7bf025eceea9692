// Lines inside a virtual section, in the order ldirectord tries its patterns.
#include "directord/config/draft.hpp"
#include "directord/config/lexing.hpp"

#include <algorithm>
#include <climits>
#include <cstring>

namespace directord::detail {

namespace {

const std::vector<std::string>& services() {
    static const std::vector<std::string> s = {
        "dns", "ftp", "http", "https", "http_proxy", "imap", "imaps", "ldap", "ldaps", "mysql",
        "nntp", "none", "oracle", "pop", "pops", "radius", "pgsql", "simpletcp", "sip", "smtp",
        "submission"};
    return s;
}

int clamp_int(std::uint64_t v) { return v > INT_MAX ? INT_MAX : static_cast<int>(v); }

// Section numbers use Perl truth of the first digit run ("00" passes as 0).
std::optional<int> positive(Ctx& ctx, int line, const std::string& key, const std::string& v) {
    auto d = lex::first_digits(v);
    if (!d || !lex::perl_true(*d)) {
        ctx.sink.error(line, key + " must be a number greater than 0, not " + lex::quote(v));
        return std::nullopt;
    }
    int n = clamp_int(lex::digits_value(*d));
    if (n == 0) ctx.sink.warn(line, key + "=" + v + " is read by ldirectord as 0");
    return n;
}

std::string yes_no_error(const std::string& key, const std::string& v) {
    std::string msg = key + " must be yes or no, not " + lex::quote(v);
    if (yes_no(lex::trim(v)))
        msg += " (ldirectord keeps trailing blanks in section values: remove them)";
    return msg;
}

// Quoted-only keys with a non-empty value.
bool quoted_nonempty(Ctx& ctx, int line, const std::string& rcmd, const char* key,
                     std::string& out, const char* what) {
    auto q = lex::key_quoted(rcmd, key);
    if (!q) return false;
    if (q->empty()) ctx.sink.error(line, std::string(key) + " needs a non-empty " + what);
    else out = *q;
    return true;
}

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
        auto near = nearest(k, section_keys());
        if (!near.empty()) msg += " (did you mean " + lex::quote(near) + "?)";
    }
    ctx.sink.error(line, msg);
}

} // namespace

void section_directive(Ctx& ctx, VirtualDraft& d, int line, const std::string& raw,
                       const std::string& rcmd) {
    Virtual& v = d.v;
    auto kv = [&](const char* key) { return lex::key_value(rcmd, key); };
    auto quoted_or_plain = [&](const char* key) {
        auto q = lex::key_quoted(rcmd, key);
        return q ? q : lex::key_value(rcmd, key);
    };
    const bool v6 = d.af == AF_INET6;
    std::optional<std::string> x;

    if ((x = kv("real")) || (x = kv("real6"))) {
        bool is6 = rcmd.rfind("real6", 0) == 0;
        if (is6 != v6) {
            ctx.sink.error(line, std::string(is6 ? "real6" : "real") + " cannot be used in a " +
                                     (v6 ? "virtual6" : "virtual") + " section: use " +
                                     (v6 ? "real6" : "real"));
            return;
        }
        d.reals.push_back({*x, line});
    } else if (std::string s; quoted_nonempty(ctx, line, rcmd, "request", s, "request string")) {
        if (!s.empty()) v.request = s[0] == '/' ? s : "/" + s;
    } else if (quoted_nonempty(ctx, line, rcmd, "receive", s, "receive string")) {
        if (!s.empty()) {
            v.receive = s;
            d.receive_line = line;
        }
    } else if ((x = kv("checktype"))) {
        auto digits = lex::first_digits(*x);
        // A word may contain '-' here (external-perl).
        std::string w;
        if (auto p = x->find_first_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
            p != std::string::npos) {
            auto e = x->find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", p);
            w = x->substr(p, e == std::string::npos ? std::string::npos : e - p);
        }
        if (digits) {
            // Any digit makes it "combined": checktype=3, even checktype=negotiate3.
            v.checktype = CheckType::combined;
            v.combined_count = clamp_int(lex::digits_value(*digits));
            if (!lex::all_digits(lex::trim(*x)))
                ctx.sink.warn(line, "checktype=" + *x + " is read by ldirectord as a combined check "
                                    "(negotiate, then " + *digits + " connect checks)");
        } else if (w == "connect") v.checktype = CheckType::connect;
        else if (w == "negotiate") v.checktype = CheckType::negotiate;
        else if (w == "ping") v.checktype = CheckType::ping;
        else if (w == "off") v.checktype = CheckType::off;
        else if (w == "on") v.checktype = CheckType::on;
        else if (w == "external") v.checktype = CheckType::external;
        else if (w == "external-perl") v.checktype = CheckType::external_perl;
        else
            ctx.sink.error(line, "checktype must be connect, negotiate, ping, on, off, external, "
                                 "external-perl or a number, not " + lex::quote(*x));
    } else if ((x = quoted_or_plain("checkcommand"))) {
        if (x->empty()) ctx.sink.error(line, "checkcommand needs a command");
        else v.checkcommand = *x;
    } else if ((x = kv("checktimeout"))) {
        if (auto n = positive(ctx, line, "checktimeout", *x)) d.checktimeout = *n;
    } else if ((x = kv("connecttimeout"))) {
        ctx.sink.error(line, "connecttimeout is deprecated and no longer accepted: use negotiatetimeout");
    } else if ((x = kv("negotiatetimeout"))) {
        if (auto n = positive(ctx, line, "negotiatetimeout", *x)) d.negotiatetimeout = *n;
    } else if ((x = kv("checkcount"))) {
        if (auto n = positive(ctx, line, "checkcount", *x)) {
            d.checkcount = *n;
            ctx.sink.warn(line, "checkcount is deprecated and will be removed: use failurecount");
        }
    } else if ((x = kv("failurecount"))) {
        if (auto n = positive(ctx, line, "failurecount", *x)) d.failurecount = *n;
    } else if ((x = kv("checkinterval"))) {
        if (auto n = positive(ctx, line, "checkinterval", *x)) {
            d.checkinterval = *n;
            d.checkinterval_line = line;
        }
    } else if ((x = kv("checkport"))) {
        auto digits = lex::first_digits(*x);
        if (!digits) {
            ctx.sink.error(line, "checkport must be a port number, not " + lex::quote(*x));
            return;
        }
        auto n = lex::digits_value(*digits);
        if (n < 1 || n > 65535) {
            ctx.sink.error(line, "checkport must be between 1 and 65535, not " + *digits);
            return;
        }
        v.checkport = static_cast<std::uint16_t>(n);
    } else if (quoted_nonempty(ctx, line, rcmd, "login", s, "login")) {
        if (!s.empty()) v.login = s;
    } else if (quoted_nonempty(ctx, line, rcmd, "passwd", s, "password")) {
        if (!s.empty()) v.passwd = s;
    } else if (quoted_nonempty(ctx, line, rcmd, "database", s, "database name")) {
        if (!s.empty()) v.database = s;
    } else if (quoted_nonempty(ctx, line, rcmd, "secret", s, "secret")) {
        if (!s.empty()) v.secret = s;
    } else if (auto q = lex::key_quoted(rcmd, "load")) {
        if (auto w = lex::first_word(*q)) v.load = *w;
        else ctx.sink.error(line, "load needs a word");
    } else if ((x = kv("scheduler"))) {
        auto b = x->find_first_of("abcdefghijklmnopqrstuvwxyz");
        if (b == std::string::npos) {
            ctx.sink.error(line, "scheduler must be a name in lowercase letters (such as wrr), not " +
                                     lex::quote(*x));
            return;
        }
        auto e = x->find_first_not_of("abcdefghijklmnopqrstuvwxyz", b);
        v.scheduler = x->substr(b, e == std::string::npos ? std::string::npos : e - b);
        if (v.scheduler != lex::trim(*x))
            ctx.sink.warn(line, "scheduler=" + *x + " is read by ldirectord as scheduler " +
                                    lex::quote(v.scheduler));
    } else if ((x = kv("persistent"))) {
        auto digits = lex::first_digits(*x);
        if (!digits) {
            ctx.sink.error(line, "persistent must be a number of seconds, not " + lex::quote(*x));
            return;
        }
        auto n = lex::digits_value(*digits);
        v.persistent = n > UINT32_MAX ? UINT32_MAX : static_cast<std::uint32_t>(n);
        if (n == 0)
            ctx.sink.warn(line, "persistent=0 is accepted by ldirectord but the kernel refuses a "
                                "persistence timeout of 0: the virtual service will not be installed");
    } else if ((x = kv("schedflags"))) {
        auto b = x->find_first_not_of(" \t\r\f\v");
        if (b == std::string::npos) {
            ctx.sink.error(line, "schedflags needs a value such as sh-fallback,sh-port");
            return;
        }
        auto e = x->find_first_of(" \t\r\f\v", b);
        v.schedflags = x->substr(b, e == std::string::npos ? std::string::npos : e - b);
        std::size_t start = 0;
        const std::string& f = *v.schedflags;
        while (start <= f.size()) {
            auto comma = f.find(',', start);
            std::string item = f.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            static const char* const known[] = {"flag-1", "flag-2", "flag-3", "sh-fallback",
                                                "sh-port", "mh-fallback", "mh-port"};
            if (std::find_if(std::begin(known), std::end(known),
                             [&](const char* k) { return item == k; }) == std::end(known))
                ctx.sink.warn(line, "schedflags " + lex::quote(item) +
                                        " is not a scheduler flag (flag-1..3, sh-fallback, sh-port, "
                                        "mh-fallback, mh-port): it is ignored");
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    } else if ((x = kv("netmask"))) {
        if (v6) {
            if (!lex::all_digits(*x) || lex::digits_value(*x) < 1 || lex::digits_value(*x) > 128) {
                ctx.sink.error(line, "netmask of a virtual6 service must be a prefix length from 1 to "
                                     "128, not " + lex::quote(*x));
                return;
            }
            v.netmask = static_cast<std::uint32_t>(lex::digits_value(*x));
        } else {
            // Exactly d.d.d.d (no blanks); octets are not range-checked by ldirectord.
            std::uint32_t mask = 0;
            std::size_t pos = 0;
            int parts = 0;
            bool ok = true, range_ok = true;
            while (ok && parts < 4) {
                auto e = x->find('.', pos);
                if (parts == 3) e = x->size();
                if (e == std::string::npos) { ok = false; break; }
                std::string octet = x->substr(pos, e - pos);
                if (!lex::all_digits(octet)) { ok = false; break; }
                auto n = lex::digits_value(octet);
                if (n > 255) range_ok = false;
                mask = (mask << 8) | static_cast<std::uint32_t>(n & 0xff);
                pos = e + 1;
                ++parts;
            }
            if (!ok) {
                ctx.sink.error(line, "netmask must be a dotted quad such as 255.255.255.0, not " +
                                         lex::quote(*x));
                return;
            }
            if (!range_ok)
                ctx.sink.warn(line, "netmask " + *x + " is not a valid IPv4 mask: ipvsadm would "
                                    "refuse it; it is ignored");
            else
                v.netmask = mask;
        }
        v.netmask_text = *x;
    } else if ((x = kv("protocol"))) {
        auto w = lex::first_word(*x);
        if (!w) {
            ctx.sink.error(line, "protocol needs a value (tcp or udp; fwm for a firewall mark)");
        } else if (d.protocol == "fwm") {
            if (*w != "fwm")
                ctx.sink.error(line, "protocol of a firewall-mark virtual service must be fwm, not " +
                                         lex::quote(*w));
        } else if (*w == "tcp" || *w == "udp") {
            d.protocol = *w;
        } else {
            ctx.sink.error(line, "protocol of an address:port virtual service must be tcp or udp, not " +
                                     lex::quote(*w));
        }
    } else if ((x = kv("ops"))) {
        if (auto b = yes_no(*x)) v.ops = *b;
        else ctx.sink.error(line, yes_no_error("ops", *x));
    } else if ((x = kv("service"))) {
        auto w = lex::first_word(*x);
        if (!w || std::find(services().begin(), services().end(), *w) == services().end()) {
            std::string msg = "unknown service " + lex::quote(w ? *w : *x) +
                              " (ldirectord knows dns, ftp, http, https, http_proxy, imap, imaps, "
                              "ldap, ldaps, mysql, nntp, none, oracle, pgsql, pop, pops, radius, "
                              "simpletcp, sip, smtp, submission)";
            if (w) {
                auto near = nearest(*w, services());
                if (!near.empty()) msg += "; did you mean " + lex::quote(near) + "?";
            }
            ctx.sink.error(line, msg);
            return;
        }
        d.service = *w;
        v.service_explicit = true;
        // Defaults applied only here, when the service is explicit and nothing was set yet.
        std::string me = "ldirectord@" + ctx.resolver.local_hostname();
        if (*w == "ftp" && v.login.empty()) v.login = "anonymous";
        else if (*w == "sip" && v.login.empty()) v.login = me;
        if (*w == "ftp" && v.passwd.empty()) v.passwd = me;
    } else if ((x = kv("httpmethod"))) {
        auto w = lex::first_word(*x);
        std::string up = w ? *w : "";
        for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (up != "GET" && up != "HEAD") {
            ctx.sink.error(line, "httpmethod must be GET or HEAD, not " + lex::quote(*x));
            return;
        }
        v.httpmethod = up;
    } else if ((x = kv("virtualhost"))) {
        std::size_t b = !x->empty() && (*x)[0] == '"' ? 1 : 0;
        auto e = x->find('"', b);
        std::string host = x->substr(b, e == std::string::npos ? std::string::npos : e - b);
        if (!host.empty() && lex::is_space(host.back()))
            ctx.sink.warn(line, "virtualhost " + lex::quote(host) +
                                    " keeps its trailing blanks: they are sent in the Host: header");
        v.virtualhost = host;
    } else if ((x = kv("fallback")) || (x = kv("fallback6"))) {
        bool is6 = rcmd.rfind("fallback6", 0) == 0;
        if (is6 != v6) {
            ctx.sink.error(line, std::string(is6 ? "fallback6" : "fallback") + " cannot be used in a " +
                                     (v6 ? "virtual6" : "virtual") + " section: use " +
                                     (v6 ? "fallback6" : "fallback"));
            return;
        }
        if (auto f = parse_fallback(ctx, line, *x)) d.fallback = *f;
    } else if ((x = quoted_or_plain("fallbackcommand"))) {
        if (x->empty()) ctx.sink.error(line, "fallbackcommand needs a command");
        else d.fallbackcommand = *x;
    } else if ((x = kv("quiescent"))) {
        if (auto b = yes_no(*x)) d.quiescent = *b;
        else ctx.sink.error(line, yes_no_error("quiescent", *x));
    } else if ((x = kv("httpkeepalive"))) {
        if (auto b = yes_no(*x)) d.httpkeepalive = *b;
        else ctx.sink.error(line, yes_no_error("httpkeepalive", *x));
    } else if ((x = kv("emailalert"))) {
        if (auto a = read_emailalert(ctx, line, *x)) d.emailalert = *a;
    } else if ((x = kv("emailalertfreq"))) {
        auto digits = lex::first_digits(*x);
        if (!digits || x->find_first_not_of("0123456789") == 0) {
            ctx.sink.error(line, "emailalertfreq must be a number of seconds, not " + lex::quote(*x));
            return;
        }
        d.emailalertfreq = clamp_int(lex::digits_value(*digits));
    } else if ((x = kv("emailalertstatus"))) {
        if (auto st = read_emailalertstatus(ctx, line, *x)) d.emailalertstatus = *st;
    } else if ((x = quoted_or_plain("monitorfile"))) {
        if (int e = ctx.resolver.can_append(*x)) {
            ctx.sink.error(line, "cannot open monitorfile " + *x + ": " + std::strerror(e));
            return;
        }
        v.monitorfile = *x;
    } else if ((x = kv("cleanstop"))) {
        if (auto b = yes_no(*x)) d.cleanstop = *b;
        else ctx.sink.error(line, yes_no_error("cleanstop", *x));
    } else if ((x = kv("smtp"))) {
        std::size_t n = 0;
        while (n < x->size() && (std::isalnum(static_cast<unsigned char>((*x)[n])) ||
                                 std::strchr("._+-", (*x)[n])))
            ++n;
        if (n == 0) {
            ctx.sink.error(line, "smtp must be a host name or address (letters, digits and ._+-, "
                                 "no quotes), not " + lex::quote(*x));
            return;
        }
        d.smtp = x->substr(0, n);
    } else if (std::string key; read_tls_key(ctx, line, rcmd, key, x)) {
        if (!x) return;
        (key == "tlsverify" ? d.tlsverify : key == "tlscafile" ? d.tlscafile : d.tlscapath) = *x;
    } else if ((x = kv("servicename"))) {
        v.servicename = *x;
    } else if ((x = kv("comment"))) {
        v.comment = *x;
    } else {
        unknown_section(ctx, line, raw, rcmd);
    }
}

} // namespace directord::detail
