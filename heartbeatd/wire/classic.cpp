#include "heartbeatd/wire/classic.hpp"

#include "heartbeatd/wire/base64.hpp"

namespace hb::wire {

namespace {

ha::Expected<std::string> field_line(const Field& f) {
    if (f.name.empty()) return ha::make_error("classic format: empty field name");
    for (char c : f.name)
        if (c == '=' || c == '\n' || c == '\r' || c == '\0')
            return ha::make_error("classic format: bad character in field name '" + f.name + "'");
    if (f.name[0] == '(') return ha::make_error("classic format: field name may not start with '('");
    if (f.value.empty())
        return ha::make_error("classic format: field '" + f.name + "' has an empty value (3.0.6 rejects it)");

    std::string line;
    if (f.type == FieldType::string) {
        line = f.name + "=";
        for (char c : f.value) {
            if (c == '\r' || c == '\0' || c == kNewlineSubstitute)
                return ha::make_error("classic format: value of '" + f.name + "' cannot be carried");
            line += c == '\n' ? kNewlineSubstitute : c;
        }
    } else if (f.type == FieldType::binary) {
        line = "(1)" + f.name + "=" + base64_encode(f.value);
    } else {
        // Nested/compressed types never occur in v1 traffic; carried verbatim if single-line.
        for (char c : f.value)
            if (c == '\r' || c == '\n' || c == '\0')
                return ha::make_error("classic format: value of '" + f.name + "' cannot be carried");
        line = "(" + std::string(1, char('0' + int(f.type))) + ")" + f.name + "=" + f.value;
    }
    line += '\n';
    return line;
}

} // namespace

ha::Expected<std::string> classic_auth_body(const Message& m) {
    std::string s;
    for (auto& f : m.fields) {
        if (f.name == "auth") continue;
        auto l = field_line(f);
        if (!l) return l;
        s += *l;
    }
    return s;
}

ha::Expected<std::string> encode_classic(const Message& m) {
    std::string s(kClassicBegin);
    for (auto& f : m.fields) {
        auto l = field_line(f);
        if (!l) return l;
        s += *l;
    }
    s += kClassicEnd;
    return s;
}

ha::Expected<Message> decode_classic(std::string_view b, std::size_t* consumed) {
    // Line ends are LF only, one per line, as every heartbeat sender writes them: 3.0.6's
    // parser also skips CRs and blank lines, which would give one message many encodings
    // (and many byte strings one signature). None of its senders emits them.
    if (b.substr(0, 4) != ">>>\n") return ha::make_error("not a classic message (no >>> line)");
    std::size_t pos = 4;
    Message m;
    while (true) {
        if (pos >= b.size()) return ha::make_error("classic message truncated (no <<<)");
        std::size_t end = b.find('\n', pos);
        if (end == std::string_view::npos) return ha::make_error("classic message truncated (no <<<)");
        std::string_view line = b.substr(pos, end - pos);
        pos = end + 1;
        if (line == "<<<") break;
        if (line.empty()) return ha::make_error("blank line inside a classic message");
        if (line.find('\r') != std::string_view::npos)
            return ha::make_error("CR inside a classic message (line ends are LF only)");
        if (line.find('\0') != std::string_view::npos) return ha::make_error("NUL byte inside a classic message");

        FieldType type = FieldType::string;
        if (line.size() >= 3 && line[0] == '(' && line[2] == ')') {
            if (line[1] < '0' || line[1] > '0' + kMaxFieldType) return ha::make_error("bad field type prefix");
            type = FieldType(line[1] - '0');
            line.remove_prefix(3);
        }
        auto eq = line.find('=');
        if (eq == std::string_view::npos) return ha::make_error("classic line without '='");
        if (eq == 0) return ha::make_error("classic line with an empty name");
        std::string name(line.substr(0, eq));
        std::string_view raw = line.substr(eq + 1);
        if (raw.empty()) return ha::make_error("field '" + name + "' has an empty value");

        std::string value;
        if (type == FieldType::string) {
            value.reserve(raw.size());
            for (char c : raw) value += c == kNewlineSubstitute ? '\n' : c;
        } else if (type == FieldType::binary) {
            auto d = base64_decode(raw);
            if (!d) return ha::make_error("field '" + name + "' is not valid base64");
            value = std::move(*d);
        } else {
            value = std::string(raw);
        }
        m.add(std::move(name), std::move(value), type);
    }
    // The NUL some senders append belongs to this message.
    if (pos < b.size() && b[pos] == '\0') ++pos;
    if (consumed) *consumed = pos;
    return m;
}

} // namespace hb::wire
