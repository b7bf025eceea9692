#include "heartbeatd/config/values.hpp"

namespace hb::config {

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

std::optional<bool> parse_boolean(std::string_view text) {
    auto t = to_lower(text);
    if (t == "true" || t == "on" || t == "yes" || t == "y" || t == "1") return true;
    if (t == "false" || t == "off" || t == "no" || t == "n" || t == "0") return false;
    return std::nullopt;
}

std::optional<std::int64_t> parse_integer(std::string_view text, std::int64_t lo, std::int64_t hi) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    if (v < lo || v > hi) return std::nullopt;
    return v;
}

std::vector<std::string> split_fields(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t from = 0;
    for (;;) {
        auto at = s.find(sep, from);
        out.emplace_back(s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
        if (at == std::string_view::npos) return out;
        from = at + 1;
    }
}

std::vector<std::string> split_tokens(std::string_view s, std::string_view delims) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        auto start = s.find_first_not_of(delims, i);
        if (start == std::string_view::npos) break;
        auto end = s.find_first_of(delims, start);
        if (end == std::string_view::npos) end = s.size();
        out.emplace_back(s.substr(start, end - start));
        i = end;
    }
    return out;
}

std::string_view trim(std::string_view s) {
    auto b = s.find_first_not_of(whitespace);
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(whitespace);
    return s.substr(b, e - b + 1);
}

} // namespace hb::config
