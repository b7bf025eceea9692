// What ldirectord accepts but gets silently wrong: accepted exactly as it does, with a
// warning naming the line and what will really happen.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "tests/unit/config_fake.hpp"

using namespace directord;

namespace {

// Accepted, with exactly this warning on this line.
void expect_warning(const std::string& text, int line, const std::string& message) {
    auto r = cfgtest::parse(text);
    BOOST_TEST(r.errors.empty());
    BOOST_TEST(r.config.has_value());
    BOOST_TEST(cfgtest::has_warning(r, line, message), "got:\n" << cfgtest::warnings_text(r));
}

const char* kReal = "\treal=10.0.0.2:80 gate\n";

} // namespace

BOOST_AUTO_TEST_SUITE(config_warn)

BOOST_AUTO_TEST_CASE(double_colon_port_is_inet_aton) {
    std::string text = "virtual=192.168.6.240:5060\n\tprotocol=udp\n\tchecktype=connect\n"
                       "\treal=192.168.6.2::5060 gate\n";
    expect_warning(text, 4,
                   "real=192.168.6.2::5060 is read by ldirectord as real server 0.0.19.196 port 0 "
                   "(inet_aton(\"5060\")); write 192.168.6.2:5060");
    auto c = cfgtest::good(text);
    BOOST_TEST(c.virtuals[0].reals.at(0).addr.str() == "0.0.19.196");
    BOOST_TEST(c.virtuals[0].reals.at(0).port == 0);
}

BOOST_AUTO_TEST_CASE(bracket_range_is_one_odd_server) {
    std::string text = "virtual=10.0.0.1:80\n\treal=192.168.1.[1-3]:80 gate\n";
    expect_warning(text, 2,
                   "real=192.168.1.[1-3]:80 is read by ldirectord as real server 0.0.0.80 port 0 "
                   "(inet_aton(\"80\")) (ldirectord has no [a-b] ranges); write "
                   "192.168.1.1->192.168.1.3:80");
    auto c = cfgtest::good(text);
    BOOST_REQUIRE(c.virtuals[0].reals.size() == 1u);
    BOOST_TEST(c.virtuals[0].reals[0].addr.str() == "0.0.0.80");
}

BOOST_AUTO_TEST_CASE(quoted_thresholds_are_request_and_receive) {
    std::string text = "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate 2 \"l:10\" \"u:100\"\n";
    expect_warning(text, 2,
                   "real=10.0.0.2:80 is read by ldirectord with request \"/l:10\" and receive "
                   "\"u:100\", not as thresholds: write l:N u:N without quotes");
    auto r = cfgtest::good(text).virtuals[0].reals.at(0);
    BOOST_TEST(*r.request == "/l:10");
    BOOST_TEST(*r.receive == "u:100");
    BOOST_TEST(r.l_threshold == 0u);
    BOOST_TEST(r.u_threshold == 0u);
}

BOOST_AUTO_TEST_CASE(hash_inside_quotes_truncates) {
    std::string text = "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n\tvirtualhost=\"www.example.com#x\"\n";
    expect_warning(text, 3,
                   "\"#\" starts a comment even inside quotes: ldirectord reads "
                   "\"virtualhost=\\\"www.example.com\" and drops \"#x\\\"\"");
    BOOST_TEST(*cfgtest::good(text).virtuals[0].virtualhost == "www.example.com");
}

BOOST_AUTO_TEST_CASE(ftp_without_receive) {
    expect_warning("virtual=10.0.0.1:21\n\treal=10.0.0.2:21 gate\n", 1,
                   "virtual service tcp:10.0.0.1:21: an ftp check without receive= always succeeds "
                   "in ldirectord, even with no server; set receive=");
}

BOOST_AUTO_TEST_CASE(pop_without_login) {
    expect_warning("virtual=10.0.0.1:110\n\treal=10.0.0.2:110 gate\n", 1,
                   "virtual service tcp:10.0.0.1:110: a pop check without login= always succeeds in "
                   "ldirectord, even with no server; set login= and passwd=");
}

BOOST_AUTO_TEST_CASE(unknown_port_is_never_checked) {
    expect_warning("virtual=10.0.0.1:9312\n\treal=10.0.0.2:9312 gate\n", 1,
                   "virtual service tcp:10.0.0.1:9312 has no service= and port 9312 has no default "
                   "one: its real servers are never checked and always up; set service= or "
                   "checktype=connect");
    // With an explicit check type there is nothing to say.
    auto r = cfgtest::parse("virtual=10.0.0.1:9312\n\treal=10.0.0.2:9312 gate\n\tchecktype=connect\n");
    BOOST_TEST(r.warnings.empty(), cfgtest::warnings_text(r));
}

BOOST_AUTO_TEST_CASE(fwmark_without_service) {
    expect_warning("virtual=100\n\treal=10.0.0.2 gate\n", 1,
                   "firewall-mark virtual service fwm:100 has no service=: with checktype negotiate "
                   "its real servers are never checked and always up; set service= or "
                   "checktype=connect");
}

