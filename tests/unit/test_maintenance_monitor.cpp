// maintenancedir names and matching, maintenance in the health table, monitorfile lines.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/director/monitor_line.hpp"
#include "directord/health/health_table.hpp"
#include "directord/health/maintenance.hpp"

using namespace directord;
using namespace directord::health;
using Kind = HealthEvent::Kind;

namespace {

ha::Address ip(const char* s) { return *ha::Address::parse(s); }

Member member(std::size_t ri, const std::string& check, bool serving, bool static_up = false) {
    Member m;
    m.ref = {0, ri};
    m.check_key = check;
    m.static_up = static_up;
    m.serving_now = serving;
    m.state_key = "k" + std::to_string(ri) + check;
    return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(maintenance_monitor)

BOOST_AUTO_TEST_CASE(names_most_specific_first) {
    auto n = maintenance_names(ip("10.0.0.2"), 80, "web1.example.com");
    std::vector<std::string> want{"10.0.0.2:80", "10.0.0.2", "web1.example.com:80", "web1.example.com", "web1:80", "web1"};
    BOOST_TEST(n == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(names_ipv6_bracketed_and_no_short_for_uppercase) {
    auto n = maintenance_names(ip("2001:db8::2"), 443, "Web1.example.com");
    std::vector<std::string> want{"[2001:db8::2]:443", "[2001:db8::2]", "Web1.example.com:443", "Web1.example.com"};
    BOOST_TEST(n == want, boost::test_tools::per_element());
    auto bare = maintenance_names(ip("10.0.0.2"), 80, "");
    BOOST_TEST(bare.size() == 2u);
}

BOOST_AUTO_TEST_CASE(match_picks_the_first_present) {
    std::set<std::string> dir{"web1", "10.0.0.2"};
    auto m = maintenance_match(dir, maintenance_names(ip("10.0.0.2"), 80, "web1.example.com"));
    BOOST_REQUIRE(m);
    BOOST_TEST(*m == "10.0.0.2");
    BOOST_TEST(!maintenance_match(dir, maintenance_names(ip("10.0.0.3"), 80, "")));
}

BOOST_AUTO_TEST_CASE(names_needed_only_for_non_address_entries) {
    BOOST_TEST(!needs_names({"10.0.0.2:80", "10.0.0.3", "[2001:db8::1]:80", "[2001:db8::1]"}));
    BOOST_TEST(needs_names({"10.0.0.2", "web1"}));
    BOOST_TEST(needs_names({"web1:80"}));
}

BOOST_AUTO_TEST_CASE(maintenance_forces_down_ignores_results_then_next_result_decides) {
    HealthTable t;
    t.configure({member(0, "c", true), member(1, "c", true)});
    auto ev = t.set_maintenance({{RealRef{0, 0}, "10.0.0.2"}});
    BOOST_REQUIRE_EQUAL(ev.size(), 1u);
    BOOST_TEST((ev[0].kind == Kind::down));
    BOOST_TEST(ev[0].reason.find("maintenance") != std::string::npos);
    BOOST_TEST(!t.up({0, 0}));
    BOOST_TEST(t.up({0, 1}));
    // Results go on for the other real; the one in maintenance stays down.
    t.feed("c", true);
    BOOST_TEST(!t.up({0, 0}));
    // The same scan again changes nothing.
    BOOST_TEST(t.set_maintenance({{RealRef{0, 0}, "10.0.0.2"}}).empty());
    // Out of maintenance: still down until its next check says up.
    BOOST_TEST(t.set_maintenance({}).empty());
    BOOST_TEST(!t.up({0, 0}));
    t.feed("c", true);
    BOOST_TEST(t.up({0, 0}));
}

BOOST_AUTO_TEST_CASE(unchecked_real_takes_its_fixed_answer_back) {
    HealthTable t;
    t.configure({member(0, "", false, true)});
    BOOST_TEST(t.up({0, 0}));
    t.set_maintenance({{RealRef{0, 0}, "x"}});
    BOOST_TEST(!t.up({0, 0}));
    auto ev = t.set_maintenance({});
    BOOST_REQUIRE_EQUAL(ev.size(), 1u);
    BOOST_TEST((ev[0].kind == Kind::up));
    BOOST_TEST(t.up({0, 0}));
}

BOOST_AUTO_TEST_CASE(maintenance_survives_a_reload) {
    HealthTable t;
    t.configure({member(0, "c", true)});
    t.set_maintenance({{RealRef{0, 0}, "x"}});
    t.configure({member(0, "c", true)});
    BOOST_TEST(t.in_maintenance({0, 0}));
    BOOST_TEST(!t.up({0, 0}));
    t.feed("c", true);
    BOOST_TEST(!t.up({0, 0}));
}

BOOST_AUTO_TEST_CASE(monitor_id_and_line_as_ldirectord) {
    Virtual v;
    v.key.addr = ip("10.0.0.1");
    v.key.port = 80;
    v.key.protocol = IPPROTO_TCP;
    v.checktype = CheckType::connect;
    v.request = "/";
    Real r;
    r.addr = ip("127.0.0.3");
    r.port = 8080;
    r.fwd = ipvs::Fwd::masq;
    BOOST_TEST(monitor_real_id(v, r) == "connect tcp 127.0.0.3 8080 1 masq / ");
    v.checktype = CheckType::negotiate;
    v.service = "http";
    v.virtualhost = "www.example.com";
    v.receive = "a\\.b";
    BOOST_TEST(monitor_real_id(v, r) == "negotiate http tcp 127.0.0.3 8080 www.example.com 1 masq / a.b");

    std::tm tm{};
    tm.tm_year = 126; tm.tm_mon = 10; tm.tm_mday = 2; tm.tm_hour = 2; tm.tm_min = 5; tm.tm_sec = 9; tm.tm_isdst = -1;
    std::time_t t = std::mktime(&tm);
    BOOST_TEST(monitor_line(t, 42, "id", false, "50% down|x\r\n") == "[Mon Nov  2 02:05:09 2026] [42] id [down] 50%25 down%7Cx%0D%0A\n");
    BOOST_TEST(monitor_line(t, 42, "id", true, "") == "[Mon Nov  2 02:05:09 2026] [42] id [up] -\n");
}

BOOST_AUTO_TEST_SUITE_END()
