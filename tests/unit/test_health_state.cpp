// The pure health model: real-server state machine, shared result streams, start-up
// rule, state carried over a reload, and the check specs derived from a config.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <set>

#include "directord/checks/check_spec.hpp"
#include "directord/director/desired.hpp"
#include "directord/health/health_table.hpp"
#include "directord/health/plan.hpp"
#include "directord/health/real_state.hpp"

using namespace directord;
using namespace directord::health;
using Kind = HealthEvent::Kind;

namespace {

Real real(const char* ip, std::uint16_t port, int weight = 1) {
    Real r;
    r.addr = *ha::Address::parse(ip);
    r.port = port;
    r.weight = weight;
    return r;
}

Virtual vip(const char* ip, std::uint16_t port, std::vector<Real> reals, CheckType t = CheckType::negotiate,
            std::string service = "http") {
    Virtual v;
    v.key.addr = *ha::Address::parse(ip);
    v.key.af = v.key.addr.family;
    v.key.port = port;
    v.text = std::string(ip) + ":" + std::to_string(port);
    v.reals = std::move(reals);
    v.checktype = t;
    v.service = std::move(service);
    return v;
}

Config config(std::vector<Virtual> vs) {
    Config c;
    c.path = "test.cf";
    c.virtuals = std::move(vs);
    return c;
}

// The kernel holding every real of every virtual at the given weight.
ipvs::Table kernel_with(const Config& c, int weight) {
    ipvs::Table t;
    for (const auto& v : c.virtuals) {
        ipvs::Service s{v.key, v.service_opts(), {}};
        for (const auto& r : v.reals) {
            auto d = dest_for(v, r, weight);
            s.dests[d.key] = d;
        }
        t[v.key] = s;
    }
    return t;
}

std::vector<Kind> kinds(const std::vector<HealthEvent>& ev) {
    std::vector<Kind> k;
    for (const auto& e : ev) k.push_back(e.kind);
    return k;
}

} // namespace

BOOST_AUTO_TEST_SUITE(health_state)

BOOST_AUTO_TEST_CASE(new_real_joins_on_first_success_without_flap) {
    RealState s(false, 1);
    BOOST_TEST(!s.up());
    BOOST_TEST((s.phase() == RealState::Phase::pending));
    auto st = s.result(true);
    BOOST_TEST(st.changed);
    BOOST_TEST(s.up());
}

BOOST_AUTO_TEST_CASE(new_real_failing_first_check_never_changes_the_table) {
    RealState s(false, 3);
    auto st = s.result(false);
    BOOST_TEST(!st.changed);
    BOOST_TEST(!st.soft_failure);
    BOOST_TEST((s.phase() == RealState::Phase::down));
    BOOST_TEST(!s.result(false).changed);
}

BOOST_AUTO_TEST_CASE(serving_real_stays_up_until_its_own_checks_take_it_down) {
    RealState s(true, 2);
    BOOST_TEST(s.up());
    auto a = s.result(false);
    BOOST_TEST(a.soft_failure);
    BOOST_TEST(a.failcount == 1);
    BOOST_TEST(s.up());
    auto b = s.result(false);
    BOOST_TEST(b.changed);
    BOOST_TEST(!s.up());
}

BOOST_AUTO_TEST_CASE(failurecount_soft_failures_and_one_success_resets) {
    RealState s(true, 3);
    BOOST_TEST(s.result(false).failcount == 1);
    BOOST_TEST(s.result(false).failcount == 2);
    auto ok = s.result(true);
    BOOST_TEST(ok.reset);
    BOOST_TEST(!ok.changed);
    BOOST_TEST(s.failcount() == 0);
    // The count starts over: two more failures are still soft.
    BOOST_TEST(s.result(false).soft_failure);
    BOOST_TEST(s.result(false).soft_failure);
    auto down = s.result(false);
    BOOST_TEST(down.changed);
    BOOST_TEST(!s.up());
    // Down stays down without counting; one success restores and resets.
    BOOST_TEST(!s.result(false).changed);
    BOOST_TEST(s.failcount() == 3);
    auto back = s.result(true);
    BOOST_TEST(back.changed);
    BOOST_TEST(back.reset);
    BOOST_TEST(s.up());
}

