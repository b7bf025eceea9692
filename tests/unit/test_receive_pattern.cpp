// receive= on PCRE2: Perl syntax that std::regex (ECMAScript) lacked, the issue's crash
// cases on large pages, limits, bad patterns; the config test's verdict on them; an http
// check against an in-process server sending a 128 KB page.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <iterator>
#include <memory>
#include <random>
#include <string>

#include "check_fakes.hpp"
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "directord/checks/protocols/http_probe.hpp"
#include "directord/checks/protocols/receive_pattern.hpp"
#include "tests/unit/config_fake.hpp"

using directord::checks::ReceiveMatch;
using directord::checks::ReceivePattern;
using Engine = ReceivePattern::Engine;

namespace {

ReceiveMatch::Status status(const std::string& pattern, const std::string& subject, Engine e = Engine::best) {
    return ReceivePattern(pattern, e).match(subject).status;
}
bool matches(const std::string& pattern, const std::string& subject, Engine e = Engine::best) {
    return status(pattern, subject, e) == ReceiveMatch::matched;
}

// An HTML page of about `size` bytes, many lines, "Test Page" in its middle.
std::string html_page(std::size_t size, bool with_title = true) {
    std::string s = "<html><head><title>";
    const std::string line = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.</p>\n";
    while (s.size() < size / 2) s += line;
    if (with_title) s += "Test Page";
    while (s.size() < size) s += line;
    return s;
}

// A minified JSON health page of about `size` bytes, one line, the status at the end.
std::string json_page(std::size_t size) {
    std::string s = "{\"components\":[";
    while (s.size() < size) s += "{\"name\":\"disk-space\",\"status\":\"UP\",\"details\":{\"total\":1000,\"free\":500}},";
    s += "{}],\"status\":\"UP\"}";
    return s;
}

const std::size_t kSizes[] = {16 << 10, 128 << 10, 1 << 20};

} // namespace

BOOST_AUTO_TEST_SUITE(receive_pattern)

BOOST_AUTO_TEST_CASE(perl_syntax_std_regex_lacked) {
    for (Engine e : {Engine::best, Engine::interpreter}) {
        // Anchors: \A, \z, \Z; '$' also before a final newline, as Perl's.
        BOOST_TEST(matches("\\Aok", "ok then", e));
        BOOST_TEST(!matches("\\Aok", "not ok", e));
        BOOST_TEST(matches("ok\\z", "all ok", e));
        BOOST_TEST(!matches("ok\\z", "all ok\n", e));
        BOOST_TEST(matches("ok\\Z", "all ok\n", e));
        BOOST_TEST(matches("ok$", "all ok\n", e));
        BOOST_TEST(!matches("^ok$", "ok\nmore", e));   // no /m: ^ and $ are the string's ends
        // '.' stops at a newline (no /s).
        BOOST_TEST(!matches("a.b", "a\nb", e));
        BOOST_TEST(matches("(?s)a.b", "a\nb", e));
        // Inline flags, possessive and atomic groups, lookbehind, named groups.
        BOOST_TEST(matches("(?i)test page", "A TEST PAGE", e));
        BOOST_TEST(!matches("test page", "A TEST PAGE", e));
        BOOST_TEST(matches("(?i:STATUS): up", "status: up", e));
        BOOST_TEST(matches("a++b", "aaab", e));
        BOOST_TEST(!matches("a++a", "aaaa", e));   // possessive: never gives one back
        BOOST_TEST(!matches("(?>a+)a", "aaaa", e));
        BOOST_TEST(matches("(?<=status: )up", "status: up", e));
        BOOST_TEST(!matches("(?<!not )ready", "not ready", e));
        BOOST_TEST(matches("(?<w>ab)\\k<w>", "xabab", e));
        BOOST_TEST(matches("(?P<w>ab)(?P=w)", "abab", e));
        // POSIX classes inside brackets, \h, \R, \K, Unicode-free \w on bytes.
        BOOST_TEST(matches("^[[:alpha:]]+ [[:digit:]]{3}$", "OK 200", e));
        BOOST_TEST(!matches("^[[:alpha:]]+$", "OK 200", e));
        BOOST_TEST(matches("a\\hb", "a\tb", e));
        BOOST_TEST(matches("a\\Rb", "a\r\nb", e));
        BOOST_TEST(matches("foo\\Kbar", "foobar", e));
        // Binary-safe: a NUL inside the subject.
        BOOST_TEST(matches("a\\x00b", std::string("a\0b", 3), e));
    }
}

