// Bad packets are dropped, counted per cause, and logged at a rate limit so a flood of
// garbage (or a peer with the wrong key) cannot fill the disk or stall the loop.
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hb::daemon {

enum class DropCause {
    malformed,        // unparseable, truncated, missing standard fields
    unauthenticated,  // no signature
    unknown_key,      // signature names an index authkeys does not define
    bad_signature,    // wrong key or altered bytes
    unknown_node,     // src is not a configured node
    replay,           // generation lower than the one we know
    rate_limited,     // an NS_* request beyond its peer's rate (replayed or flooding)
};
inline constexpr std::size_t kDropCauses = 7;
std::string_view to_string(DropCause c);

class DropCounter {
public:
    using Millis = std::chrono::milliseconds;
    explicit DropCounter(Millis interval = Millis(10000)) : interval_(interval) {}

    // Counts one drop. Returns the text to log now ("... (N more suppressed)"), or nullopt
    // when this cause was already logged within the interval.
    std::optional<std::string> drop(DropCause c, std::string_view detail, Millis now);

    std::uint64_t count(DropCause c) const { return slots_[std::size_t(c)].total; }
    std::uint64_t total() const;
    // "malformed=0 unauthenticated=0 ..." for status queries.
    std::string summary() const;

private:
    struct Slot {
        std::uint64_t total = 0;
        std::uint64_t suppressed = 0;
        std::optional<Millis> last_logged;
    };
    Millis interval_;
    std::array<Slot, kDropCauses> slots_{};
};

} // namespace hb::daemon
