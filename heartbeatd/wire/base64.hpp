// Standard base64 ('+', '/', '=' padding, no line breaks): how binary fields travel in the
// classic text format, e.g. "(1)srcuuid=rK4pl+xKT/2nwmws9xI/YQ==".
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace hb::wire {

std::string base64_encode(std::string_view bytes);
// Strict: only the standard alphabet, correct padding, length a multiple of 4.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace hb::wire
