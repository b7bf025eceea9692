// Boost.Test entry point. A global observer prints one plain line per test case
// ("PASS suite/name" or "FAIL suite/name") that tests/run-all.sh counts.
#define BOOST_TEST_MODULE ha_suite
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>
#include <boost/test/results_collector.hpp>
#include <boost/test/tree/observer.hpp>
#include <boost/test/framework.hpp>

#include <cstdio>

namespace {

namespace utf = boost::unit_test;

struct PlainLines : utf::test_observer {
    void test_unit_finish(const utf::test_unit& tu, unsigned long) override {
        if (tu.p_type != utf::TUT_CASE) return;
        const auto& r = utf::results_collector.results(tu.p_id);
        std::printf("%s %s\n", r.passed() ? "PASS" : "FAIL", tu.full_name().c_str());
        std::fflush(stdout);
    }
    void test_unit_skipped(const utf::test_unit& tu, utf::const_string reason) override {
        if (tu.p_type != utf::TUT_CASE) return;
        std::printf("SKIP %s: %.*s\n", tu.full_name().c_str(), (int)reason.size(), reason.begin());
    }
};

struct Register {
    PlainLines obs;
    Register() { utf::framework::register_observer(obs); }
    ~Register() { utf::framework::deregister_observer(obs); }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(Register);
