// The health engine end to end on loopback: checks run, health changes are reported
// once per change, the start-up rule uses the kernel table, reconfig keeps state.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "check_fakes.hpp"
#include "directord/director/desired.hpp"
#include "directord/health/engine.hpp"

using namespace directord;
using namespace directord::health;
using namespace std::chrono_literals;
using fakes::Mode;

namespace {

Config farm(std::uint16_t good, std::uint16_t bad) {
    Virtual v;
    v.key.addr = *ha::Address::parse("127.0.0.1");
    v.key.port = 80;
    v.text = "127.0.0.1:80";
    v.checktype = CheckType::negotiate;
    v.service = "http";
    v.negotiatetimeout = 2;
    for (auto port : {good, bad}) {
        Real r;
        r.addr = *ha::Address::parse("127.0.0.1");
        r.port = port;
        r.fwd = ipvs::Fwd::masq;
        v.reals.push_back(r);
    }
    Config c;
    c.path = "test.cf";
    c.checkinterval = 1;
    c.virtuals.push_back(v);
    return c;
}

template <class Pred>
bool run_until(boost::asio::io_context& io, Pred done, std::chrono::seconds limit = 15s) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < until) {
        io.restart();
        io.run_for(20ms);
    }
    return done();
}

} // namespace

BOOST_AUTO_TEST_SUITE(health_engine)

BOOST_AUTO_TEST_CASE(checks_feed_health_and_changes_are_coalesced) {
    boost::asio::io_context io;
    fakes::HttpServer good(io, {}), bad(io, {{"/", Mode::status500}});
    Config c = farm(good.port(), bad.port());
    EngineOptions opt;
    opt.spread_start = false;
    Engine e(io, opt);
    int changes = 0;
    std::vector<std::string> lines;
    e.on_change([&] { ++changes; });
    e.on_event([&](const HealthEvent&, const std::string& text) { lines.push_back(text); });
    e.configure(c, {});
    BOOST_TEST(e.checks_running() == 2u);
    BOOST_TEST(!e.up(0, 0));   // not in the kernel: waits for its first success
    auto settled = [&] {
        auto s = e.table().state({0, 1});
        return e.up(0, 0) && s && s->phase() == RealState::Phase::down;
    };
    BOOST_REQUIRE(run_until(io, settled));
    BOOST_TEST(changes >= 1);
    BOOST_TEST(e.health()(0, 0));
    BOOST_TEST(!e.health()(0, 1));
    // The failing real never was in: no change, no flap.
    for (const auto& l : lines) BOOST_TEST(l.find(std::to_string(bad.port()) + " (tcp:127.0.0.1:80) is up") == std::string::npos);

    // Reconfig with the same config: same checks, state kept.
    e.configure(c, {});
    BOOST_TEST(e.checks_running() == 2u);
    BOOST_TEST(e.up(0, 0));
    // Drop the failing real: its check stops.
    c.virtuals[0].reals.pop_back();
    e.configure(c, {});
    BOOST_TEST(e.checks_running() == 1u);
    BOOST_TEST(e.up(0, 0));
    e.stop();
}

BOOST_AUTO_TEST_CASE(start_up_rule_keeps_serving_reals_until_their_check_fails) {
    boost::asio::io_context io;
    fakes::HttpServer good(io, {}), bad(io, {{"/", Mode::status500}});
    Config c = farm(good.port(), bad.port());
    // Both reals are in the kernel with weight 1 (directord restarted).
    ipvs::Table kernel;
    const Virtual& v = c.virtuals[0];
    ipvs::Service s{v.key, v.service_opts(), {}};
    for (const auto& r : v.reals) {
        auto d = dest_for(v, r, 1);
        s.dests[d.key] = d;
    }
    kernel[v.key] = s;

    EngineOptions opt;
    opt.spread_start = false;
    Engine e(io, opt);
    int changes = 0;
    e.on_change([&] { ++changes; });
    e.configure(c, kernel);
    BOOST_TEST(e.up(0, 0));
    BOOST_TEST(e.up(0, 1));
    BOOST_REQUIRE(run_until(io, [&] { return !e.up(0, 1); }));
    BOOST_TEST(e.up(0, 0));
    BOOST_TEST(changes == 1);
    e.stop();
}

BOOST_AUTO_TEST_CASE(one_check_for_a_real_shared_by_two_virtuals) {
    boost::asio::io_context io;
    fakes::HttpServer good(io, {});
    Config c = farm(good.port(), good.port());
    c.virtuals[0].reals.pop_back();
    Virtual second = c.virtuals[0];
    second.key.port = 8080;
    c.virtuals.push_back(second);
    EngineOptions opt;
    opt.spread_start = false;
    Engine e(io, opt);
    e.configure(c, {});
    BOOST_TEST(e.checks_running() == 1u);
    BOOST_REQUIRE(run_until(io, [&] { return e.up(0, 0) && e.up(1, 0); }));
    BOOST_TEST(good.requests.size() == 1u);   // checked once, fed both
    e.stop();
}

BOOST_AUTO_TEST_SUITE_END()
