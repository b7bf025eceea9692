// The service registry (directord/config/services.hpp): one row per service, and every
// reader of it (service=, the port guess, the check's port and time limit) agrees with it.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "directord/checks/check_spec.hpp"
#include "directord/config/services.hpp"
#include "tests/unit/config_fake.hpp"

using namespace directord;

BOOST_AUTO_TEST_SUITE(config_services)

BOOST_AUTO_TEST_CASE(names_and_ports_are_unique) {
    std::set<std::string_view> names;
    std::set<int> ports;
    for (const auto& s : services()) {
        BOOST_TEST(names.insert(s.name).second, "service listed twice: " << s.name);
        if (s.port) BOOST_TEST(ports.insert(s.port).second, "port of two services: " << s.port);
        BOOST_TEST(find_service(s.name) == &s);
    }
    BOOST_TEST(names.size() == 21u);   // the services of ldirectord 4.12
    BOOST_TEST(!find_service("gopher"));
}

BOOST_AUTO_TEST_CASE(service_line_accepts_every_row) {
    for (const auto& s : services()) {
        std::string name(s.name);
        Config c = cfgtest::good("virtual=10.0.0.1:80\n    real=10.0.0.2:80 gate\n    service=" + name + "\n");
        BOOST_TEST(c.virtuals.at(0).service == name);
        BOOST_TEST(c.virtuals.at(0).service_explicit);
    }
}

BOOST_AUTO_TEST_CASE(port_implies_the_service_as_written) {
    for (const auto& s : services()) {
        if (!s.port) continue;
        std::string port = std::to_string(s.port);
        Config c = cfgtest::good("virtual=10.0.0.1:" + port + "\n    real=10.0.0.2 gate\n");
        BOOST_TEST(c.virtuals.at(0).service == std::string(s.name), "port " << port);
        BOOST_TEST(!c.virtuals.at(0).service_explicit);
        BOOST_TEST(checks::service_port(std::string(s.name)) == s.port);
    }
    BOOST_TEST(service_of_port("080") == "none");   // compared as written
    BOOST_TEST(service_of_port("8080") == "none");
}

BOOST_AUTO_TEST_CASE(time_limit_sets_the_deadline) {
    for (const auto& s : services()) {
        checks::CheckSpec spec;
        spec.kind = checks::CheckSpec::Kind::negotiate;
        spec.service = std::string(s.name);
        spec.checktimeout = std::chrono::seconds(5);
        spec.negotiatetimeout = std::chrono::seconds(30);
        auto want = s.limit == TimeLimit::shorter_of_both ? 5 : 30;
        BOOST_TEST(spec.deadline().count() == want, s.name);
    }
    BOOST_TEST((find_service("radius")->limit == TimeLimit::shorter_of_both));
    BOOST_TEST((find_service("ldaps")->limit == TimeLimit::shorter_of_both));
    BOOST_TEST((find_service("http")->limit == TimeLimit::negotiatetimeout));
}

BOOST_AUTO_TEST_CASE(tls_rows) {
    std::set<std::string> tls;
    for (const auto& s : services())
        if (s.tls) tls.emplace(s.name);
    BOOST_TEST((tls == std::set<std::string>{"https", "imaps", "ldaps", "pops"}));
}

BOOST_AUTO_TEST_SUITE_END()
