// The "hg" generation number: it must grow on every start so peers can tell a restart
// from a replay. Stored like 3.0.6 in <state dir>/hb_generation: the decimal number
// right-aligned in 15 characters and a newline (16 bytes), so both daemons can share it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "heartbeatd/config/ha_cf.hpp"
#include "lib/expected.hpp"

namespace hb::daemon {

std::optional<std::uint64_t> parse_generation(std::string_view text);
std::string format_generation(std::uint64_t g);

// The generation for this start. `file`: previous + 1, or now + 1 with no previous (3.0.6);
// `time`: the clock, but never below previous + 1 (a clock that went back would be a "replay").
std::uint64_t next_generation(config::GenMethod method, std::optional<std::uint64_t> previous,
                              std::uint64_t now_seconds);

// Reads, bumps and durably rewrites <dir>/hb_generation (write, fsync, rename).
ha::Expected<std::uint64_t> bump_generation_file(const std::string& dir, config::GenMethod method);

} // namespace hb::daemon