BOOST_AUTO_TEST_CASE(literals_and_escapes) {
    BOOST_TEST(matches("Test Page", "<h1>Test Page</h1>"));
    BOOST_TEST(!matches("Test Page", "<h1>Test page</h1>"));
    BOOST_TEST(matches("a\\.b", "a.b"));
    BOOST_TEST(!matches("a\\.b", "axb"));
    BOOST_TEST(matches("a.b", "axb"));
    BOOST_TEST(matches("100%", "load 100%"));
    BOOST_TEST(matches("x}y]", "x}y]"));   // '}' and ']' alone are literals
    // An empty pattern matches anything (the checks decide what an empty receive means).
    BOOST_TEST(matches("", "whatever"));
    BOOST_TEST(ReceivePattern("").empty());
}

BOOST_AUTO_TEST_CASE(required_literal_is_conservative) {
    auto req = [](const char* p) { return ReceivePattern::required_literal(p); };
    BOOST_TEST(req("(.|\\n)*Test Page") == "Test Page");
    BOOST_TEST(req("[\\s\\S]*Test Page") == "Test Page");
    BOOST_TEST(req(".*\"status\":\"UP\"") == "\"status\":\"UP\"");
    BOOST_TEST(req("^HTTP/1\\.1 200") == "HTTP/1.1 200");
    BOOST_TEST(req("abcd*ef") == "abc");        // the quantified 'd' is optional
    BOOST_TEST(req("ab{2}cde") == "cde");
    BOOST_TEST(req("x[]a|b]yz") == "yz");       // '|' inside a class is no alternation
    BOOST_TEST(req("[[:alpha:]]+ ok!") == " ok!");
    BOOST_TEST(req("(a|b)cd") == "cd");
    // Unknown: alternation at the top, option settings, \Q, verbs, coded characters.
    for (const char* p : {"ok|fine", "(?i)test page", "\\Qa|b\\E", "a(*ACCEPT)bcd", "\\x41BC", "\\cABC",
                          "\\101BC", "\\p{L}xyz", "(?#c)abc", "(?x) a b c", "abc)"})
        BOOST_TEST(req(p) == "", p);
    // Sound where it answers: a subject with the literal is still matched by PCRE2.
    BOOST_TEST(matches("(a|b)cd", "bcd"));
    BOOST_TEST(!matches("(a|b)cd", "xcd"));
    BOOST_TEST(matches("a(*ACCEPT)bcd", "a"));
    BOOST_TEST(matches("\\x41BC", "ABC"));
}

BOOST_AUTO_TEST_CASE(shortcuts_agree_with_plain_pcre2_on_random_patterns) {
    // The literal find, the required-literal prefilter and the budget's callout must not
    // change a verdict: compare with PCRE2 run on the pattern as written (fixed seed).
    const char* tokens[] = {"a", "b", "c", "ab", "ba", "\\.", ".", "*", "+", "?", "|", "(", ")", "[ab]", "[^a]",
                            "{2}", "{", "}", "^", "$", "\\d", "\\b", "(?:", "(?i)", "(?=", "x", "\\x61", "A", "\n"};
    std::mt19937 rng(12345);
    int compared = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string pat;
        for (int n = 1 + (int)(rng() % 7); n > 0; --n) pat += tokens[rng() % std::size(tokens)];
        int err = 0;
        PCRE2_SIZE off = 0;
        pcre2_code* raw = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pat.data()), pat.size(), 0, &err, &off, nullptr);
        ReceivePattern p(pat);
        BOOST_TEST((raw == nullptr) == !p.error().empty(), pat);
        if (!raw) continue;
        pcre2_match_data* md = pcre2_match_data_create(1, nullptr);
        for (int k = 0; k < 20; ++k) {
            std::string subject;
            for (int len = (int)(rng() % 14); len > 0; --len) subject += "abcxA.2{}\n"[rng() % 10];
            int rc = pcre2_match(raw, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, md, nullptr);
            auto got = p.match(subject).status;
            BOOST_TEST((got == ReceiveMatch::matched) == (rc >= 0), "/" << pat << "/ on \"" << subject << "\"");
            ++compared;
        }
        pcre2_match_data_free(md);
        pcre2_code_free(raw);
    }
    BOOST_TEST(compared > 10000);
}

