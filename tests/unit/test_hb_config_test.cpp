// heartbeatd -t: what the three files name must exist on this node.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "heartbeatd/daemon/config_test.hpp"

using namespace hb::daemon;

namespace {

LoadedConfig loaded(const char* hacf, const char* hares) {
    LoadedConfig c;
    c.dir = "/etc/ha.d";
    c.local = "nodea";
    auto cf = hb::config::parse_ha_cf(hacf);
    BOOST_REQUIRE_MESSAGE(cf.ok(), cf.diagnostics.str());
    c.cf = cf.config;
    auto hr = hb::config::parse_haresources(hares);
    BOOST_REQUIRE_MESSAGE(hr.ok(), hr.diagnostics.str());
    c.groups = hr.groups;
    return c;
}

// A node with eth0 and lo, IPaddr2 and apache in resource.d, an init.d script without +x.
SystemView fake() {
    SystemView v;
    v.script = [](const std::string& p) {
        static const std::set<std::string> ok{"/etc/ha.d/resource.d/IPaddr2", "/etc/ha.d/resource.d/IPaddr",
                                              "/etc/init.d/apache2"};
        if (ok.count(p)) return SystemView::Script::ok;
        if (p == "/etc/init.d/noexec") return SystemView::Script::not_executable;
        return SystemView::Script::missing;
    };
    v.interface_exists = [](const std::string& n) { return n == "eth0" || n == "lo"; };
    return v;
}

bool mentions(const std::vector<hb::config::Diagnostic>& d, const std::string& text) {
    return std::any_of(d.begin(), d.end(), [&](auto& x) { return x.str().find(text) != std::string::npos; });
}

const std::vector<std::string> kDirs{"/etc/ha.d/resource.d", "/etc/init.d"};

} // namespace

BOOST_AUTO_TEST_SUITE(hb_config_test)

BOOST_AUTO_TEST_CASE(a_good_setup_has_no_problem) {
    auto c = loaded("node nodea nodeb\nbcast eth0\n", "nodea 10.0.0.10/24/eth0 IPaddr2::10.0.0.11/24 apache2\n");
    auto d = check_setup(c, kDirs, fake());
    BOOST_TEST(d.empty());
    BOOST_TEST(setup_summary(c).find("1 group(s), 3 resource(s)") != std::string::npos, setup_summary(c));
}

BOOST_AUTO_TEST_CASE(every_problem_is_named_with_its_file_and_line) {
    auto c = loaded("node nodea nodeb\nbcast eth0\nbcast eth9\n",
                    "nodea IPaddr2::10.0.0.300/24 missing_script\n"
                    "nodeb noexec IPaddr::10.0.0.12/40/eth7 IPv6addr::10.0.0.1/64\n");
    auto d = check_setup(c, kDirs, fake());
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:3: interface 'eth9' does not exist"));
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:1: IPaddr2::10.0.0.300/24: '10.0.0.300' is not an IPv4 address"));
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:1: missing_script: no script 'missing_script' in /etc/ha.d/resource.d or /etc/init.d"));
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:2: noexec: /etc/init.d/noexec is not executable"));
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:2: IPaddr::10.0.0.12/40/eth7: '40' is not a prefix length"));
    BOOST_TEST(mentions(d, "interface 'eth7' does not exist"));
    BOOST_TEST(mentions(d, "IPv6addr::10.0.0.1/64: '10.0.0.1' is not an IPv6 address"));
    BOOST_TEST(mentions(d, "no script 'IPv6addr'"));
    BOOST_TEST(d.size() == 8u);
}

// The address of IPv6addr holds "::", which haresources reads as argument separators.
BOOST_AUTO_TEST_CASE(an_ipv6addr_with_double_colons_is_one_address) {
    auto c = loaded("node nodea nodeb\nbcast eth0\n",
                    "nodea IPaddr2::10.0.0.11/24 IPv6addr::2001:db8::10/64/eth0 IPv6addr::fd00::1\n"
                    "nodeb IPaddr2::10.0.0.12/24 IPv6addr::2001:db8::11/64/eth9 IPv6addr::2001:db8::12/129\n");
    auto v = fake();
    auto script = v.script;
    v.script = [script](const std::string& p) {
        return p == "/etc/ha.d/resource.d/IPv6addr" ? SystemView::Script::ok : script(p);
    };
    auto d = check_setup(c, kDirs, v);
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:2: IPv6addr::2001:db8::11/64/eth9: interface 'eth9' does not exist"));
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:2: IPv6addr::2001:db8::12/129: '129' is not a prefix length"));
    BOOST_TEST(d.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
