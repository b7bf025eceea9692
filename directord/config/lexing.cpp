#include "directord/config/lexing.hpp"

#include <cstdio>

namespace directord::lex {

namespace {
// Position after `key\s*=\s*`, or npos.
std::size_t after_key(std::string_view line, std::string_view key) {
    if (line.substr(0, key.size()) != key) return std::string_view::npos;
    std::size_t i = key.size();
    while (i < line.size() && is_space(line[i])) ++i;
    if (i >= line.size() || line[i] != '=') return std::string_view::npos;
    ++i;
    while (i < line.size() && is_space(line[i])) ++i;
    return i;
}
} // namespace

std::optional<std::string> key_value(std::string_view line, std::string_view key) {
    auto i = after_key(line, key);
    if (i == std::string_view::npos) return std::nullopt;
    return std::string(line.substr(i));
}

std::optional<std::string> key_quoted(std::string_view line, std::string_view key, std::string* rest) {
    auto i = after_key(line, key);
    if (i == std::string_view::npos || i >= line.size() || line[i] != '"') return std::nullopt;
    auto last = line.rfind('"');
    if (last == i) return std::nullopt;
    if (rest) *rest = std::string(line.substr(last + 1));
    return std::string(line.substr(i + 1, last - i - 1));
}

std::string key_of(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && !is_space(line[i]) && line[i] != '=') ++i;
    std::size_t j = i;
    while (j < line.size() && is_space(line[j])) ++j;
    if (i == 0 || j >= line.size() || line[j] != '=') return {};
    return std::string(line.substr(0, i));
}

std::optional<std::string> first_digits(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && !is_digit(s[i])) ++i;
    if (i == s.size()) return std::nullopt;
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    return std::string(s.substr(i, j - i));
}

std::optional<std::string> first_word(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && !is_word(s[i])) ++i;
    if (i == s.size()) return std::nullopt;
    std::size_t j = i;
    while (j < s.size() && is_word(s[j])) ++j;
    return std::string(s.substr(i, j - i));
}

std::uint64_t digits_value(std::string_view digits) {
    std::uint64_t v = 0;
    for (char c : digits) {
        if (!is_digit(c)) break;
        if (v > (UINT64_MAX - 9) / 10) return UINT64_MAX;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && is_space(s[b])) ++b;
    while (e > b && is_space(s[e - 1])) --e;
    return std::string(s.substr(b, e - b));
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else if (c == '"') out += "\\\"";
        else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
            out += buf;
        } else out += c;
    }
    return out + "\"";
}

} // namespace directord::lex