BOOST_AUTO_TEST_CASE(crash_cases_of_the_issue_match_on_large_pages) {
    ReceivePattern any_char("(.|\\n)*Test Page"), class_star("[\\s\\S]*Test Page"), dot_star(".*\"status\":\"UP\"");
#if defined(__x86_64__)
    BOOST_TEST(any_char.jit());   // Debian's libpcre2 has JIT on amd64
#endif
    for (std::size_t size : kSizes) {
        const std::string page = html_page(size), json = json_page(size);
        auto a = any_char.match(page);
        BOOST_TEST(a.ok(), size << ": " << a.reason);
        auto b = class_star.match(page);
        BOOST_TEST(b.ok(), size << ": " << b.reason);
        auto c = dot_star.match(json);
        BOOST_TEST(c.ok(), size << ": " << c.reason);
        // Without the phrase: no match, quickly (Perl's answer too), never a crash.
        const std::string without = html_page(size, false);
        BOOST_TEST(any_char.match(without).status == ReceiveMatch::no_match);
        BOOST_TEST(class_star.match(without).status == ReceiveMatch::no_match);
    }
    // The issue's JSON page: 130 KB, minified.
    BOOST_TEST(dot_star.match(json_page(130 * 1024)).ok());
    // Up to the largest subject a check reads.
    BOOST_TEST(any_char.match(html_page(ReceivePattern::kSubjectCap)).ok());
}

BOOST_AUTO_TEST_CASE(interpreter_fallback_matches_or_reports_its_limit) {
    ReceivePattern any_char("(.|\\n)*Test Page", Engine::interpreter), dot_star(".*\"status\":\"UP\"", Engine::interpreter);
    BOOST_TEST(!any_char.jit());
    BOOST_TEST(any_char.match(html_page(16 << 10)).ok());
    BOOST_TEST(any_char.match(html_page(128 << 10)).ok());
    BOOST_TEST(dot_star.match(json_page(1 << 20)).ok());
    // (.|\n)* takes ~480 bytes of frames per character in the interpreter: 1 MB is over
    // its heap limit, which is a failed check with the reason, not a crash.
    auto big = any_char.match(html_page(1 << 20));
    BOOST_TEST(big.status == ReceiveMatch::error);
    BOOST_TEST(big.reason.find(ReceivePattern::kLimitReason) == 0u, big.reason);
}

BOOST_AUTO_TEST_CASE(catastrophic_pattern_hits_the_match_limit) {
    const std::string subject = std::string(40, 'a') + "b";
    for (Engine e : {Engine::best, Engine::interpreter}) {
        auto r = ReceivePattern("(a+)+$", e).match(subject);
        BOOST_TEST(r.status == ReceiveMatch::error);
        BOOST_TEST(r.reason == ReceivePattern::kLimitReason);
        // The next match on the same thread is unaffected.
        BOOST_TEST(ReceivePattern("(a+)+b", e).match(subject).ok());
    }
    // A pattern can lower the limit, never raise it.
    auto low = ReceivePattern("(*LIMIT_MATCH=1000)(a+)+$").match(std::string(20, 'a') + "b");
    BOOST_TEST(low.reason == ReceivePattern::kLimitReason);
    auto high = ReceivePattern("(*LIMIT_MATCH=4000000000)(a+)+$").match(subject);
    BOOST_TEST(high.reason == ReceivePattern::kLimitReason);
}

