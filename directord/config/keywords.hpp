// ldirectord.cf keys as tables: one row per key and scope (globals.cpp: column-0 lines,
// section.cpp: lines of a virtual section), saying how ldirectord's pattern takes the value
// and which reader stores it. The "did you mean" lists are the tables' key names.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "directord/config/draft.hpp"

namespace directord::detail {

// How ldirectord's pattern for a key takes its value.
enum class Form {
    plain,            // key=value (the rest of the line)
    quoted,           // key="value" (a line without the quotes is not this key)
    quoted_or_plain,  // the quoted form first, else the rest of the line
};

// One line's value, for a reader.
struct Value {
    int line;
    std::string_view key;
    const std::string& text;
};

template <class Target>   // GlobalDraft or VirtualDraft
struct Keyword {
    std::string_view key;
    Form form;
    void (*read)(Ctx&, Target&, const Value&);   // null: read by the line loop (virtual=)
    bool suggested = true;                        // offered by "did you mean" (not deprecated keys)
};

// The value `line` gives `key` in `form`, or nullopt when the line is not that key.
std::optional<std::string> match_key(Form form, std::string_view line, std::string_view key);

// Runs the reader of the row `line` matches; false when none does. Two keys never
// match one line (each pattern is ^key\s*=), so the order of rows only sets the order
// of the suggestion lists.
template <class Target>
bool read_keyword(std::span<const Keyword<Target>> table, Ctx& ctx, Target& target, int line,
                  const std::string& text) {
    for (const auto& k : table) {
        if (!k.read) continue;
        if (auto v = match_key(k.form, text, k.key)) {
            k.read(ctx, target, Value{line, k.key, *v});
            return true;
        }
    }
    return false;
}

template <class Target>
std::vector<std::string> suggested_keys(std::span<const Keyword<Target>> table) {
    std::vector<std::string> keys;
    for (const auto& k : table)
        if (k.suggested) keys.emplace_back(k.key);
    return keys;
}

} // namespace directord::detail
