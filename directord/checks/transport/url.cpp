#include "directord/checks/transport/url.hpp"

#include <algorithm>
#include <cctype>

namespace directord::checks {

std::string Url::authority() const {
    std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return port_given ? h + ":" + std::to_string(port) : h;
}

std::string Url::str() const { return scheme + "://" + authority() + target; }

std::optional<Url> parse_url(const std::string& text) {
    auto sep = text.find("://");
    if (sep == std::string::npos) return std::nullopt;
    Url u;
    u.scheme = text.substr(0, sep);
    std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(), [](unsigned char c) { return std::tolower(c); });
    if (u.scheme != "http" && u.scheme != "https") return std::nullopt;
    std::string rest = text.substr(sep + 3);
    auto slash = rest.find_first_of("/?#");
    std::string auth = rest.substr(0, slash);
    u.target = slash == std::string::npos ? "/" : rest.substr(slash);
    if (auto hash = u.target.find('#'); hash != std::string::npos) u.target.erase(hash);
    if (u.target.empty() || u.target[0] != '/') u.target = "/" + u.target;
    if (auto at = auth.rfind('@'); at != std::string::npos) auth.erase(0, at + 1);   // userinfo: not sent
    std::string port;
    if (!auth.empty() && auth[0] == '[') {
        auto close = auth.find(']');
        if (close == std::string::npos) return std::nullopt;
        u.host = auth.substr(1, close - 1);
        if (close + 1 < auth.size()) {
            if (auth[close + 1] != ':') return std::nullopt;
            port = auth.substr(close + 2);
        }
    } else {
        auto colon = auth.rfind(':');
        u.host = auth.substr(0, colon);
        if (colon != std::string::npos) port = auth.substr(colon + 1);
    }
    if (u.host.empty()) return std::nullopt;
    u.port = u.scheme == "https" ? 443 : 80;
    if (!port.empty()) {
        if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }))
            return std::nullopt;
        int p = std::stoi(port);
        if (p < 1 || p > 65535) return std::nullopt;
        u.port = (std::uint16_t)p;
        u.port_given = true;
    }
    return u;
}

std::optional<Url> resolve_location(const Url& base, const std::string& loc) {
    if (loc.find("://") != std::string::npos) return parse_url(loc);
    if (loc.rfind("//", 0) == 0) return parse_url(base.scheme + ":" + loc);
    Url u = base;
    if (loc.empty()) return u;
    if (loc[0] == '/') {
        u.target = loc;
    } else if (loc[0] == '?') {
        u.target = base.target.substr(0, base.target.find('?')) + loc;
    } else {
        std::string path = base.target.substr(0, base.target.find('?'));
        u.target = path.substr(0, path.rfind('/') + 1) + loc;
    }
    if (auto hash = u.target.find('#'); hash != std::string::npos) u.target.erase(hash);
    return u;
}

} // namespace directord::checks
