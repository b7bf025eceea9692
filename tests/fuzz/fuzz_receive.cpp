// receive= matching (ReceivePattern on PCRE2, branch `pcre`). The input is PATTERN NUL
// SUBJECT. Invariants: check() says what error() says; a pattern that compiles matches the
// same way with JIT and with the interpreter (unless one hits a limit, which is an error
// with the documented reason, never a crash); a match contains the required literal.
#include "directord/checks/protocols/receive_pattern.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using directord::checks::ReceiveMatch;
using directord::checks::ReceivePattern;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in = fuzz::view(data, size);
    const auto nul = in.find('\0');
    const std::string_view pattern = in.substr(0, nul);
    const std::string_view subject = nul == std::string_view::npos ? std::string_view{} : in.substr(nul + 1);

    ReceivePattern best(pattern);
    FUZZ_CHECK(ReceivePattern::check(pattern) == best.error());
    if (!best.error().empty()) {
        FUZZ_CHECK(best.match(subject).status != ReceiveMatch::matched);
        return 0;
    }
    ReceivePattern interp(pattern, ReceivePattern::Engine::interpreter);
    FUZZ_CHECK(interp.error().empty());
    auto a = best.match(subject), b = interp.match(subject);
    for (const auto* m : {&a, &b})
        if (m->status == ReceiveMatch::error) FUZZ_CHECK(!m->reason.empty());
    if (a.status != ReceiveMatch::error && b.status != ReceiveMatch::error) FUZZ_CHECK(a.status == b.status);
    if (a.ok() || b.ok()) {
        const std::string lit = ReceivePattern::required_literal(pattern);
        FUZZ_CHECK(lit.empty() || subject.find(lit) != std::string_view::npos);
    }
    if (pattern.empty()) FUZZ_CHECK(a.ok());
    return 0;
}