BOOST_AUTO_TEST_CASE(forced_transitions_bypass_failurecount) {
    RealState s(true, 5);
    auto st = s.force(false);
    BOOST_TEST(st.changed);
    BOOST_TEST(!s.up());
    BOOST_TEST(!s.force(false).changed);
    BOOST_TEST(s.force(true).changed);
    BOOST_TEST(s.up());
}

BOOST_AUTO_TEST_CASE(shared_check_feeds_every_virtual_with_its_own_failurecount) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80)}), vip("10.0.0.2", 80, {real("10.0.1.1", 80)})});
    c.virtuals[1].failurecount = 2;
    auto plan = make_plan(c, kernel_with(c, 1));
    BOOST_TEST(plan.checks.size() == 1u);   // one check for both virtuals
    HealthTable t;
    t.configure(plan.members);
    std::string key = plan.members[0].check_key;
    BOOST_TEST(plan.members[1].check_key == key);
    BOOST_TEST(t.up({0, 0}));
    BOOST_TEST(t.up({1, 0}));

    auto ev = t.feed(key, false, "HTTP 500");
    BOOST_TEST((kinds(ev) == std::vector<Kind>{Kind::down, Kind::soft_failure}));
    BOOST_TEST(!t.up({0, 0}));
    BOOST_TEST(t.up({1, 0}));
    BOOST_TEST(ev[1].failcount == 1);
    BOOST_TEST(ev[1].failurecount == 2);
    BOOST_TEST(describe(ev[1], c) == "Soft failure real server: 10.0.1.1:80 (tcp:10.0.0.2:80) failure 1/2: HTTP 500");

    ev = t.feed(key, true, "200 OK");
    BOOST_TEST((kinds(ev) == std::vector<Kind>{Kind::reset, Kind::up, Kind::reset}));
    BOOST_TEST(describe(ev[2], c) == "Resetting soft failure count: 10.0.1.1:80 (tcp:10.0.0.2:80)");
    BOOST_TEST(t.up({0, 0}));
}

BOOST_AUTO_TEST_CASE(start_up_rule_reads_the_kernel_table) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80), real("10.0.1.2", 80)})});
    auto k = kernel_with(c, 1);
    // The second real is there at weight 0 (quiesced): it must pass a check first.
    k.begin()->second.dests.rbegin()->second.weight = 0;
    HealthTable t;
    t.configure(make_plan(c, k).members);
    BOOST_TEST(t.up({0, 0}));
    BOOST_TEST(!t.up({0, 1}));
    BOOST_TEST(t.pending(t.members()[1].check_key));
    BOOST_TEST(!t.pending(t.members()[0].check_key));
    // Empty kernel: nothing is up before its first check.
    HealthTable empty;
    empty.configure(make_plan(c, {}).members);
    BOOST_TEST(!empty.up({0, 0}));
}

BOOST_AUTO_TEST_CASE(gate_real_on_another_port_is_found_under_the_virtual_port) {
    // real=10.0.1.1:8080 gate is checked on 8080 and installed as 10.0.1.1:80.
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 8080)})});
    auto plan = make_plan(c, kernel_with(c, 1));
    BOOST_TEST(plan.members[0].serving_now);
    BOOST_TEST(plan.checks.begin()->second.port == 8080);
}

BOOST_AUTO_TEST_CASE(reload_keeps_state_of_unchanged_checks_only) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80), real("10.0.1.2", 80)})});
    c.virtuals[0].failurecount = 3;
    HealthTable t;
    auto plan = make_plan(c, kernel_with(c, 1));
    t.configure(plan.members);
    t.feed(plan.members[0].check_key, false);
    t.feed(plan.members[1].check_key, false);
    BOOST_TEST(t.state({0, 0})->failcount() == 1);

    // Reload: the first real's check changes (new request), the second's does not; a
    // real is added in front, so indexes move.
    auto c2 = c;
    c2.virtuals[0].reals.insert(c2.virtuals[0].reals.begin(), real("10.0.1.3", 80));
    c2.virtuals[0].reals[1].request = "/health";
    c2.virtuals[0].reals[1].receive = "ok";
    auto plan2 = make_plan(c2, kernel_with(c, 1));
    t.configure(plan2.members);
    BOOST_TEST(!t.up({0, 0}));                       // new and not in the kernel: pending
    BOOST_TEST(t.state({0, 1})->failcount() == 0);   // changed check: fresh, serving
    BOOST_TEST(t.up({0, 1}));
    BOOST_TEST(t.state({0, 2})->failcount() == 1);   // unchanged: state kept
}

