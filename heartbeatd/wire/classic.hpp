// heartbeat's classic text format, used on serial links and the local FIFO, and accepted on UDP:
//   ">>>\n" { ["(" T ")"] NAME "=" VALUE "\n" } "<<<\n"
// String values carry '\n' as byte 0x13; binary values are base64 with a "(1)" name prefix;
// empty values are not allowed (the 3.0.6 parser rejects the whole message).
#pragma once
#include <string>
#include <string_view>

#include "lib/expected.hpp"
#include "heartbeatd/wire/message.hpp"

namespace hb::wire {

inline constexpr std::string_view kClassicBegin = ">>>\n";
inline constexpr std::string_view kClassicEnd = "<<<\n";
inline constexpr char kNewlineSubstitute = 0x13;   // heartbeat's SPECIAL_SYM

// The whole message, ">>>\n" to "<<<\n". Fails for messages the classic format cannot
// carry faithfully (empty values, CR or NUL or 0x13 in a string value, odd names).
ha::Expected<std::string> encode_classic(const Message& m);

// The bytes the embedded "auth" field signs: every field except "auth", in order, each as
// its classic line including the '\n', without the >>>/<<< lines.
ha::Expected<std::string> classic_auth_body(const Message& m);

// Parses a message at the start of `bytes` (an optional trailing NUL is consumed too).
ha::Expected<Message> decode_classic(std::string_view bytes, std::size_t* consumed = nullptr);

} // namespace hb::wire
