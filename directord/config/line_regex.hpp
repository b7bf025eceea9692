// The fixed patterns of the real=, virtual= and fallback= lines, searched with PCRE2's
// interpreter: it backtracks on the heap, so a long line cannot overflow the stack the way
// std::regex (recursive per character) did on a few hundred KB. Same syntax subset as the
// ECMAScript patterns it replaces; '$' matches only at the end, as there.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace directord::detail {

class LineRegex {
public:
    // Like std::smatch over a copy of the subject: groups by number, prefix, position.
    class Match {
    public:
        struct Group {
            bool matched = false;
            std::string text;
            const std::string& str() const { return text; }
        };
        std::size_t size() const { return groups_.size(); }
        const Group& operator[](std::size_t i) const { return groups_.at(i); }
        const Group& prefix() const { return prefix_; }
        std::size_t position(std::size_t i) const { return positions_.at(i); }

    private:
        friend class LineRegex;
        std::vector<Group> groups_;
        std::vector<std::size_t> positions_;
        Group prefix_;
    };

    explicit LineRegex(const char* pattern);   // a bad pattern is a programming error: throws

    bool search(std::string_view subject, Match& m) const;
    bool search(std::string_view subject) const;

private:
    struct Code;
    std::shared_ptr<const Code> code_;
};

} // namespace directord::detail
