// Test seam for the ldirectord.cf parser: a resolver that never leaves the process.
#pragma once
#include <cerrno>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "directord/config/config.hpp"

namespace cfgtest {

struct FakeResolver : directord::Resolver {
    std::map<std::pair<std::string, int>, std::string> hosts = {
        {{"web1", AF_INET}, "10.0.0.11"},      {{"web2", AF_INET}, "10.0.0.12"},
        {{"vip.example", AF_INET}, "192.0.2.1"}, {{"web6", AF_INET6}, "2001:db8::11"},
        {{"sorry", AF_INET}, "10.9.9.9"},      {{"sorry6", AF_INET6}, "2001:db8::99"},
        {{"first", AF_INET}, "10.0.1.1"},      {{"last", AF_INET}, "10.0.1.3"}};
    // name, protocol ("" in a query matches any).
    std::map<std::pair<std::string, std::string>, std::uint16_t> services = {
        {{"http", "tcp"}, 80},    {{"www", "tcp"}, 80},      {{"domain", "tcp"}, 53},
        {{"domain", "udp"}, 53},  {{"mysql", "tcp"}, 3306},  {{"smtp", "tcp"}, 25},
        {{"https", "tcp"}, 443},  {{"https", "udp"}, 443},   {{"sip", "tcp"}, 5060},
        {{"sip", "udp"}, 5060},   {{"http", "udp"}, 80}};
    std::set<std::string> missing_dirs = {"/nonexistent"};   // paths under these fail
    std::set<std::string> dirs = {"/srv/maint"};

    std::optional<ha::Address> host(const std::string& h, int af) const override {
        if (auto a = numeric_host(h, af)) return a;
        auto it = hosts.find({h, af});
        if (it == hosts.end()) return std::nullopt;
        return ha::Address::parse(it->second);
    }
    std::optional<std::uint16_t> service(const std::string& n, const std::string& proto) const override {
        for (const auto& [k, port] : services)
            if (k.first == n && (proto.empty() || proto == k.second)) return port;
        return std::nullopt;
    }
    int can_append(const std::string& path) const override {
        for (const auto& d : missing_dirs)
            if (path.rfind(d + "/", 0) == 0) return ENOENT;
        return path.empty() ? ENOENT : 0;
    }
    bool is_directory(const std::string& p) const override { return dirs.count(p) > 0; }
    std::string local_hostname() const override { return "testhost"; }
};

inline directord::ParseResult parse(const std::string& text) {
    return directord::parse_config(text, "t.cf", FakeResolver{});
}

// Parse a config that must be accepted.
inline directord::Config good(const std::string& text) {
    auto r = parse(text);
    if (!r.config) {
        std::string all;
        for (const auto& e : r.errors) all += e.str() + "\n";
        throw std::runtime_error("rejected:\n" + all);
    }
    return *r.config;
}

inline bool has_warning(const directord::ParseResult& r, int line, const std::string& text) {
    for (const auto& w : r.warnings)
        if (w.line == line && w.message == text) return true;
    return false;
}

inline std::string warnings_text(const directord::ParseResult& r) {
    std::string all;
    for (const auto& w : r.warnings) all += w.str() + "\n";
    return all;
}

} // namespace cfgtest
