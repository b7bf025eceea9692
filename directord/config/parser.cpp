// The line loop of ldirectord.cf: column-0 globals, virtual= blocks of indented lines.
// A block ends at its first line that is not indented by 4+ columns (a blank line
// included); that line is then read again as a global line, as ldirectord does.
#include "directord/config/draft.hpp"
#include "directord/config/lexing.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace directord {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

std::size_t first_nonblank(const std::string& l) {
    std::size_t i = 0;
    while (i < l.size() && lex::is_space(l[i])) ++i;
    return i;
}
bool comment_line(const std::string& l) {
    auto i = first_nonblank(l);
    return i < l.size() && l[i] == '#';
}
bool blank_or_comment(const std::string& l) {
    return first_nonblank(l) == l.size() || comment_line(l);
}

// The command part of a section line, or nullopt when the line ends the block.
std::optional<std::string> section_command(const std::string& raw) {
    std::string s = raw.substr(0, raw.find('#'));
    std::string t;
    for (char c : s) t += c == '\t' ? std::string(4, ' ') : std::string(1, c);
    std::size_t k = 0;
    while (k < t.size() && t[k] == ' ') ++k;
    if (k < 4) return std::nullopt;
    if (k == t.size()) {
        // All blanks: at least one is left for the command when there are 5 or more.
        if (t.size() < 5) return std::nullopt;
        return std::string(" ");
    }
    return t.substr(k);
}

// '#' inside a quoted value is still a comment in a section: say what is really read.
void hash_in_quotes(detail::Ctx& ctx, int line, const std::string& raw) {
    auto h = raw.find('#');
    if (h == std::string::npos) return;
    std::size_t quotes = 0;
    for (std::size_t i = 0; i < h; ++i) quotes += raw[i] == '"';
    if (quotes % 2 == 1)
        ctx.sink.warn(line, "\"#\" starts a comment even inside quotes: ldirectord reads " +
                                lex::quote(lex::trim(raw.substr(0, h))) + " and drops " +
                                lex::quote(raw.substr(h)));
}

} // namespace

ParseResult parse_config(const std::string& text, const std::string& file, const Resolver& r) {
    detail::Sink sink{file, {}, {}};
    detail::Ctx ctx{sink, r};
    detail::GlobalDraft g;
    std::vector<detail::VirtualDraft> virtuals;
    std::vector<std::string> seen_ids;
    std::vector<int> seen_lines;

    // Lines of any length: the real=/fallback=/virtual= patterns run on PCRE2 with limits
    // (config/line_regex), not on std::regex, which overflowed the stack on ~30 KB lines.
    auto lines = split_lines(text);
    std::size_t next = 0;   // index of the next line to read; its number is next + 1
    bool have = next < lines.size();
    std::string cur = have ? lines[next++] : std::string();
    while (have) {
        const int lineno = static_cast<int>(next);
        std::optional<std::string> vval = lex::key_value(cur, "virtual");
        bool v6 = false;
        if (!vval && (vval = lex::key_value(cur, "virtual6"))) v6 = true;
        if (vval) {
            auto d = detail::start_virtual(ctx, lineno, v6, *vval);
            bool ended = false;
            while (next < lines.size()) {
                cur = lines[next++];
                const int ln = static_cast<int>(next);
                if (comment_line(cur))
                    continue;   // comment lines, even in column 0, do not end the block
                auto rcmd = section_command(cur);
                if (!rcmd) {
                    ended = true;
                    break;
                }
                hash_in_quotes(ctx, ln, cur);
                detail::section_directive(ctx, d, ln, cur, *rcmd);
            }
            detail::finish_virtual(ctx, d, static_cast<int>(next), seen_ids, seen_lines);
            virtuals.push_back(std::move(d));
            if (!ended) break;
            continue;   // the line that ended the block is read again as a global line
        }
        if (!blank_or_comment(cur)) detail::global_directive(ctx, g, lineno, cur);
        have = next < lines.size();
        if (have) cur = lines[next++];
    }

    ParseResult out;
    if (sink.errors.empty()) {
        Config c = detail::merge(ctx, g, virtuals);
        c.warnings = sink.warnings;
        if (sink.errors.empty()) out.config = std::move(c);   // merge may find some too
    }
    out.errors = std::move(sink.errors);
    out.warnings = std::move(sink.warnings);
    return out;
}

ParseResult load_config(const std::string& path, const Resolver& r) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ParseResult out;
        out.errors.push_back({path, 0, std::string("cannot open file: ") + std::strerror(errno)});
        return out;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    ParseResult res = parse_config(ss.str(), path, r);
    if (res.config) res.config->path = path;
    return res;
}

} // namespace directord
