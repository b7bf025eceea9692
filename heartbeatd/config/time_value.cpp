#include "heartbeatd/config/time_value.hpp"

#include <cstdint>

namespace hb::config {

std::optional<std::chrono::microseconds> parse_time(std::string_view text) {
    std::size_t i = 0;
    std::int64_t whole = 0;
    std::size_t int_digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        if (++int_digits > 12) return std::nullopt;   // > 30000 years: surely a typo
        whole = whole * 10 + (text[i] - '0');
        ++i;
    }
    // Fraction kept to microsecond precision; further digits only need to be digits.
    std::int64_t frac = 0;   // in millionths of the unit
    std::size_t frac_digits = 0;
    if (i < text.size() && text[i] == '.') {
        ++i;
        std::int64_t scale = 100000;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            frac += (text[i] - '0') * scale;
            scale /= 10;
            ++frac_digits;
            ++i;
        }
    }
    if (int_digits == 0 && frac_digits == 0) return std::nullopt;

    std::string_view unit = text.substr(i);
    std::int64_t us_per_unit;
    if (unit.empty()) us_per_unit = 1000000;
    else if (unit == "ms" || unit == "msec") us_per_unit = 1000;
    else if (unit == "us" || unit == "usec") us_per_unit = 1;
    else return std::nullopt;

    return std::chrono::microseconds(whole * us_per_unit + frac * us_per_unit / 1000000);
}

std::optional<std::chrono::milliseconds> parse_msec(std::string_view text) {
    auto us = parse_time(text);
    if (!us) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(*us);
}

std::string format_msec(std::chrono::milliseconds ms) {
    auto n = ms.count();
    if (n % 1000 == 0) return std::to_string(n / 1000) + "s";
    return std::to_string(n) + "ms";
}

} // namespace hb::config
