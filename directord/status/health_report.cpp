#include "directord/status/health_report.hpp"

#include <charconv>
#include <cstdio>

namespace directord::status {

namespace {

constexpr std::string_view kHead = "directord-health 1";

// Fields never hold tabs or line breaks (reasons are escaped by the engine); if one did,
// it would be cut into the next field: replace them here so a record stays one line.
std::string field(std::string s) {
    for (auto& c : s)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (std::size_t at = 0;;) {
        auto p = s.find(sep, at);
        out.push_back(s.substr(at, p == std::string_view::npos ? std::string_view::npos : p - at));
        if (p == std::string_view::npos) return out;
        at = p + 1;
    }
}

} // namespace

std::string encode_health(const std::vector<RealHealth>& records) {
    std::string out(kHead);
    out += '\n';
    for (const auto& r : records)
        out += field(r.service) + '\t' + field(r.dest) + '\t' + field(r.state) + '\t' + field(r.last) + '\t' +
               std::to_string(r.age_ms) + '\t' + field(r.reason) + '\n';
    return out;
}

std::optional<std::vector<RealHealth>> decode_health(std::string_view text) {
    auto lines = split(text, '\n');
    if (lines.empty() || lines[0] != kHead) return std::nullopt;
    std::vector<RealHealth> out;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].empty()) continue;
        auto f = split(lines[i], '\t');
        if (f.size() != 6) return std::nullopt;
        RealHealth r{std::string(f[0]), std::string(f[1]), std::string(f[2]), std::string(f[3]), -1, std::string(f[5])};
        auto [p, ec] = std::from_chars(f[4].data(), f[4].data() + f[4].size(), r.age_ms);
        if (ec != std::errc() || p != f[4].data() + f[4].size()) return std::nullopt;
        out.push_back(std::move(r));
    }
    return out;
}

std::string format_age(long long ms) {
    char buf[48];
    if (ms < 0) return "";
    if (ms < 60'000) std::snprintf(buf, sizeof buf, "%.1fs ago", ms / 1000.0);
    else if (ms < 3'600'000) std::snprintf(buf, sizeof buf, "%lldm%02llds ago", ms / 60'000, ms / 1000 % 60);
    else std::snprintf(buf, sizeof buf, "%lldh%02lldm ago", ms / 3'600'000, ms / 60'000 % 60);
    return buf;
}

} // namespace directord::status
