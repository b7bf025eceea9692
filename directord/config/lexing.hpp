// Small text rules of ldirectord's line-regex parser, one function per idiom, so the
// parser reads like the grammar. All inputs are single lines without the newline.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace directord::lex {

// Perl's \s (no newline can occur here).
inline bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n';
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Perl's \w in the C locale.
inline bool is_word(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// `^key\s*=\s*(.*)`: the value after the key, or nullopt when the line is another key.
std::optional<std::string> key_value(std::string_view line, std::string_view key);
// `^key\s*=\s*"(.*)"`: text between the first quote and the last one (greedy).
// `rest` receives what follows the last quote (ignored by ldirectord).
std::optional<std::string> key_quoted(std::string_view line, std::string_view key,
                                      std::string* rest = nullptr);
// The key a line would be matched as: leading characters up to a blank or '='
// when an '=' follows (after blanks); otherwise empty.
std::string key_of(std::string_view line);

// First run of digits anywhere (`/(\d+)/`), or nullopt.
std::optional<std::string> first_digits(std::string_view s);
// First run of word characters (`/(\w+)/`).
std::optional<std::string> first_word(std::string_view s);
// Perl truth of a string: "" and "0" are false, everything else ("00") is true.
inline bool perl_true(std::string_view s) { return !s.empty() && s != "0"; }
// Decimal digits to a number, saturating (Perl would use a float; nothing sane is that big).
std::uint64_t digits_value(std::string_view digits);
bool all_digits(std::string_view s);

std::string trim(std::string_view s);
// A value for a message: in double quotes, control characters escaped.
std::string quote(std::string_view s);

} // namespace directord::lex
