// What every harness shares: FUZZ_CHECK, an invariant whose failure is a finding (abort, so
// libFuzzer keeps the input as a crash reproducer), and small helpers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#define FUZZ_CHECK(cond)                                                                  \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            std::abort();                                                                 \
        }                                                                                 \
    } while (0)

namespace fuzz {

inline std::string_view view(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Number of lines in a text as the config parsers count them (a last line without '\n' counts).
inline int line_count(std::string_view text) {
    int n = 0;
    for (char c : text) n += c == '\n';
    return n + 1;
}

} // namespace fuzz
