// `receive` of the negotiate checks (http family, ftp, simpletcp, dns, ldap): a Perl regex
// as ldirectord applies it (`$content =~ /$receive/`: no flags, searched anywhere), matched
// with PCRE2. Compiled once (JIT where the machine allows it, else PCRE2's interpreter,
// which backtracks on the heap: no recursion on our stack) and shared by every check with
// the same text. A match is bounded by limits; hitting one is an error (a failed check
// with a reason), never a crash. Pure: no asio, so fuzz harnesses (clang) can link it.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "directord/checks/transport/read_cap.hpp"

namespace directord {

struct ReceiveMatch {
    enum Status { matched, no_match, error };
    Status status = no_match;
    std::string reason;   // status == error: why, to be a failed check's reason
    bool ok() const { return status == matched; }
};

class ReceivePattern {
public:
    // The largest subject a check hands over: the read cap (read_cap.hpp).
    static constexpr std::size_t kSubjectCap = checks::kReadCap;
    // Per start position (PCRE2's unit): `(.|\n)*x` over 4 MB needs ~2M (so 1 MB is well within), a runaway
    // pattern stops after ~30 ms (JIT).
    static constexpr std::uint32_t kMatchLimit = 5'000'000;
    // Interpreter only: nesting of backtracking points and the heap they take.
    static constexpr std::uint32_t kDepthLimit = 5'000'000;
    static constexpr std::uint32_t kHeapLimitKiB = 256 * 1024;
    // JIT only: `(.|\n)*` takes ~48 bytes of JIT stack per character repeated (32 without
    // the time budget's callout). Address space: pages are touched only as a match needs them.
    static constexpr std::size_t kJitStackMax = 64 * kSubjectCap;
    // Whole match, all start positions: checked each time a new start position is tried
    // (so one position may overrun it by its match limit's worth, ~30 ms with JIT).
    static constexpr std::chrono::milliseconds kTimeBudget{200};
    static constexpr const char* kLimitReason = "receive pattern exceeded its match limit";

    enum class Engine { best, interpreter };   // interpreter: no JIT (tests of the fallback)

    explicit ReceivePattern(std::string_view text, Engine engine = Engine::best);

    bool empty() const { return text_.empty(); }
    const std::string& text() const { return text_; }
    // Why the pattern does not compile ("invalid receive regex: ... at offset N"), or "".
    const std::string& error() const;
    bool jit() const;   // matched by JIT-compiled code

    // An empty pattern matches anything (callers decide what an empty receive means).
    ReceiveMatch match(std::string_view subject) const;

    // The compile error of `text` as error() gives it, or "" (for `directord -t`).
    static std::string check(std::string_view text);

    // A literal every match must contain (the longest one found outside groups), or "" when
    // none is known: a subject without it cannot match, found without backtracking (Perl's
    // regex engine has the same shortcut). Exposed for tests.
    static std::string required_literal(std::string_view pattern);

    struct Compiled;

private:
    std::string text_;
    std::shared_ptr<const Compiled> code_;
};

} // namespace directord
