#include "directord/config/receive_pattern.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cctype>
#include <chrono>
#include <map>
#include <mutex>

namespace directord {

namespace {

// What the scan of a pattern learns: a literal every match contains, and whether the
// pattern is nothing but that literal (then a plain find decides).
struct Literal {
    std::string required;
    bool whole = false;
};

bool is_alnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Index just past the character class opening at p[i] == '[', or npos when unsure.
std::size_t skip_class(std::string_view p, std::size_t i) {
    ++i;
    if (i < p.size() && p[i] == '^') ++i;
    if (i < p.size() && p[i] == ']') ++i;   // a leading ']' is a member
    while (i < p.size()) {
        char c = p[i];
        if (c == '\\') {
            if (i + 1 < p.size() && (p[i + 1] == 'Q' || p[i + 1] == 'E')) return std::string_view::npos;
            i += 2;
        } else if (c == '[' && i + 1 < p.size() && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
            auto end = p.find(std::string{p[i + 1], ']'}, i + 2);   // [:alpha:]
            if (end == std::string_view::npos) return end;
            i = end + 2;
        } else if (c == ']') {
            return i + 1;
        } else {
            ++i;
        }
    }
    return std::string_view::npos;
}

// Conservative: only top-level atoms count, and anything unusual (alternation at the top,
// option settings, \Q, comments, verbs) gives up with nothing known.
Literal scan(std::string_view p) {
    Literal out;
    // (*ACCEPT) and other verbs end or steer a match; \Q..\E and comments hide syntax.
    for (const char* odd : {"(*", "(?#", "\\Q"})
        if (p.find(odd) != std::string_view::npos) return {};
    std::string run;
    bool only_literals = true;
    int depth = 0;
    auto flush = [&] {
        if (run.size() > out.required.size()) out.required = run;
        run.clear();
    };
    auto drop_quantified = [&] {   // a quantifier makes the previous atom optional
        if (!run.empty()) run.pop_back();
        flush();
        only_literals = false;
    };
    for (std::size_t i = 0; i < p.size();) {
        char c = p[i];
        if (depth > 0) {
            if (c == '\\') i += 2;
            else if (c == '[') {
                i = skip_class(p, i);
                if (i == std::string_view::npos) return {};
            } else {
                if (c == '(') ++depth;
                else if (c == ')') --depth;
                ++i;
            }
            continue;
        }
        switch (c) {
        case '\\': {
            if (i + 1 >= p.size()) return {};
            unsigned char e = (unsigned char)p[i + 1];
            if (is_alnum(e)) {
                // A class, an assertion or a control character: not a known literal. The
                // escapes that take an argument (\x41, \cA, \p{L}, \g1, \12...) are left
                // to PCRE2 alone.
                static constexpr std::string_view simple = "dDsSwWhHvVRXbBAzZGKnrtfea";
                if (simple.find((char)e) == std::string_view::npos) return {};
                flush();
                only_literals = false;
            } else {
                run += (char)e;   // an escaped punctuation character is itself
            }
            i += 2;
            break;
        }
        case '[':
            flush();
            only_literals = false;
            i = skip_class(p, i);
            if (i == std::string_view::npos) return {};
            break;
        case '(': {
            // "(?i)" and the like change the rest of the pattern: give up.
            if (i + 1 < p.size() && p[i + 1] == '?') {
                auto j = i + 2;
                while (j < p.size() && (is_alnum((unsigned char)p[j]) || p[j] == '-' || p[j] == '^')) ++j;
                if (j < p.size() && p[j] == ')') return {};
            }
            flush();
            only_literals = false;
            depth = 1;
            ++i;
            break;
        }
        case ')':
            return {};   // unbalanced: the compiler reports it
        case '|':
            return {};
        case '*':
        case '+':
        case '?':
            drop_quantified();
            ++i;
            break;
        case '{': {
            drop_quantified();
            // A counted repeat is skipped whole; a lone '{' is a literal, left out.
            auto j = i + 1;
            while (j < p.size() && (std::isdigit((unsigned char)p[j]) || p[j] == ',' || p[j] == ' ')) ++j;
            i = j < p.size() && p[j] == '}' ? j + 1 : i + 1;
            break;
        }
        case '^':
        case '$':
        case '.':
            flush();
            only_literals = false;
            ++i;
            break;
        default:
            run += c;
            ++i;
        }
    }
    if (depth != 0) return {};
    flush();
    out.whole = only_literals && !out.required.empty();
    return out;
}

std::string error_text(int code) {
    PCRE2_UCHAR buf[256];
    if (pcre2_get_error_message(code, buf, sizeof buf) < 0) return "error " + std::to_string(code);
    return reinterpret_cast<const char*>(buf);
}

// PCRE2's match limit counts from each start position afresh: a pattern that fails slowly
// at every position ((.|\n)*x$ on a page with x in the middle) runs for minutes on 128 KB.
// A callout at the pattern's start (once per start position tried) watches the clock.
struct Budget {
    std::chrono::steady_clock::time_point until;
    bool spent = false;
};

int start_callout(pcre2_callout_block*, void* data) {
    auto* b = static_cast<Budget*>(data);
    if (std::chrono::steady_clock::now() < b->until) return 0;
    b->spent = true;
    return PCRE2_ERROR_CALLOUT;   // ends the whole match
}

// `text` with a callout in front, after the (*VERB) settings that must open a pattern.
std::string with_start_callout(const std::string& text) {
    std::size_t i = 0;
    while (text.compare(i, 2, "(*") == 0) {
        auto j = i + 2;
        while (j < text.size() && (std::isupper((unsigned char)text[j]) || std::isdigit((unsigned char)text[j]) ||
                                   text[j] == '_' || text[j] == '='))
            ++j;
        if (j >= text.size() || text[j] != ')') break;
        i = j + 1;
    }
    return text.substr(0, i) + "(?C1)" + text.substr(i);
}

// Per thread scratch for matching: one match data (one ovector pair: only "did it match"
// is asked), the match context with the limits, and the JIT stack. Not per pattern: 10,000
// checks would each keep their own.
struct Scratch {
    pcre2_match_context* context = nullptr;
    pcre2_match_data* data = nullptr;
    pcre2_jit_stack* stack = nullptr;
    Budget budget;

