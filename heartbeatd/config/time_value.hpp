// Heartbeat's time syntax: a bare number is seconds (fractions allowed), "ms"/"msec" is
// milliseconds, "us"/"usec" microseconds. "s"/"sec" are NOT accepted, as in 3.0.6.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hb::config {

// Exact value in microseconds, or nullopt if the text is not a valid time.
std::optional<std::chrono::microseconds> parse_time(std::string_view text);

// Same, truncated to milliseconds (heartbeat keeps all its timers in ms).
std::optional<std::chrono::milliseconds> parse_msec(std::string_view text);

// "1500ms", "2s" style text for messages.
std::string format_msec(std::chrono::milliseconds ms);

} // namespace hb::config
