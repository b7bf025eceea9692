// Value rules used both by global lines and by virtual sections.
#include "directord/config/draft.hpp"
#include "directord/config/keywords.hpp"
#include "directord/config/lexing.hpp"

#include <climits>
#include <cstring>
#include <vector>

namespace directord::detail {

std::optional<bool> yes_no(std::string_view v) {
    // Exact comparison: "no " or "no # comment" is not "no" for ldirectord.
    if (v == "yes") return true;
    if (v == "no") return false;
    return std::nullopt;
}

std::optional<std::string> match_key(Form form, std::string_view line, std::string_view key) {
    switch (form) {
    case Form::plain: return lex::key_value(line, key);
    case Form::quoted: return lex::key_quoted(line, key);
    case Form::quoted_or_plain: {
        auto q = lex::key_quoted(line, key);
        return q ? q : lex::key_value(line, key);
    }
    }
    return std::nullopt;
}

std::string yes_no_error(Scope where, const std::string& key, const std::string& v) {
    std::string msg = key + " must be yes or no, not " + lex::quote(v);
    if (where == Scope::global) {
        if (yes_no(lex::trim(v.substr(0, v.find('#')))))
            msg += " (ldirectord reads the whole rest of the line: remove the trailing blanks or comment)";
    } else if (yes_no(lex::trim(v))) {
        msg += " (ldirectord keeps trailing blanks in section values: remove them)";
    }
    return msg;
}

std::optional<std::string> read_redirects_value(Ctx& ctx, int line, const std::string& v) {
    auto w = lex::trim(v);
    for (const char* ok : {"none", "samehost", "any"})
        if (w == ok) return std::string(w);
    ctx.sink.error(line, "httpredirects must be none, samehost or any, not " + lex::quote(v));
    return std::nullopt;
}

int clamp_int(std::uint64_t v) { return v > INT_MAX ? INT_MAX : static_cast<int>(v); }

std::optional<int> positive(Ctx& ctx, int line, const std::string& key, const std::string& v, bool strict) {
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

std::optional<int> read_emailalertfreq(Ctx& ctx, int line, const std::string& v) {
    auto d = lex::first_digits(v);
    if (!d || v.find_first_not_of("0123456789") == 0) {
        ctx.sink.error(line, "emailalertfreq must be a number of seconds, not " + lex::quote(v));
        return std::nullopt;
    }
    return clamp_int(lex::digits_value(*d));
}

std::optional<std::string> read_smtp(Ctx& ctx, int line, const std::string& v) {
    std::size_t n = 0;
    while (n < v.size() && (std::isalnum(static_cast<unsigned char>(v[n])) || std::strchr("._+-", v[n])))
        ++n;
    if (n == 0) {
        ctx.sink.error(line, "smtp must be a host name or address (letters, digits and ._+-, "
                             "no quotes), not " + lex::quote(v));
        return std::nullopt;
    }
    return v.substr(0, n);
}

std::optional<std::string> read_command(Ctx& ctx, int line, const std::string& key, const std::string& v) {
    if (v.empty()) {
        ctx.sink.error(line, key + " needs a command");
        return std::nullopt;
    }
    return v;
}

void refuse_connecttimeout(Ctx& ctx, int line) {
    ctx.sink.error(line, "connecttimeout is deprecated and no longer accepted: use negotiatetimeout");
}

void refuse_timeout(Ctx& ctx, int line) {
    ctx.sink.error(line, "timeout is deprecated and no longer accepted: use checktimeout and negotiatetimeout");
}

std::optional<std::string> read_emailalert(Ctx& ctx, int line, const std::string& v) {
    std::string a = v;
    // Only a single pair of enclosing quotes is removed.
    if (a.size() >= 2 && a.front() == '"' && a.back() == '"' &&
        a.find('"', 1) == a.size() - 1)
        a = a.substr(1, a.size() - 2);
    if (a.empty()) {
        ctx.sink.error(line, "emailalert needs at least one address");
        return std::nullopt;
    }
    return a;
}

std::optional<std::string> read_emailalertstatus(Ctx& ctx, int line, const std::string& v) {
    // Split on commas with blanks around them; trailing empty items vanish, leading ones stay.
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= v.size()) {
        auto comma = v.find(',', start);
        std::size_t end = comma == std::string::npos ? v.size() : comma;
        std::size_t b = start, e = end;
        if (comma != std::string::npos)
            while (e > b && lex::is_space(v[e - 1])) --e;
        if (start > 0)
            while (b < e && lex::is_space(v[b])) ++b;
        items.push_back(v.substr(b, e - b));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    while (!items.empty() && items.back().empty()) items.pop_back();

    bool none = false;
    for (const auto& i : items) none |= i == "none";
    unsigned mask = 0;
    for (const auto& i : items) {
        if (i == "none") continue;
        if (i == "all") mask = kAlertAll;
        else if (i == "starting") mask |= kAlertStarting;
        else if (i == "running") mask |= kAlertRunning;
        else if (i == "stopping") mask |= kAlertStopping;
        else if (i == "reloading") mask |= kAlertReloading;
        else {
            ctx.sink.error(line, "unknown emailalertstatus " + lex::quote(i) +
                                     " (expected all, none, starting, running, stopping or reloading)");
            return std::nullopt;
        }
        if (none) {
            ctx.sink.error(line, "emailalertstatus " + lex::quote(i) + " cannot be combined with none");
            return std::nullopt;
        }
    }
    return alert_status_text(mask);
}

std::optional<Port> resolve_port(const Resolver& r, const std::string& text, const std::string& proto) {
    if (lex::all_digits(text)) {
        auto n = lex::digits_value(text);
        if (n > 65535) return std::nullopt;
        return Port{static_cast<std::uint16_t>(n), text};
    }
    auto p = r.service(text, proto);
    if (!p) return std::nullopt;
    return Port{*p, std::to_string(*p)};
}

std::optional<ha::Address> resolve_host(const Resolver& r, const std::string& name, int af) {
    std::string n = name;
    auto open = n.find('['), close = n.rfind(']');
    if (open != std::string::npos && close != std::string::npos && close > open)
        n = n.substr(open + 1, close - open - 1);
    return r.host(n, af);
}

} // namespace directord::detail
