#include "directord/health/maintenance.hpp"

namespace directord::health {

std::vector<std::string> maintenance_names(const ha::Address& addr, std::uint16_t port, const std::string& fqdn) {
    std::string p = ":" + std::to_string(port);
    std::string ip = addr.bracketed();
    std::vector<std::string> n{ip + p, ip};
    if (!fqdn.empty()) {
        n.push_back(fqdn + p);
        n.push_back(fqdn);
        auto dot = fqdn.find('.');
        if (dot != std::string::npos && dot > 0 && fqdn[0] >= 'a' && fqdn[0] <= 'z') {
            std::string shortname = fqdn.substr(0, dot);
            n.push_back(shortname + p);
            n.push_back(shortname);
        }
    }
    return n;
}

std::optional<std::string> maintenance_match(const std::set<std::string>& entries, const std::vector<std::string>& names) {
    for (const auto& n : names)
        if (entries.count(n)) return n;
    return std::nullopt;
}

bool needs_names(const std::set<std::string>& entries) {
    for (const auto& e : entries) {
        std::string host = e;
        // "[v6]:port", "[v6]", "v4:port", "v4"
        if (!host.empty() && host[0] == '[') {
            auto close = host.find(']');
            host = close == std::string::npos ? host : host.substr(1, close - 1);
        } else if (auto colon = host.rfind(':'); colon != std::string::npos && host.find(':') == colon) {
            host = host.substr(0, colon);
        }
        if (!ha::Address::parse(host)) return true;
    }
    return false;
}

} // namespace directord::health