BOOST_AUTO_TEST_CASE(static_checks_on_off_none) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80)}, CheckType::on),
                     vip("10.0.0.2", 80, {real("10.0.1.1", 80)}, CheckType::off),
                     vip("10.0.0.3", 9312, {real("10.0.1.1", 9312)}, CheckType::negotiate, "none")});
    auto plan = make_plan(c, {});
    BOOST_TEST(plan.checks.empty());
    HealthTable t;
    t.configure(plan.members);
    BOOST_TEST(t.up({0, 0}));
    BOOST_TEST(!t.up({1, 0}));
    BOOST_TEST(t.up({2, 0}));
}

BOOST_AUTO_TEST_CASE(specs_follow_ldirectord) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 8080), real("10.0.1.2", 0)})});
    Virtual& v = c.virtuals[0];
    v.request = "index.html";
    v.receive = "Welcome";
    v.virtualhost = "www.example.com";
    v.checkinterval = 3;
    v.checkinterval_explicit = true;   // ignored without fork=yes, as ldirectord does
    c.checkinterval = 7;
    auto s0 = std::get<checks::CheckSpec>(checks::spec_for(c, v, v.reals[0]));
    BOOST_TEST(s0.url == "http://10.0.1.1:8080/index.html");
    BOOST_TEST(s0.host == "www.example.com");
    BOOST_TEST(s0.sni.value_or("") == "www.example.com");
    BOOST_TEST(s0.receive == "Welcome");
    BOOST_TEST(s0.interval.count() == 7);
    // No port on the real: the virtual's port (where the kernel sends traffic).
    auto s1 = std::get<checks::CheckSpec>(checks::spec_for(c, v, v.reals[1]));
    BOOST_TEST(s1.url == "http://10.0.1.2:80/index.html");
    c.fork = true;
    BOOST_TEST(std::get<checks::CheckSpec>(checks::spec_for(c, v, v.reals[0])).interval.count() == 3);

    // Per-real request/receive, full URL form.
    v.reals[0].request = "/http://10.0.1.1:8080/x";
    v.reals[0].receive = "y";
    auto s2 = std::get<checks::CheckSpec>(checks::spec_for(c, v, v.reals[0]));
    BOOST_TEST(s2.url == "http://10.0.1.1:8080/x");
    BOOST_TEST(s2.receive == "y");

    // connect on a udp virtual is a ping; external gets VIP VPORT RIP RPORT.
    auto u = vip("10.0.0.9", 53, {real("10.0.1.1", 53)}, CheckType::connect);
    u.key.protocol = IPPROTO_UDP;
    BOOST_TEST((std::get<checks::CheckSpec>(checks::spec_for(c, u, u.reals[0])).kind == checks::CheckSpec::Kind::ping));
    auto x = vip("10.0.0.9", 80, {real("10.0.1.1", 8080)}, CheckType::external);
    x.checkcommand = "/bin/check";
    auto sx = std::get<checks::CheckSpec>(checks::spec_for(c, x, x.reals[0]));
    BOOST_TEST((sx.argv == std::vector<std::string>{"/bin/check", "10.0.0.9", "80", "10.0.1.1", "8080"}));

    // Unsupported services are fixed down and named for the config test.
    auto f = vip("10.0.0.9", 1521, {real("10.0.1.1", 1521)}, CheckType::negotiate, "oracle");   // never: no client
    BOOST_TEST(!std::get<checks::FixedHealth>(checks::spec_for(c, f, f.reals[0])).up);
    BOOST_TEST(checks::unsupported_check(config({f})).has_value());
    BOOST_TEST(!checks::unsupported_check(c).has_value());
}

BOOST_AUTO_TEST_CASE(identity_ignores_weight_but_not_what_is_checked) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80, 1)}), vip("10.0.0.2", 80, {real("10.0.1.1", 80, 5)}),
                     vip("10.0.0.3", 80, {real("10.0.1.1", 80)})});
    c.virtuals[2].receive = "other";
    auto plan = make_plan(c, {});
    BOOST_TEST(plan.checks.size() == 2u);
    BOOST_TEST(plan.members[0].check_key == plan.members[1].check_key);
    BOOST_TEST(plan.members[0].check_key != plan.members[2].check_key);
}

