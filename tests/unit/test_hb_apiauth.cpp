// ha.cf apiauth lines are parsed, and each is reported with its line as not acted on.
#include <boost/test/unit_test.hpp>

#include "heartbeatd/config/ha_cf.hpp"

BOOST_AUTO_TEST_SUITE(hb_apiauth)

BOOST_AUTO_TEST_CASE(apiauth_lines_are_reported_not_acted_on) {
    const char* text =
        "node alpha\n"
        "node beta\n"
        "bcast eth0\n"
        "apiauth ipfail uid=hacluster\n"
        "keepalive 1\n"
        "apiauth default gid=haclient\n";
    auto r = hb::config::parse_ha_cf(text);
    BOOST_TEST(r.ok(), r.diagnostics.str());
    BOOST_TEST(r.config.apiauth.size() == 2u);
    std::vector<int> lines;
    for (const auto& d : r.diagnostics.all())
        if (d.severity == hb::config::Severity::warning && d.message.find("not acted on") != std::string::npos) {
            lines.push_back(d.line);
            BOOST_TEST(d.message.find("apiauth") == 0u, d.message);
        }
    BOOST_TEST((lines == std::vector<int>{4, 6}), r.diagnostics.str());
    BOOST_TEST(r.diagnostics.str().find("ha.cf:4: ") != std::string::npos, r.diagnostics.str());
}

BOOST_AUTO_TEST_SUITE_END()