BOOST_AUTO_TEST_CASE(fwmark_gets_global_fallback) {
    std::string text = "fallback=10.0.0.9\nvirtual=100\n\treal=10.0.0.2 gate\n\tchecktype=connect\n";
    expect_warning(text, 2,
                   "firewall-mark virtual service 100 gets the global fallback 10.0.0.9:0: ldirectord "
                   "issues an invalid ipvsadm command for it (no address); directord installs it as "
                   "the fallback server");
    auto v = cfgtest::good(text).virtuals.at(0);
    BOOST_REQUIRE(v.fallback);
    BOOST_TEST(v.fallback->addr.str() == "10.0.0.9");
    BOOST_TEST(v.fallback->port == 0);
}

BOOST_AUTO_TEST_CASE(checkcount_is_deprecated) {
    expect_warning("checkcount=3\n", 1, "checkcount is deprecated and will be removed: use failurecount");
    expect_warning(std::string("virtual=10.0.0.1:80\n") + kReal + "\tcheckcount=3\n", 3,
                   "checkcount is deprecated and will be removed: use failurecount");
}

BOOST_AUTO_TEST_CASE(maintenancedir_missing) {
    expect_warning("maintenancedir=/srv/none\n", 1,
                   "maintenancedir /srv/none is not a directory: no real server will be put in "
                   "maintenance until it exists");
}

BOOST_AUTO_TEST_CASE(bare_supervised) {
    expect_warning("supervised\n", 1, "a bare \"supervised\" means supervised=yes: write supervised=yes");
}

BOOST_AUTO_TEST_CASE(checkinterval_in_section_without_fork) {
    expect_warning(std::string("virtual=10.0.0.1:80\n") + kReal + "\tcheckinterval=3\n", 3,
                   "checkinterval in virtual service tcp:10.0.0.1:80 is ignored when fork=no (the "
                   "global one applies)");
    auto r = cfgtest::parse(std::string("fork=yes\nvirtual=10.0.0.1:80\n") + kReal + "\tcheckinterval=3\n");
    BOOST_TEST(r.warnings.empty(), cfgtest::warnings_text(r));
}

BOOST_AUTO_TEST_CASE(netmask_without_persistent_and_ops_on_tcp) {
    std::string text = std::string("virtual=10.0.0.1:80\n") + kReal + "\tnetmask=255.255.255.0\n\tops=yes\n";
    expect_warning(text, 1, "virtual service tcp:10.0.0.1:80: netmask is only used together with "
                            "persistent=; it is ignored");
    expect_warning(text, 1, "virtual service tcp:10.0.0.1:80: ops=yes only applies to udp; it is ignored");
}

BOOST_AUTO_TEST_CASE(address_without_port_is_a_fwmark) {
    expect_warning("virtual=192.168.1.10\n\treal=10.0.0.2 gate\n\tchecktype=connect\n", 1,
                   "virtual=192.168.1.10 is read by ldirectord as firewall mark 192 (an address needs :port)");
}

BOOST_AUTO_TEST_CASE(real_listed_twice) {
    expect_warning("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n\treal=10.0.0.2:80 masq\n", 3,
                   "real server 10.0.0.2:80 is listed twice in virtual service tcp:10.0.0.1:80 (also at line 2)");
}

BOOST_AUTO_TEST_CASE(range_compared_as_strings) {
    std::string text = "virtual=10.0.0.1:80\n\treal=0.0.0.1->0.0.0.10:80 gate\n";
    expect_warning(text, 2,
                   "real server range 0.0.0.1->0.0.0.10 yields 1 of its 10 addresses in ldirectord "
                   "(it compares the addresses as decimal strings); split the range where the number "
                   "of digits changes");
    BOOST_TEST(cfgtest::good(text).virtuals[0].reals.size() == 1u);
}

BOOST_AUTO_TEST_CASE(text_skipped_before_weight) {
    std::string text = "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate junk 5\n";
    expect_warning(text, 2, "real=10.0.0.2:80: text \"junk\" before the weight is ignored by ldirectord");
    BOOST_TEST(cfgtest::good(text).virtuals[0].reals.at(0).weight == 5);
}

BOOST_AUTO_TEST_CASE(scheduler_partly_read) {
    expect_warning(std::string("virtual=10.0.0.1:80\n") + kReal + "\tscheduler=Wlc\n", 3,
                   "scheduler=Wlc is read by ldirectord as scheduler \"lc\"");
}

BOOST_AUTO_TEST_CASE(clean_config_has_no_warning) {
    auto r = cfgtest::parse("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n\treal=10.0.0.3:80 gate\n"
                            "\tservice=http\n\trequest=\"/health\"\n\treceive=\"OK\"\n");
    BOOST_TEST(r.warnings.empty(), cfgtest::warnings_text(r));
    BOOST_TEST(r.config->warnings.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(config_warn_quiet)

// A comment after a firewall mark is not a mis-parse.
BOOST_AUTO_TEST_CASE(fwmark_with_comment) {
    auto r = cfgtest::parse("virtual=5 # web farm\n\treal=10.0.0.2 gate\n\tchecktype=connect\n");
    BOOST_TEST(r.errors.empty());
    BOOST_TEST(r.warnings.empty(), cfgtest::warnings_text(r));
}

BOOST_AUTO_TEST_SUITE_END()
