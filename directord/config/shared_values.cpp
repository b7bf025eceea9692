// Value rules used both by global lines and by virtual sections.
#include "directord/config/draft.hpp"
#include "directord/config/lexing.hpp"

#include <vector>

namespace directord::detail {

std::optional<bool> yes_no(std::string_view v) {
    // Exact comparison: "no " or "no # comment" is not "no" for ldirectord.
    if (v == "yes") return true;
    if (v == "no") return false;
    return std::nullopt;
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
