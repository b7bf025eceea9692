// A heartbeat message: an ordered list of typed name=value fields. Order matters because
// the signatures cover the serialised bytes in field order.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hb::wire {

// Field type digits as they appear on the wire, "(1)srcuuid=...". v1 uses only 0 and 1.
enum class FieldType : std::uint8_t {
    string = 0,
    binary = 1,
    structure = 2,    // nested message, kept as raw bytes
    list = 3,
    compress = 4,
    uncompress = 5,
};
inline constexpr int kMaxFieldType = 5;

struct Field {
    std::string name;
    FieldType type = FieldType::string;
    std::string value;   // raw bytes (binary values are not base64 here)

    bool operator==(const Field&) const = default;
};

class Message {
public:
    std::vector<Field> fields;

    Message& add(std::string name, std::string value, FieldType type = FieldType::string);
    Message& add_binary(std::string name, std::string value) {
        return add(std::move(name), std::move(value), FieldType::binary);
    }
    // Replace the first field with this name (keeping its position), or append.
    Message& set(std::string_view name, std::string value, FieldType type = FieldType::string);
    bool remove(std::string_view name);   // removes every field with this name

    const Field* find(std::string_view name) const;
    bool has(std::string_view name) const { return find(name) != nullptr; }
    std::optional<std::string_view> get(std::string_view name) const;
    std::string get_or(std::string_view name, std::string_view dflt = {}) const;

    // The "t" field, or empty.
    std::string_view type() const;
    bool empty() const { return fields.empty(); }
    std::size_t size() const { return fields.size(); }

    bool operator==(const Message&) const = default;
};

// Readable one-line rendering for logs; binary values are shown as hex.
std::string to_debug_string(const Message& m);

} // namespace hb::wire
