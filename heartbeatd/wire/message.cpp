#include "heartbeatd/wire/message.hpp"

#include <algorithm>

namespace hb::wire {

Message& Message::add(std::string name, std::string value, FieldType type) {
    fields.push_back(Field{std::move(name), type, std::move(value)});
    return *this;
}

Message& Message::set(std::string_view name, std::string value, FieldType type) {
    for (auto& f : fields)
        if (f.name == name) {
            f.value = std::move(value);
            f.type = type;
            return *this;
        }
    return add(std::string(name), std::move(value), type);
}

bool Message::remove(std::string_view name) {
    auto n = fields.size();
    fields.erase(std::remove_if(fields.begin(), fields.end(), [&](const Field& f) { return f.name == name; }),
                 fields.end());
    return fields.size() != n;
}

const Field* Message::find(std::string_view name) const {
    for (auto& f : fields)
        if (f.name == name) return &f;
    return nullptr;
}

std::optional<std::string_view> Message::get(std::string_view name) const {
    if (auto* f = find(name)) return std::string_view(f->value);
    return std::nullopt;
}

std::string Message::get_or(std::string_view name, std::string_view dflt) const {
    auto v = get(name);
    return std::string(v ? *v : dflt);
}

std::string_view Message::type() const {
    auto v = get("t");
    return v ? *v : std::string_view{};
}

std::string to_debug_string(const Message& m) {
    static const char* hexd = "0123456789abcdef";
    std::string s;
    for (auto& f : m.fields) {
        if (!s.empty()) s += ' ';
        s += f.name;
        s += '=';
        if (f.type == FieldType::binary) {
            s += "0x";
            for (unsigned char c : f.value) {
                s += hexd[c >> 4];
                s += hexd[c & 15];
            }
        } else {
            for (unsigned char c : f.value) s += (c < 0x20 || c >= 0x7f) ? '?' : char(c);
        }
    }
    return s;
}

} // namespace hb::wire
