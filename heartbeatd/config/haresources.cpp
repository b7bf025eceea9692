#include "heartbeatd/config/haresources.hpp"

#include <map>

#include "heartbeatd/config/values.hpp"
#include "lib/address.hpp"

namespace hb::config {

namespace {

// ResourceManager's test is the glob [0-9]*.[0-9]*.[0-9]*.[0-9]*: starts with a digit and
// has three more dot-digit steps. The address part is then checked for real.
bool looks_like_ip(std::string_view t) {
    if (t.empty() || t[0] < '0' || t[0] > '9') return false;
    int dots = 0;
    for (std::size_t i = 1; i + 1 < t.size() && dots < 3; ++i)
        if (t[i] == '.' && t[i + 1] >= '0' && t[i + 1] <= '9') ++dots;
    return dots == 3;
}

bool valid_script_name(std::string_view s) {
    if (s.empty() || s == "." || s == "..") return false;
    for (char c : s)
        if (c == '/' || c <= ' ' || c == 0x7f) return false;
    return true;
}

} // namespace

std::string Resource::str() const {
    std::string s = script;
    for (auto& a : args) s += "::" + a;
    return s;
}

std::optional<Resource> parse_resource(std::string_view token, std::string* why) {
    auto fail = [&](std::string msg) -> std::optional<Resource> {
        if (why) *why = std::move(msg);
        return std::nullopt;
    };
    Resource r;
    r.token = std::string(token);
    if (token.find("::") == std::string_view::npos && looks_like_ip(token)) {
        auto ip = token.substr(0, token.find('/'));
        auto a = ha::Address::parse(ip);
        if (!a || a->is_v6()) return fail("'" + std::string(ip) + "' is not a valid IPv4 address");
        r.script = "IPaddr";
        r.args = {std::string(token)};
        r.ip_shorthand = true;
        return r;
    }
    std::size_t pos = 0;
    std::vector<std::string> parts;
    while (true) {
        auto sep = token.find("::", pos);
        parts.emplace_back(token.substr(pos, sep == std::string_view::npos ? token.npos : sep - pos));
        if (sep == std::string_view::npos) break;
        pos = sep + 2;
    }
    if (!valid_script_name(parts[0]))
        return fail("'" + parts[0] + "' is not a valid resource script name");
    for (std::size_t i = 1; i < parts.size(); ++i)
        if (parts[i].empty()) return fail("empty argument in '" + std::string(token) + "'");
    r.script = parts[0];
    r.args.assign(parts.begin() + 1, parts.end());
    return r;
}

HaResourcesResult parse_haresources(std::string_view text, const HaResourcesOptions& options) {
    HaResourcesResult r{{}, Diagnostics(options.file_name)};
    auto& d = r.diagnostics;
    std::map<std::string, int> keys;        // group key -> line
    std::map<std::string, int> resources;   // canonical resource -> line

    int line = 0, start_line = 0;
    std::string logical;
    bool continued = false;
    std::size_t pos = 0;
    auto flush = [&]() {
        auto words = split_tokens(logical, whitespace);
        logical.clear();
        if (words.empty()) return;
        ResourceGroup g;
        g.node = to_lower(words[0]);
        g.line = start_line;
        if (options.nodes) {
            bool found = false;
            for (auto& n : *options.nodes) found |= n == g.node;
            if (!found) d.error(start_line, "'" + words[0] + "' is not a node listed in ha.cf");
        }
        if (words.size() < 2) {
            d.error(start_line, "group for node '" + g.node + "' lists no resources");
            return;
        }
        bool ok = true;
        for (std::size_t i = 1; i < words.size(); ++i) {
            std::string why;
            auto res = parse_resource(words[i], &why);
            if (!res) {
                d.error(start_line, why);
                ok = false;
                continue;
            }
            auto [it, fresh] = resources.emplace(res->str(), start_line);
            if (!fresh)
                d.warning(start_line, "resource '" + res->str() + "' also appears on line " +
                                          std::to_string(it->second));
            g.resources.push_back(std::move(*res));
        }
        if (!ok) return;
        auto [it, fresh] = keys.emplace(g.key(), start_line);
        if (!fresh) {
            d.error(start_line, "group key '" + g.key() + "' already used on line " +
                                    std::to_string(it->second));
            return;
        }
        r.groups.push_back(std::move(g));
    };

    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        std::string_view raw = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line;
        if (auto h = raw.find('#'); h != std::string_view::npos) raw = raw.substr(0, h);
        raw = trim(raw);
        if (!continued) start_line = line;
        continued = !raw.empty() && raw.back() == '\\';
        if (continued) raw.remove_suffix(1);
        logical += " ";
        logical += raw;
        if (!continued) flush();
    }
    if (continued) {
        d.error(start_line, "continuation line ends with '\\' at the end of the file");
        flush();
    }
    return r;
}

std::string canonical_text(const std::vector<ResourceGroup>& groups) {
    std::string s;
    for (auto& g : groups) {
        s += g.node;
        for (auto& r : g.resources) s += " " + r.token;
        s += "\n";
    }
    return s;
}

} // namespace hb::config