BOOST_AUTO_TEST_CASE(identities_are_short_digests_that_keep_checks_apart) {
    // Members hold a 15-character digest of their check's key (no heap block per real),
    // equal for equal checks, different for different ones, whatever the key's length.
    std::string long_key(300, 'x');
    BOOST_TEST(identity_digest(long_key).size() == 15u);
    BOOST_TEST(identity_digest(long_key) == identity_digest(std::string(300, 'x')));
    BOOST_TEST(identity_digest(long_key) != identity_digest(long_key + "y"));
    BOOST_TEST(identity_digest("") != identity_digest(" "));
    std::set<std::string> seen;
    for (int i = 0; i < 20000; ++i) seen.insert(identity_digest("http://10." + std::to_string(i) + "/"));
    BOOST_TEST(seen.size() == 20000u);

    // Each real still gets its own request: the plan's spec behind each digest is that
    // real's, and two reals with the same check share one digest.
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80), real("10.0.1.2", 80)}),
                     vip("10.0.0.2", 80, {real("10.0.1.2", 80)})});
    c.virtuals[0].reals[0].request = "/one";   // a per-real request takes both, as in ldirectord
    c.virtuals[0].reals[0].receive = "one";
    auto plan = make_plan(c, {});
    BOOST_TEST(plan.checks.size() == 2u);
    BOOST_TEST(plan.members[0].check_key.size() == 15u);
    BOOST_TEST(plan.members[1].check_key == plan.members[2].check_key);
    BOOST_TEST(plan.members[0].check_key != plan.members[1].check_key);
    BOOST_TEST(plan.checks.at(plan.members[0].check_key).url == "http://10.0.1.1:80/one");
    BOOST_TEST(plan.checks.at(plan.members[0].check_key).receive == "one");
    BOOST_TEST(plan.checks.at(plan.members[1].check_key).url == "http://10.0.1.2:80/");
    // State identities differ per virtual even for a shared check.
    BOOST_TEST(plan.members[1].state_key != plan.members[2].state_key);
}

BOOST_AUTO_TEST_CASE(table_lookups_by_real_and_by_check) {
    // Three checks feeding five members in mixed order: every lookup finds its own member.
    auto member = [](std::size_t vi, std::size_t ri, std::string check) {
        Member m;
        m.ref = {vi, ri};
        m.check_key = check;
        m.state_key = "s" + std::to_string(vi) + "." + std::to_string(ri);
        m.serving_now = true;
        return m;
    };
    HealthTable t;
    t.configure({member(1, 0, "b"), member(0, 1, "a"), member(0, 0, "b"), member(2, 0, "c"), member(1, 1, "a")});
    BOOST_TEST(t.check_count() == 3u);
    BOOST_TEST(t.known({0, 0}));
    BOOST_TEST(t.known({2, 0}));
    BOOST_TEST(!t.known({0, 2}));
    BOOST_TEST(!t.known({3, 0}));
    BOOST_TEST(t.member({0, 1})->check_key == "a");
    BOOST_TEST(t.member({2, 0})->check_key == "c");
    BOOST_TEST(t.member({5, 5}) == nullptr);
    BOOST_TEST(t.check_key(t.check_id("b")) == "b");
    BOOST_TEST(t.check_id("zz") == -1);
    auto ev = t.feed("b", false);
    BOOST_TEST(ev.size() == 2u);
    BOOST_TEST(!t.up({1, 0}));
    BOOST_TEST(!t.up({0, 0}));
    BOOST_TEST(t.up({0, 1}));
    std::vector<RealRef> fed;
    t.for_each_checked(t.check_id("a"), [&](RealRef r) { fed.push_back(r); });
    BOOST_TEST((fed == std::vector<RealRef>{{0, 1}, {1, 1}}));   // in member order
    t.for_each_checked(99, [&](RealRef r) { fed.push_back(r); });
    BOOST_TEST(fed.size() == 2u);
    BOOST_TEST(t.feed(99, true).empty());
    BOOST_TEST((t.check_keys() == std::vector<std::string>{"a", "b", "c"}));
    // A reload keeps each state by its state key, even as members move.
    t.configure({member(0, 0, "b"), member(1, 0, "b")});
    BOOST_TEST(!t.up({0, 0}));
    BOOST_TEST(t.check_count() == 1u);
    BOOST_TEST(!t.known({0, 1}));
    HealthTable none;
    none.configure({});
    BOOST_TEST(none.check_count() == 0u);
    BOOST_TEST(none.check_keys().empty());
}

BOOST_AUTO_TEST_SUITE_END()
