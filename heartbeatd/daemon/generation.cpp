#include "heartbeatd/daemon/generation.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <unistd.h>

#include "lib/safe_file.hpp"

namespace hb::daemon {

std::optional<std::uint64_t> parse_generation(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ') ++i;
    std::uint64_t v = 0;
    std::size_t digits = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
        if (digits >= 19) return std::nullopt;
        v = v * 10 + std::uint64_t(text[i] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; i < text.size(); ++i)
        if (text[i] != '\n' && text[i] != ' ' && text[i] != '\0') return std::nullopt;
    return v;
}

std::string format_generation(std::uint64_t g) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%15llu\n", (unsigned long long)g);
    return buf;
}

std::uint64_t next_generation(config::GenMethod method, std::optional<std::uint64_t> previous,
                              std::uint64_t now_seconds) {
    if (method == config::GenMethod::time)
        return previous && *previous >= now_seconds ? *previous + 1 : now_seconds;
    return previous ? *previous + 1 : now_seconds + 1;
}

ha::Expected<std::uint64_t> bump_generation_file(const std::string& dir, config::GenMethod method) {
    std::string path = dir + "/hb_generation";
    std::optional<std::uint64_t> prev;
    {
        std::ifstream in(path);
        if (in) {
            std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            prev = parse_generation(text);
            if (!prev) return ha::make_error(path + ": unreadable generation number");
        }
    }
    std::uint64_t g = next_generation(method, prev, std::uint64_t(std::time(nullptr)));
    // Durable before use: a generation reused after a crash would make peers drop us.
    std::string why;
    if (!ha::replace_file(path, format_generation(g), 0644, true, why)) return ha::make_error(why);
    return g;
}

} // namespace hb::daemon