    Scratch() {
        context = pcre2_match_context_create(nullptr);
        if (context) {
            pcre2_set_callout(context, start_callout, &budget);
            pcre2_set_match_limit(context, ReceivePattern::kMatchLimit);
            pcre2_set_depth_limit(context, ReceivePattern::kDepthLimit);
            pcre2_set_heap_limit(context, ReceivePattern::kHeapLimitKiB);
        }
    }
    ~Scratch() {
        release();
        if (context) pcre2_match_context_free(context);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

    bool ready() {
        if (!context) return false;
        if (!data) data = pcre2_match_data_create(1, nullptr);
        if (!stack) {
            stack = pcre2_jit_stack_create(32 * 1024, ReceivePattern::kJitStackMax, nullptr);
            pcre2_jit_stack_assign(context, nullptr, stack);   // null: JIT falls back to 32 KB on our stack
        }
        return data != nullptr;
    }
    // After a large subject: give back the JIT stack pages and the interpreter's frames
    // it touched, so memory stays flat between checks.
    void release() {
        if (data) pcre2_match_data_free(data);
        if (stack) pcre2_jit_stack_free(stack);
        data = nullptr;
        stack = nullptr;
        if (context) pcre2_jit_stack_assign(context, nullptr, nullptr);
    }
};

constexpr std::size_t kReleaseAbove = 256 * 1024;

} // namespace

struct ReceivePattern::Compiled {
    pcre2_code* code = nullptr;
    bool jit = false;
    Literal literal;
    std::string error;

