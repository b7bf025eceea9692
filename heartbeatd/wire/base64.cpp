#include "heartbeatd/wire/base64.hpp"

#include <cstdint>

namespace hb::wire {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int value_of(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}
} // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        std::uint32_t v = (std::uint8_t(bytes[i]) << 16) | (std::uint8_t(bytes[i + 1]) << 8) |
                          std::uint8_t(bytes[i + 2]);
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    std::size_t rest = bytes.size() - i;
    if (rest) {
        std::uint32_t v = std::uint8_t(bytes[i]) << 16;
        if (rest == 2) v |= std::uint8_t(bytes[i + 1]) << 8;
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        bool last = i + 4 == text.size();
        int a = value_of(text[i]), b = value_of(text[i + 1]);
        if (a < 0 || b < 0) return std::nullopt;
        int pad = 0;
        int c, d;
        if (last && text[i + 2] == '=' && text[i + 3] == '=') {
            pad = 2;
            c = d = 0;
        } else if (last && text[i + 3] == '=') {
            pad = 1;
            c = value_of(text[i + 2]);
            d = 0;
            if (c < 0) return std::nullopt;
        } else {
            c = value_of(text[i + 2]);
            d = value_of(text[i + 3]);
            if (c < 0 || d < 0) return std::nullopt;
        }
        std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
        out += char(v >> 16);
        if (pad < 2) out += char((v >> 8) & 0xff);
        if (pad < 1) out += char(v & 0xff);
        // Non-canonical encodings (stray bits in the padding) would not round-trip.
        if ((pad == 2 && (b & 15)) || (pad == 1 && (c & 3))) return std::nullopt;
    }
    return out;
}

} // namespace hb::wire