BOOST_AUTO_TEST_CASE(slow_failure_at_every_start_position_stops_at_the_time_budget) {
    // The phrase is there but not at the end: each of 128K start positions fails after a
    // walk to the end (minutes in all); the match limit counts per position.
    const std::string page = html_page(128 << 10);
    for (Engine e : {Engine::best, Engine::interpreter}) {
        auto t0 = std::chrono::steady_clock::now();
        auto r = ReceivePattern("(.|\\n)*Test Page$", e).match(page);
        auto took = std::chrono::steady_clock::now() - t0;
        BOOST_TEST(r.status == ReceiveMatch::error);
        BOOST_TEST(r.reason == std::string(ReceivePattern::kLimitReason) + " (time: 200 ms)");
        BOOST_TEST(took < std::chrono::seconds(2));   // a bound on the damage, not a speed target
    }
    // The callout that watches the clock leaves the pattern's meaning alone.
    BOOST_TEST(matches("(*LIMIT_MATCH=100000)(*CRLF)^ok$", "ok\r\n"));
    BOOST_TEST(matches("^ok", "ok"));
    BOOST_TEST(!matches("^ok", "x\nok"));
    BOOST_TEST(matches("(?C5)a(?C6)b", "ab"));
    BOOST_TEST(matches("{2}x", "a{2}x") == matches("a{2}x", "a{2}x"));
}

BOOST_AUTO_TEST_CASE(invalid_pattern_gives_its_error) {
    for (const char* bad : {"([unclosed", "(", "a{2,1}", "(?<=a+)b", "\\", "[z-a]", "(?P<n>x)(?P<n>y)"}) {
        ReceivePattern p(bad);
        BOOST_TEST(p.error().find("invalid receive regex: ") == 0u, bad << ": " << p.error());
        BOOST_TEST(p.error().find("at offset") != std::string::npos, p.error());
        auto r = p.match("anything");
        BOOST_TEST(r.status == ReceiveMatch::error);
        BOOST_TEST(r.reason == p.error());
        BOOST_TEST(ReceivePattern::check(bad) == p.error());
    }
    BOOST_TEST(ReceivePattern("(([unclosed").error() == "invalid receive regex: missing terminating ] for character class at offset 11");
    BOOST_TEST(ReceivePattern::check("(?<=status: )up").empty());
}

BOOST_AUTO_TEST_SUITE_END()

// --- directord -t: every pattern a check uses is compiled, a bad one is an error.

BOOST_AUTO_TEST_SUITE(config_receive)

namespace {
directord::ParseResult parse(const std::string& text) { return directord::parse_config(text, "t.cf", cfgtest::FakeResolver{}); }
} // namespace

BOOST_AUTO_TEST_CASE(bad_virtual_receive_is_an_error_on_its_line) {
    auto r = parse("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n\tservice=http\n\treceive=\"(unclosed\"\n\tchecktype=negotiate\n");
    BOOST_TEST(!r.config);
    BOOST_REQUIRE(r.errors.size() == 1u);
    BOOST_TEST(r.errors[0].line == 4);
    BOOST_TEST(r.errors[0].str() ==
               "t.cf:4: receive \"(unclosed\": invalid receive regex: missing closing parenthesis at offset 9");
}

BOOST_AUTO_TEST_CASE(bad_per_real_receive_is_an_error_on_the_real_line) {
    auto r = parse("virtual=10.0.0.1:80\n\tservice=http\n\treal=10.0.0.2->10.0.0.4:80 gate \"/x\", \"a[\"\n");
    BOOST_TEST(!r.config);
    BOOST_REQUIRE(r.errors.size() == 1u);   // one for the line, not one per real of the range
    BOOST_TEST(r.errors[0].line == 3);
    BOOST_TEST(r.errors[0].message.find("invalid receive regex") != std::string::npos, r.errors[0].message);
}

BOOST_AUTO_TEST_CASE(unused_bad_receive_is_a_warning) {
    // smtp never looks at receive: ldirectord never compiles it either.
    auto r = parse("virtual=10.0.0.1:25\n\treal=10.0.0.2:25 gate\n\tservice=smtp\n\treceive=\"(\"\n");
    BOOST_TEST(r.errors.empty());
    BOOST_REQUIRE(r.config);
    bool warned = false;
    for (const auto& w : r.warnings)
        warned |= w.line == 4 && w.message.find("unused: service smtp") != std::string::npos;
    BOOST_TEST(warned);
}