    Compiled(const std::string& text, Engine engine) {
        literal = scan(text);
        if (literal.whole) return;   // a plain find decides; nothing to compile
        int code_err = 0;
        PCRE2_SIZE offset = 0;
        // No options: Perl's defaults for /$receive/ ('.' stops at a newline, '$' also
        // matches before a final newline, case matters).
        code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, &code_err, &offset, nullptr);
        if (!code) {
            error = "invalid receive regex: " + error_text(code_err) + " at offset " + std::to_string(offset);
            return;
        }
        // The code that runs carries the budget's callout (errors are reported on the text
        // as written, above, so offsets are the user's).
        auto timed = with_start_callout(text);
        if (auto* t = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(timed.data()), timed.size(), 0, &code_err, &offset, nullptr)) {
            pcre2_code_free(code);
            code = t;
        }
        if (engine == Engine::best) jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    }
    ~Compiled() {
        if (code) pcre2_code_free(code);
    }
    Compiled(const Compiled&) = delete;
    Compiled& operator=(const Compiled&) = delete;
};

namespace {

// Checks with the same receive share one compiled pattern (JIT code is kilobytes).
std::shared_ptr<const ReceivePattern::Compiled> compiled(const std::string& text, ReceivePattern::Engine engine) {
    static std::mutex mu;
    static std::map<std::pair<std::string, int>, std::weak_ptr<const ReceivePattern::Compiled>> cache;
    std::lock_guard<std::mutex> lock(mu);
    auto key = std::make_pair(text, (int)engine);
    if (auto it = cache.find(key); it != cache.end())
        if (auto c = it->second.lock()) return c;
    std::erase_if(cache, [](const auto& e) { return e.second.expired(); });
    auto c = std::make_shared<const ReceivePattern::Compiled>(text, engine);
    cache[key] = c;
    return c;
}

const std::string kNoError;

} // namespace

ReceivePattern::ReceivePattern(std::string_view text, Engine engine) : text_(text) {
    if (!text_.empty()) code_ = compiled(text_, engine);
}

const std::string& ReceivePattern::error() const { return code_ ? code_->error : kNoError; }

bool ReceivePattern::jit() const { return code_ && code_->jit; }

std::string ReceivePattern::check(std::string_view text) { return ReceivePattern(text).error(); }

std::string ReceivePattern::required_literal(std::string_view pattern) { return scan(pattern).required; }

ReceiveMatch ReceivePattern::match(std::string_view subject) const {
    if (!code_) return {ReceiveMatch::matched, {}};
    const Compiled& c = *code_;
    if (!c.error.empty()) return {ReceiveMatch::error, c.error};
    const auto& lit = c.literal;
    if (!lit.required.empty() && subject.find(lit.required) == std::string_view::npos) return {ReceiveMatch::no_match, {}};
    if (lit.whole) return {ReceiveMatch::matched, {}};

    thread_local Scratch scratch;
    if (!scratch.ready()) return {ReceiveMatch::error, "receive pattern: out of memory"};
    scratch.budget = {std::chrono::steady_clock::now() + kTimeBudget, false};
    int rc = pcre2_match(c.code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, scratch.data,
                         scratch.context);
    if (subject.size() > kReleaseAbove) scratch.release();
    if (rc >= 0) return {ReceiveMatch::matched, {}};   // 0: matched, captures not kept
    switch (rc) {
    case PCRE2_ERROR_NOMATCH:
        return {ReceiveMatch::no_match, {}};
    case PCRE2_ERROR_MATCHLIMIT:
        return {ReceiveMatch::error, kLimitReason};
    case PCRE2_ERROR_CALLOUT:
        if (scratch.budget.spent)
            return {ReceiveMatch::error, std::string(kLimitReason) + " (time: " +
                                             std::to_string(kTimeBudget.count()) + " ms)"};
        break;
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
    case PCRE2_ERROR_NOMEMORY:
        return {ReceiveMatch::error, std::string(kLimitReason) + " (" + error_text(rc) + ")"};
    default:
        break;
    }
    return {ReceiveMatch::error, "receive pattern failed: " + error_text(rc)};
}

} // namespace directord
