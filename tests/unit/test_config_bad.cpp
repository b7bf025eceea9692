// Configs ldirectord 4.12 rejects: each must be rejected with ldirectord's line number
// (the first error) and our message.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "tests/unit/config_fake.hpp"

namespace {

struct Bad {
    const char* name;
    const char* text;
    int line;
    const char* message;
};

const Bad kBad[] = {
    // --- lexical rules
    {"typo_global", "chekinterval=5\n", 1,
     R"(unknown directive "chekinterval" (did you mean "checkinterval"?))"},
    {"inline_comment_yes_no", "quiescent=no # x\n", 1,
     R"(quiescent must be yes or no, not "no # x" (ldirectord reads the whole rest of the line: remove the trailing blanks or comment))"},
    {"indented_global", "  quiescent=no\n", 1,
     R"(unknown directive "quiescent" (global directives must start in column 0; a virtual section ends at its first empty or unindented line))"},
    {"blank_line_ends_block", "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n\n\treal=10.0.0.3:80 gate\n", 4,
     R"(unknown directive "real" (an indented line outside a virtual section: a virtual section ends at its first empty or unindented line))"},
    {"blanks_line_in_block", "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n     \n", 3,
     R"(unknown directive "     " (a line of blanks inside a virtual section; end a section with an empty line))"},
    {"three_space_indent", "virtual=10.0.0.1:80\n   real=10.0.0.2:80 gate\n", 2,
     R"(unknown directive "real" (an indented line outside a virtual section: a virtual section ends at its first empty or unindented line))"},
    {"crlf_yes_no", "quiescent=no\r\n", 1, R"(quiescent must be yes or no, not "no\r" (ldirectord reads the whole rest of the line: remove the trailing blanks or comment))"},
    {"ini_section", "[vip]\n", 1, R"(unknown directive "[vip]" (expected key=value))"},
    {"missing_equals", "quiescent no\n", 1, R"(unknown directive "quiescent no" (missing "=" after quiescent))"},
    {"section_key_at_global", "service=http\n", 1,
     R"(unknown directive "service" (service is only valid inside a virtual section, indented))"},
    // --- deprecated
    {"connecttimeout_global", "connecttimeout=5\n", 1,
     "connecttimeout is deprecated and no longer accepted: use negotiatetimeout"},
    {"connecttimeout_section", "virtual=10.0.0.1:80\n\tconnecttimeout=5\n", 2,
     "connecttimeout is deprecated and no longer accepted: use negotiatetimeout"},
    {"timeout_global", "timeout=5\n", 1,
     "timeout is deprecated and no longer accepted: use checktimeout and negotiatetimeout"},
    {"timeout_section", "virtual=10.0.0.1:80\n\ttimeout=5\n", 2,
     R"(unknown directive "timeout" (deprecated: use checktimeout and negotiatetimeout))"},
    // --- global values
    {"checktimeout_zero", "checktimeout=0\n", 1, R"(checktimeout must be a number greater than 0, not "0")"},
    {"checktimeout_00_global", "checktimeout=00\n", 1, R"(checktimeout must be a number greater than 0, not "00")"},
    {"negotiatetimeout_word", "negotiatetimeout=abc\n", 1, R"(negotiatetimeout must be a number greater than 0, not "abc")"},
    {"checkinterval_zero", "checkinterval=0\n", 1, R"(checkinterval must be a number greater than 0, not "0")"},
    {"failurecount_word", "failurecount=x\n", 1, R"(failurecount must be a number greater than 0, not "x")"},
    {"autoreload_maybe", "autoreload=maybe\n", 1, R"(autoreload must be yes or no, not "maybe")"},
    {"fork_capital", "fork=Yes\n", 1, R"(fork must be yes or no, not "Yes")"},
    {"supervised_one", "supervised=1\n", 1, R"(supervised must be yes or no, not "1")"},
    {"readdquiescent_empty", "readdquiescent=\n", 1, R"(readdquiescent must be yes or no, not "")"},
    {"cleanstop_trailing_blank", "cleanstop=no \n", 1,
     R"(cleanstop must be yes or no, not "no " (ldirectord reads the whole rest of the line: remove the trailing blanks or comment))"},
    {"smtp_quoted", "smtp=\"mail.example.com\"\n", 1,
     R"(smtp must be a host name or address (letters, digits and ._+-, no quotes), not "\"mail.example.com\"")"},
    {"callback_unquoted", "callback=/usr/local/bin/cb\n", 1,
     R"(unknown directive "callback" (callback needs a double-quoted value: callback="..."))"},
    {"logfile_missing_dir", "logfile=\"/nonexistent/ld.log\"\n", 1,
     "cannot open logfile /nonexistent/ld.log: No such file or directory"},
    {"emailalertstatus_unknown", "emailalertstatus=all,bogus\n", 1,
     R"(unknown emailalertstatus "bogus" (expected all, none, starting, running, stopping or reloading))"},
    {"emailalertstatus_none_mix", "emailalertstatus=none,running\n", 1,
     R"(emailalertstatus "running" cannot be combined with none)"},
    {"emailalert_empty", "emailalert=\"\"\n", 1, "emailalert needs at least one address"},
    {"emailalertfreq_word", "emailalertfreq=abc\n", 1, R"(emailalertfreq must be a number of seconds, not "abc")"},
    {"emailalertfrom_empty", "emailalertfrom=\n", 1, "emailalertfrom needs an address"},
    {"fallback_bad_method", "fallback=10.0.0.9:80 route\n", 1,
     R"(forwarding method of the fallback server must be gate, masq or ipip, not "route")"},
    {"fallback_unresolved", "fallback=nohost:80\n", 1, R"(cannot resolve fallback server "nohost" as an IPv4 address)"},
    {"fallback_bad_port", "fallback=10.0.0.9:nosuchsvc\n", 1,
     R"(invalid fallback server port "nosuchsvc" (not a number from 1 to 65535 nor a known tcp service))"},
    // A global fallback is resolved for tcp and for udp: a tcp-only name fails.
    {"global_fallback_tcp_only_name", "fallback=10.0.0.9:www\n", 1,
     R"(invalid fallback server port "www" (not a number from 1 to 65535 nor a known udp service))"},
    {"fallback6_v4_address", "fallback6=10.0.0.9\n", 1, R"(cannot resolve fallback server "10.0.0.9" as an IPv6 address)"},
    // --- virtual=
    {"virtual_v6_needs_virtual6", "virtual=[2001:db8::1]:80\n", 1, "an IPv6 virtual service needs virtual6=, not virtual="},
    {"virtual6_bad_address", "virtual6=[2001:db8:::1]:80\n", 1, R"(invalid IPv6 address "2001:db8:::1" for the virtual service)"},
    {"virtual_garbage", "virtual=@home\n", 1,
     R"(virtual service "@home" must be address:port, host:port, [IPv6]:port (virtual6) or a firewall mark number)"},
    {"virtual_unresolved_host", "virtual=nohost:80\n\treal=10.0.0.2:80 gate\n", 1,
     R"(cannot resolve virtual service "nohost:80" (unknown host))"},
    {"virtual_unknown_port", "virtual=10.0.0.1:nosvc\n", 1, R"(cannot resolve virtual service "10.0.0.1:nosvc" (unknown tcp port))"},
    {"virtual_port_too_big", "virtual=10.0.0.1:65536\n", 1, R"(cannot resolve virtual service "10.0.0.1:65536" (unknown tcp port))"},
    {"duplicate_virtual", "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n\nvirtual=10.0.0.1:http\n\treal=10.0.0.3:80 gate\n\n", 6,
     "duplicate virtual service tcp:10.0.0.1:80 (virtual= at line 4, first defined at line 1)"},
    {"duplicate_virtual_at_eof", "virtual=5\n\treal=10.0.0.2 gate\nvirtual=5\n\treal=10.0.0.3 gate", 4,
     "duplicate virtual service fwm:5 (virtual= at line 3, first defined at line 1)"},
    // --- real=
    {"real6_under_virtual", "virtual=10.0.0.1:80\n\treal6=[2001:db8::2]:80 gate\n", 2,
     "real6 cannot be used in a virtual section: use real"},
    {"real_under_virtual6", "virtual6=[2001:db8::1]:80\n\treal=10.0.0.2:80 gate\n", 2,
     "real cannot be used in a virtual6 section: use real6"},
    {"real_without_method", "virtual=10.0.0.1:80\n\treal=10.0.0.2:80\n", 2,
     R"(real server "10.0.0.2:80" must be host[:port] followed by gate, masq or ipip)"},
    {"real_bad_method", "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 route\n", 2,
     R"(forwarding method of real server "10.0.0.2:80" must be gate, masq or ipip, not "route")"},
    {"real_unresolved", "virtual=10.0.0.1:80\n\treal=nohost:80 gate\n", 2, R"(cannot resolve real server address "nohost")"},
    {"real_bad_port", "virtual=10.0.0.1:80\n\treal=10.0.0.2:99999 gate\n", 2,
     R"(invalid real server port "99999" (not a number from 0 to 65535 nor a known service))"},
    {"real_range_unresolved_end", "virtual=10.0.0.1:80\n\treal=10.0.0.2->nohost:80 gate\n", 2,
     R"(cannot resolve the last address "nohost" of the real server range)"},
    {"real_range_backwards", "virtual=10.0.0.1:80\n\treal=10.0.0.5->10.0.0.2:80 gate\n", 2,
     "real server range 10.0.0.5->10.0.0.2 runs backwards: the first address must not be above the last"},
    {"real_range_ipv6", "virtual6=[2001:db8::1]:80\n\treal6=[2001:db8::2]->[2001:db8::3]:80 gate\n", 2,
     "real server ranges are not supported for IPv6"},
    {"real_trailing_junk", "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate 5 junk\n", 2,
     R"(unexpected text " junk" in real server line)"},
    {"real_weight_from_quotes", "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate \"/\", \"HTTP 200\"\n", 2,
     R"(unexpected text "\"" in real server line (ldirectord took the number inside the quotes as the weight: give the weight before the quoted strings))"},
    // --- section values
    {"request_unquoted", "virtual=10.0.0.1:80\n\trequest=/index.html\n", 2,
     R"(unknown directive "request" (request needs a double-quoted value: request="/index.html"))"},
    {"hash_inside_quotes", "virtual=10.0.0.1:80\n\treceive=\"a#b\"\n", 2,
     R"(unknown directive "receive" (receive needs a double-quoted value and "#" starts a comment even inside quotes, which cut off the closing quote))"},
    {"receive_empty", "virtual=10.0.0.1:80\n\treceive=\"\"\n", 2, "receive needs a non-empty receive string"},
    {"login_empty", "virtual=10.0.0.1:80\n\tlogin=\"\"\n", 2, "login needs a non-empty login"},
    {"checktype_bogus", "virtual=10.0.0.1:80\n\tchecktype=http\n", 2,
     R"(checktype must be connect, negotiate, ping, on, off, external, external-perl or a number, not "http")"},
    {"checktype_uppercase", "virtual=10.0.0.1:80\n\tchecktype=Connect\n", 2,
     R"(checktype must be connect, negotiate, ping, on, off, external, external-perl or a number, not "Connect")"},
    {"checkcommand_empty", "virtual=10.0.0.1:80\n\tcheckcommand=\n", 2, "checkcommand needs a command"},
    {"checkcount_zero_section", "virtual=10.0.0.1:80\n\tcheckcount=0\n", 2, R"(checkcount must be a number greater than 0, not "0")"},
    {"checkport_zero", "virtual=10.0.0.1:80\n\tcheckport=0\n", 2, "checkport must be between 1 and 65535, not 0"},
    {"checkport_word", "virtual=10.0.0.1:80\n\tcheckport=http\n", 2, R"(checkport must be a port number, not "http")"},
    {"scheduler_uppercase", "virtual=10.0.0.1:80\n\tscheduler=WRR\n", 2,
     R"(scheduler must be a name in lowercase letters (such as wrr), not "WRR")"},
    {"persistent_word", "virtual=10.0.0.1:80\n\tpersistent=forever\n", 2, R"(persistent must be a number of seconds, not "forever")"},
    {"netmask_trailing_blank", "virtual=10.0.0.1:80\n\tnetmask=255.255.255.0 \n", 2,
     R"(netmask must be a dotted quad such as 255.255.255.0, not "255.255.255.0 ")"},
    {"netmask_v6_too_long", "virtual6=[2001:db8::1]:80\n\tnetmask=129\n", 2,
     R"(netmask of a virtual6 service must be a prefix length from 1 to 128, not "129")"},
    {"protocol_sctp", "virtual=10.0.0.1:80\n\tprotocol=sctp\n", 2,
     R"(protocol of an address:port virtual service must be tcp or udp, not "sctp")"},
    {"protocol_tcp_on_fwmark", "virtual=7\n\tprotocol=tcp\n", 2,
     R"(protocol of a firewall-mark virtual service must be fwm, not "tcp")"},
    {"ops_on", "virtual=10.0.0.1:53\n\tops=on\n", 2, R"(ops must be yes or no, not "on")"},
    {"service_custom", "virtual=10.0.0.1:80\n\tservice=pingpong_master\n", 2,
     R"(unknown service "pingpong_master" (ldirectord knows dns, ftp, http, https, http_proxy, imap, imaps, ldap, ldaps, mysql, nntp, none, oracle, pgsql, pop, pops, radius, simpletcp, sip, smtp, submission))"},
    {"service_typo", "virtual=10.0.0.1:80\n\tservice=htp\n", 2,
     R"(unknown service "htp" (ldirectord knows dns, ftp, http, https, http_proxy, imap, imaps, ldap, ldaps, mysql, nntp, none, oracle, pgsql, pop, pops, radius, simpletcp, sip, smtp, submission); did you mean "http"?)"},
    {"httpmethod_post", "virtual=10.0.0.1:80\n\thttpmethod=POST\n", 2, R"(httpmethod must be GET or HEAD, not "POST")"},
    {"fallback6_in_virtual", "virtual=10.0.0.1:80\n\tfallback6=[2001:db8::9]:80\n", 2,
     "fallback6 cannot be used in a virtual section: use fallback"},
    {"fallback_named_port_on_fwmark", "virtual=7\n\treal=10.0.0.2 gate\n\tfallback=10.0.0.9:http\n", 3,
     R"(invalid fallback server port "http" (a firewall-mark service can only use numbers))"},
    {"monitorfile_missing_dir", "virtual=10.0.0.1:80\n\tmonitorfile=/nonexistent/m.log\n", 2,
     "cannot open monitorfile /nonexistent/m.log: No such file or directory"},
    {"global_only_key_in_section", "virtual=10.0.0.1:80\n\temailalertfrom=a@b\n", 2,
     R"(unknown directive "emailalertfrom" (emailalertfrom is a global directive: write it in column 0, outside the virtual section))"},
    {"typo_section", "virtual=10.0.0.1:80\n\tshceduler=wlc\n", 2,
     R"(unknown directive "shceduler" (did you mean "scheduler"?))"},
    {"section_smtp_bad", "virtual=10.0.0.1:80\n\tsmtp=@x\n", 2,
     R"(smtp must be a host name or address (letters, digits and ._+-, no quotes), not "@x")"},
};


void check_bad(const Bad& b) {
    auto r = cfgtest::parse(b.text);
    BOOST_TEST(!r.config.has_value());
    BOOST_REQUIRE(!r.errors.empty());
    BOOST_TEST(r.errors[0].line == b.line);
    BOOST_TEST(r.errors[0].message == b.message);
    BOOST_TEST(r.errors[0].file == "t.cf");
}

// One named test case per sample (config_bad_samples/<name>), so a failure says which.
struct RegisterBad {
    RegisterBad() {
        namespace utf = boost::unit_test;
        auto* suite = BOOST_TEST_SUITE("config_bad_samples");
        for (const auto& b : kBad)
            suite->add(utf::make_test_case([&b] { check_bad(b); }, b.name, __FILE__, __LINE__));
        utf::framework::master_test_suite().add(suite);
    }
} register_bad;

} // namespace

BOOST_AUTO_TEST_SUITE(config_bad)

BOOST_AUTO_TEST_CASE(count_of_bad_samples) {
    BOOST_TEST(sizeof kBad / sizeof kBad[0] >= 40u);
}

// ldirectord reads a block's lines before resolving its reals: a bad line after a bad
// real is the first error even though its line number is larger.
BOOST_AUTO_TEST_CASE(block_lines_before_resolution) {
    auto r = cfgtest::parse("virtual=10.0.0.1:80\n\treal=nohost:80 gate\n\tchecktype=bogus\n");
    BOOST_REQUIRE(r.errors.size() == 2u);
    BOOST_TEST(r.errors[0].line == 3);
    BOOST_TEST(r.errors[1].line == 2);
}

// We go on after an error: every error of the file is reported.
BOOST_AUTO_TEST_CASE(collects_every_error) {
    auto r = cfgtest::parse("chekinterval=5\nquiescent=maybe\nvirtual=10.0.0.1:80\n\tscheduler=WRR\n\treal=10.0.0.2:80 route\n");
    BOOST_REQUIRE(r.errors.size() == 4u);
    BOOST_TEST(r.errors[0].line == 1);
    BOOST_TEST(r.errors[1].line == 2);
    BOOST_TEST(r.errors[2].line == 4);
    BOOST_TEST(r.errors[3].line == 5);
}

BOOST_AUTO_TEST_CASE(diagnostic_str) {
    auto r = cfgtest::parse("\n\nchekinterval=5\n");
    BOOST_REQUIRE(!r.errors.empty());
    BOOST_TEST(r.errors[0].str() ==
               R"(t.cf:3: unknown directive "chekinterval" (did you mean "checkinterval"?))");
    directord::Diagnostic d{"x.cf", 0, "cannot open file"};
    BOOST_TEST(d.str() == "x.cf: cannot open file");
}

// Found by tests/fuzz: the std::regex patterns of real=, fallback= and virtual= recurse per
// character; lines of ~32 KB overflowed the stack (SIGSEGV in `directord -t` and on reload).
BOOST_AUTO_TEST_CASE(huge_lines_parsed_not_crashing) {
    // std::regex recursed per character: a ~30 KB real=/fallback=/virtual= line was SIGSEGV in
    // -t and on reload. On PCRE2 a 1 MB line is read like any other (ldirectord has no limit).
    const std::string big(1 << 20, 'a');
    auto good = cfgtest::parse("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate 1 \"/" + big + "\", \"b\"\n");
    BOOST_TEST(good.errors.empty());
    BOOST_TEST(good.config.has_value());
    for (const std::string& text : {"fallback=10.0.0.2:80 " + big + "\n", "virtual=" + big + ":80\n\treal=10.0.0.2:80 gate\n"}) {
        auto r = cfgtest::parse(text);
        BOOST_TEST(!r.config);
        BOOST_REQUIRE(!r.errors.empty());
        BOOST_TEST(r.errors[0].line == 1);
    }
    // A long comment line is skipped and the rest of the file still checked.
    auto r = cfgtest::parse("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n#" + big + "\n\tchecktype=bogus\n");
    BOOST_REQUIRE(r.errors.size() == 1u);
    BOOST_TEST(r.errors[0].line == 4);
}

BOOST_AUTO_TEST_SUITE_END()
