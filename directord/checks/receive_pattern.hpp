// `receive` of the text negotiate services: a regex (ECMAScript standing in for
// ldirectord's Perl), compiled once when the probe is built.
#pragma once
#include <optional>
#include <regex>
#include <string>

namespace directord::checks {

class ReceivePattern {
public:
    explicit ReceivePattern(const std::string& text) : text_(text) {
        if (text.empty()) return;
        try {
            re_.emplace(text, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            error_ = "invalid receive regex: " + std::string(e.what());
        }
    }
    bool empty() const { return text_.empty(); }
    const std::string& error() const { return error_; }   // non-empty: never matches
    // An empty pattern matches anything.
    bool matches(const std::string& s) const {
        if (text_.empty()) return true;
        return re_ && std::regex_search(s, *re_);
    }

private:
    std::string text_;
    std::optional<std::regex> re_;
    std::string error_;
};

} // namespace directord::checks
