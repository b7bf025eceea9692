#include "heartbeatd/wire/netstring.hpp"

namespace hb::wire {

namespace {
constexpr std::size_t kMaxLenDigits = 9;   // far above MAXMSG (256 KiB); stops overflow
}

std::string netstring(std::string_view payload) {
    std::string s = std::to_string(payload.size());
    s += ':';
    s += payload;
    s += ',';
    return s;
}

std::string encode_netstring(const Message& m) {
    std::string out(kNetstringBegin);
    for (auto& f : m.fields) {
        std::string payload = "(";
        payload += char('0' + int(f.type));
        payload += ')';
        payload += f.name;
        payload += '=';
        payload += f.value;
        out += netstring(payload);
    }
    out += kNetstringEnd;
    return out;
}

ha::Expected<std::string_view> read_netstring(std::string_view bytes, std::size_t* consumed) {
    std::size_t i = 0, len = 0;
    while (i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '9') {
        if (i >= kMaxLenDigits) return ha::make_error("netstring length too long");
        len = len * 10 + std::size_t(bytes[i] - '0');
        ++i;
    }
    if (i == 0) return ha::make_error("netstring length missing");
    if (i >= bytes.size() || bytes[i] != ':') return ha::make_error("netstring ':' missing");
    ++i;
    if (bytes.size() - i < len + 1) return ha::make_error("netstring truncated");
    auto payload = bytes.substr(i, len);
    if (bytes[i + len] != ',') return ha::make_error("netstring ',' missing (wrong length?)");
    if (consumed) *consumed = i + len + 1;
    return payload;
}

ha::Expected<Message> decode_netstring(std::string_view bytes, std::size_t* consumed) {
    if (bytes.substr(0, kNetstringBegin.size()) != kNetstringBegin)
        return ha::make_error("not a netstring message (no ###)");
    std::size_t pos = kNetstringBegin.size();
    Message m;
    while (true) {
        if (pos >= bytes.size()) return ha::make_error("netstring message truncated (no %%%)");
        if (bytes.substr(pos, kNetstringEnd.size()) == kNetstringEnd) {
            pos += kNetstringEnd.size();
            break;
        }
        std::size_t used = 0;
        auto field = read_netstring(bytes.substr(pos), &used);
        if (!field) return ha::make_error("field " + std::to_string(m.size() + 1) + ": " + field.error());
        pos += used;
        std::string_view f = *field;
        if (f.size() < 4 || f[0] != '(' || f[2] != ')' || f[1] < '0' || f[1] > '0' + kMaxFieldType)
            return ha::make_error("field " + std::to_string(m.size() + 1) + ": bad type prefix");
        auto eq = f.find('=', 3);
        if (eq == std::string_view::npos) return ha::make_error("field " + std::to_string(m.size() + 1) + ": no '='");
        if (eq == 3) return ha::make_error("field " + std::to_string(m.size() + 1) + ": empty name");
        m.add(std::string(f.substr(3, eq - 3)), std::string(f.substr(eq + 1)), FieldType(f[1] - '0'));
    }
    if (consumed) *consumed = pos;
    return m;
}

} // namespace hb::wire
