// Text from outside (a server's reply, a peer's packet) made safe for one log line: a server
// that answers "OK\n[date] Real server 10.0.0.9 is up" must not write log lines of its own,
// nor send terminal escapes to whoever runs `directord --check`.
#pragma once
#include <string>
#include <string_view>

namespace ha {

// True when `s` holds a control byte (0x00-0x1f) or DEL.
bool has_control_bytes(std::string_view s);

// `s` with each control byte and DEL written as \xNN (\n, \r, \t as themselves escaped:
// "\n", "\r", "\t"); other bytes, UTF-8 included, are kept.
std::string printable(std::string_view s);

} // namespace ha
