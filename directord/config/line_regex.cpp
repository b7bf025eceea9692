#include "directord/config/line_regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdexcept>

namespace directord::detail {

struct LineRegex::Code {
    pcre2_code* code = nullptr;
    std::uint32_t groups = 0;
    explicit Code(const char* pattern) {
        int err = 0;
        PCRE2_SIZE off = 0;
        code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern), PCRE2_ZERO_TERMINATED, PCRE2_DOLLAR_ENDONLY, &err,
                             &off, nullptr);
        if (!code) throw std::logic_error(std::string("LineRegex: bad pattern ") + pattern);
        pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
    }
    ~Code() { pcre2_code_free(code); }
    Code(const Code&) = delete;
    Code& operator=(const Code&) = delete;
};

LineRegex::LineRegex(const char* pattern) : code_(std::make_shared<const Code>(pattern)) {}

bool LineRegex::search(std::string_view subject, Match& m) const {
    std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> md(
        pcre2_match_data_create_from_pattern(code_->code, nullptr), &pcre2_match_data_free);
    if (!md) throw std::bad_alloc();
    // Bounded memory for the backtracking frames (the default allows 20 GB).
    static pcre2_match_context* const limits = [] {
        auto* c = pcre2_match_context_create(nullptr);
        if (c) pcre2_set_heap_limit(c, 64 * 1024);
        return c;
    }();
    int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, md.get(),
                         limits);
    m = Match();
    if (rc < 0) return false;   // no match, or a limit on a hostile line: not this form
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.get());
    for (std::uint32_t i = 0; i <= code_->groups; ++i) {
        Match::Group g;
        std::size_t pos = 0;
        if ((int)i < rc && ov[2 * i] != PCRE2_UNSET) {
            g.matched = true;
            g.text = std::string(subject.substr(ov[2 * i], ov[2 * i + 1] - ov[2 * i]));
            pos = ov[2 * i];
        }
        m.groups_.push_back(std::move(g));
        m.positions_.push_back(pos);
    }
    m.prefix_.matched = true;
    m.prefix_.text = std::string(subject.substr(0, ov[0]));
    return true;
}

bool LineRegex::search(std::string_view subject) const {
    Match m;
    return search(subject, m);
}

} // namespace directord::detail
