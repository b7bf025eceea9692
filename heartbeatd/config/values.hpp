// Small value parsers shared by the ha.cf, authkeys and haresources readers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hb::config {

// heartbeat's boolean words: true/false, on/off, yes/no, y/n, 1/0 (any case).
std::optional<bool> parse_boolean(std::string_view text);

// Plain decimal, no sign, no spaces, within [lo, hi].
std::optional<std::int64_t> parse_integer(std::string_view text, std::int64_t lo, std::int64_t hi);

std::string to_lower(std::string_view s);

// Split on any of the characters in `delims`, dropping empty tokens.
std::vector<std::string> split_tokens(std::string_view s, std::string_view delims);
// Fields between each `sep`, empty ones kept ("a//b" is a, "", b): resource arguments.
std::vector<std::string> split_fields(std::string_view s, char sep);

// ha.cf's value separators (heartbeat's DELIMS).
inline constexpr std::string_view ha_cf_delims = ", \t\n\r\f";
inline constexpr std::string_view whitespace = " \t\n\r\f\v";

std::string_view trim(std::string_view s);

} // namespace hb::config
