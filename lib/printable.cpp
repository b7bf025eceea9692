#include "lib/printable.hpp"

#include <cstdio>

namespace ha {

namespace {
bool control(unsigned char c) { return c < 0x20 || c == 0x7f; }
} // namespace

bool has_control_bytes(std::string_view s) {
    for (unsigned char c : s)
        if (control(c)) return true;
    return false;
}

std::string printable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (!control(c)) {
            out += char(c);
            continue;
        }
        switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
        }
    }
    return out;
}

} // namespace ha
