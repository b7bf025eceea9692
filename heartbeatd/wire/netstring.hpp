// The netstring message format heartbeat 3.0.6 puts on UDP:
//   "###\n" { LEN ":" "(" T ")" NAME "=" VALUE "," } "%%%\n"
// LEN is the decimal byte count of "(T)NAME=VALUE"; values are raw bytes (no escaping).
// The authentication trailer "LEN:IDX HEX," that follows is handled in packet.hpp.
#pragma once
#include <string>
#include <string_view>

#include "lib/expected.hpp"
#include "heartbeatd/wire/message.hpp"

namespace hb::wire {

inline constexpr std::string_view kNetstringBegin = "###\n";
inline constexpr std::string_view kNetstringEnd = "%%%\n";

// One netstring "LEN:payload,".
std::string netstring(std::string_view payload);

// The message from "###\n" to "%%%\n" inclusive.
std::string encode_netstring(const Message& m);

// Parses a message at the start of `bytes`; `consumed` gets the length through "%%%\n".
// Strict, like heartbeat: a wrong length or a missing separator rejects the message.
ha::Expected<Message> decode_netstring(std::string_view bytes, std::size_t* consumed = nullptr);

// Parses one "LEN:payload," at the start of `bytes`.
ha::Expected<std::string_view> read_netstring(std::string_view bytes, std::size_t* consumed = nullptr);

} // namespace hb::wire
