// Building JSON text by hand: a string value quoted and escaped (RFC 8259). Bytes that are
// not valid UTF-8 pass through as they are (callers hand in escaped server text).
#pragma once
#include <string>
#include <string_view>

namespace ha {

std::string json_string(std::string_view s);

} // namespace ha