BOOST_AUTO_TEST_CASE(perl_only_patterns_pass) {
    auto r = parse("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n\tservice=http\n\treceive=\"(?i)\\Atest page(?<=page)\"\n");
    BOOST_TEST(r.errors.empty());
    BOOST_TEST(r.config.has_value());
}

BOOST_AUTO_TEST_CASE(long_config_lines_do_not_crash_the_parser) {
    // std::regex recursed per character on these: 200 KB lines overflowed the stack.
    const std::string big(200000, 'a');
    auto real = parse("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate \"/a\", \"" + big + "\"\n\tservice=http\n");
    BOOST_TEST(real.errors.empty());
    BOOST_REQUIRE(real.config);
    BOOST_TEST(real.config->virtuals.at(0).reals.at(0).receive->size() == big.size());
    auto host = parse("virtual=10.0.0.1:80\n\treal=" + big + ":80 gate\n");
    BOOST_TEST(!host.errors.empty());   // cannot resolve: an error, not a crash
    auto virt = parse("virtual=" + big + ":80\n\treal=10.0.0.2:80 gate\n");
    BOOST_TEST(!virt.errors.empty());
    auto fallback = parse("fallback=" + big + ":80 gate\nvirtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n");
    BOOST_TEST(!fallback.errors.empty());
}

BOOST_AUTO_TEST_SUITE_END()

// --- an http check on a large page.

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// Answers every connection with one fixed 200 reply, then closes.
class PageServer {
public:
    PageServer(asio::io_context& io, std::string body) : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        reply_ = std::make_shared<std::string>("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " +
                                               std::to_string(body.size()) + "\r\n\r\n" + body);
        accept();
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

private:
    void accept() {
        acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
            if (ec) return;
            auto sock = std::make_shared<tcp::socket>(std::move(s));
            auto buf = std::make_shared<asio::streambuf>();
            auto reply = reply_;
            asio::async_read_until(*sock, *buf, "\r\n\r\n", [sock, buf, reply](boost::system::error_code ec, std::size_t) {
                if (ec) return;
                asio::async_write(*sock, asio::buffer(*reply), [sock, reply](boost::system::error_code, std::size_t) {
                    boost::system::error_code ignored;
                    sock->shutdown(tcp::socket::shutdown_both, ignored);
                });
            });
            accept();
        });
    }
    tcp::acceptor acceptor_;
    std::shared_ptr<std::string> reply_;
};

directord::checks::CheckResult http_check(asio::io_context& io, std::uint16_t port, const std::string& receive) {
    directord::checks::CheckSpec s;
    s.kind = directord::checks::CheckSpec::Kind::negotiate;
    s.service = "http";
    s.addr = *ha::Address::parse("127.0.0.1");
    s.port = port;
    s.url = "http://127.0.0.1:" + std::to_string(port) + "/";
    s.host = "127.0.0.1";
    s.receive = receive;
    s.negotiatetimeout = std::chrono::seconds(5);
    return fakes::run_once(io, std::make_unique<directord::checks::HttpProbe>(io.get_executor(), s, std::shared_ptr<boost::asio::ssl::context>()),
                           s.negotiatetimeout);
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks_http_receive)

BOOST_AUTO_TEST_CASE(large_page_with_the_crash_patterns_is_up) {
    asio::io_context io;
    PageServer srv(io, html_page(128 << 10));
    for (const char* p : {"(.|\\n)*Test Page", "[\\s\\S]*Test Page", "(?s).*Test Page", "Test Page"}) {
        auto r = http_check(io, srv.port(), p);
        BOOST_TEST(r.up, p << ": " << r.reason);
    }
    auto miss = http_check(io, srv.port(), "(.|\\n)*Other Page");
    BOOST_TEST(!miss.up);
    BOOST_TEST(miss.reason == "200 OK, but the body does not match receive");
}

BOOST_AUTO_TEST_CASE(runaway_pattern_is_down_with_the_limit_reason) {
    asio::io_context io;
    PageServer srv(io, std::string(40, 'a') + "b");
    auto r = http_check(io, srv.port(), "(a+)+$");
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason == "200 OK: receive pattern exceeded its match limit");
}

BOOST_AUTO_TEST_SUITE_END()
