#include "directord/checks/transport/redirect_policy.hpp"

#include <algorithm>
#include <cctype>

namespace directord::checks {

namespace {

bool same_name(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

// The Location is the server's text: keep the reason short (it is escaped where it is logged).
std::string shown(const Url& u) {
    auto s = u.str();
    return s.size() > 200 ? s.substr(0, 200) + "..." : s;
}

} // namespace

std::optional<RedirectPolicy> parse_redirect_policy(const std::string& text) {
    if (text == "none") return RedirectPolicy::none;
    if (text == "samehost") return RedirectPolicy::same_host;
    if (text == "any") return RedirectPolicy::any;
    return std::nullopt;
}

const char* redirect_policy_name(RedirectPolicy p) {
    switch (p) {
    case RedirectPolicy::none: return "none";
    case RedirectPolicy::same_host: return "samehost";
    case RedirectPolicy::any: return "any";
    }
    return "samehost";
}

std::optional<std::string> redirect_refusal(RedirectPolicy p, const Url& first, const Url& next) {
    const std::string where = " (httpredirects=" + std::string(redirect_policy_name(p)) + ")";
    switch (p) {
    case RedirectPolicy::any: return std::nullopt;
    case RedirectPolicy::none: return "redirect to " + shown(next) + " not followed" + where;
    case RedirectPolicy::same_host:
        if (same_name(next.host, first.host)) return std::nullopt;
        return "redirect to " + shown(next) + " refused: another host than " + first.host + where;
    }
    return std::nullopt;
}

} // namespace directord::checks
