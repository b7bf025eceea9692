// The standard fields heartbeat adds to every message (src, srcuuid, seq, hg, ts, ld, ttl,
// destuuid) and typed access to them. Numbers are lowercase hex without padding, except
// ttl (decimal) and NS_rexmit's firstseq/lastseq (decimal, see messages.hpp).
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lib/expected.hpp"
#include "heartbeatd/wire/message.hpp"

namespace hb::wire {

using Uuid = std::array<std::uint8_t, 16>;

std::string to_hex(std::uint64_t v);
std::optional<std::uint64_t> parse_hex(std::string_view s);   // 1..16 hex digits, any case
std::optional<std::uint64_t> parse_dec(std::string_view s);   // 1..19 decimal digits

std::string uuid_bytes(const Uuid& u);
std::optional<Uuid> uuid_from_bytes(std::string_view s);

// Types starting with "NS_" are unsequenced: no seq and no ld field.
bool is_unsequenced_type(std::string_view t);

// The sender's view of itself, used to stamp outgoing messages.
struct Stamp {
    std::string src;                 // lowercase node name
    std::optional<Uuid> srcuuid;
    std::uint64_t seq = 0;           // ignored for NS_ types
    std::uint64_t generation = 0;    // hg
    std::uint64_t timestamp = 0;     // ts: time(NULL)
    std::string load;                // ld: first line of /proc/loadavg (must not be empty)
    int ttl = 0;                     // hopfudge + node count
    std::optional<Uuid> destuuid;    // added when the message has "dest"
};

// Appends the standard fields in heartbeat's order: destuuid (if "dest" is set), src,
// srcuuid, seq, hg, ts, ld, ttl. Fields the creator already set are left alone.
void add_control_fields(Message& m, const Stamp& s);

// What a receiver needs from the standard fields, validated like 3.0.6: t and src present,
// ts non-zero, hg present, seq present unless the type is NS_*.
struct Header {
    std::string type;
    std::string src;
    std::optional<Uuid> srcuuid;
    std::optional<std::uint64_t> seq;
    std::uint64_t generation = 0;
    std::uint64_t timestamp = 0;
    std::optional<int> ttl;
    std::optional<std::string> dest;
    std::optional<Uuid> destuuid;
};
ha::Expected<Header> read_header(const Message& m);

// The "dt" field of a status message: the sender's deadtime in ms, hex.
std::optional<std::chrono::milliseconds> read_deadtime(const Message& m);
std::string format_deadtime(std::chrono::milliseconds dt);

} // namespace hb::wire
