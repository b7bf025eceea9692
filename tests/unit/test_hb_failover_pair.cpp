// Failover policy: two policies wired back to back, scenario by scenario (start-up,
// crash, restart with each auto_failback mode, standby/takeover, graceful stop).
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

// g++ 12 at -O2 reports copies of std::variant messages as maybe-uninitialized (a known
// false positive in the variant's copy constructor).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "tests/unit/failover_sim.hpp"

using namespace failover_sim;
using namespace std::chrono_literals;

namespace {

const std::string A = "10.0.0.1", B = "10.0.0.2";

// Both running and settled, each holding its own group.
Pair settled_pair(AutoFailback m) {
    Pair p(m);
    p.boot(0);
    p.boot(1);
    p.meet();
    p.advance(11s);
    return p;
}

bool sent_any(const Node& n, auto pred) {
    for (auto& m : n.sent)
        if (pred(m)) return true;
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(hb_failover_pair)

BOOST_AUTO_TEST_CASE(simultaneous_start_each_takes_its_own_after_rqstdelay) {
    for (auto m : {AutoFailback::on, AutoFailback::off}) {
        Pair p(m);
        p.boot(0);
        p.boot(1);
        p.meet();
        p.advance(9s);
        BOOST_TEST(p.where(A) == "-");
        BOOST_TEST(p.where(B) == "-");
        p.advance(2s);
        BOOST_TEST(p.where(A) == "a");
        BOOST_TEST(p.where(B) == "b");
        BOOST_TEST(p.n[0].policy->rscstatus() == "local");
        BOOST_TEST(p.n[1].policy->rscstatus() == "local");
    }
}

BOOST_AUTO_TEST_CASE(legacy_simultaneous_start_via_ip_request) {
    Pair p(AutoFailback::legacy);
    p.boot(0);
    p.boot(1);
    p.meet();
    BOOST_TEST(p.where(A) == "a");
    BOOST_TEST(p.where(B) == "b");
}

BOOST_AUTO_TEST_CASE(crash_of_holder_moves_group_and_restart_fails_back_with_on) {
    auto p = settled_pair(AutoFailback::on);
    p.crash(1);
    p.declare_dead(0);
    BOOST_TEST(p.where(A) == "a");
    BOOST_TEST(p.where(B) == "a");
    BOOST_TEST(sent_any(p.n[0], [](const Msg& m) {
        auto* s = std::get_if<StonithMsg>(&m);
        return s && s->result == "n_stnth";
    }));
    p.join(1);
    p.advance(2s);
    BOOST_TEST(p.where(A) == "a");
    BOOST_TEST(p.where(B) == "b");
    BOOST_TEST(p.n[0].policy->stable());
    BOOST_TEST(p.n[1].policy->stable());
}

BOOST_AUTO_TEST_CASE(restart_with_off_does_not_move_back) {
    auto p = settled_pair(AutoFailback::off);
    p.crash(1);
    p.declare_dead(0);
    p.join(1);
    p.advance(30s);
    BOOST_TEST(p.where(A) == "a");
    BOOST_TEST(p.where(B) == "a");
    BOOST_TEST(p.n[1].policy->rscstatus() == "none");
    BOOST_TEST(p.n[0].policy->rscstatus() == "all");
}

BOOST_AUTO_TEST_CASE(restart_with_legacy_grabs_home_group) {
    auto p = settled_pair(AutoFailback::legacy);
    p.crash(1);
    p.declare_dead(0);
    BOOST_TEST(p.where(B) == "a");
    p.join(1);
    BOOST_TEST(p.where(A) == "a");
    BOOST_TEST(p.where(B) == "b");
}

BOOST_AUTO_TEST_CASE(alone_then_peer_joins_with_on) {
    Pair p(AutoFailback::on);
    p.boot(0);
    p.alone(0);
    BOOST_TEST(p.where(A) == "a");
    BOOST_TEST(p.where(B) == "a");
    p.join(1);
    p.advance(1s);
    BOOST_TEST(p.where(B) == "b");
    BOOST_TEST(p.where(A) == "a");
}

BOOST_AUTO_TEST_CASE(graceful_stop_hands_over_at_once) {
    auto p = settled_pair(AutoFailback::on);
    p.apply(1, p.n[1].policy->shutdown(p.now));
    p.run_ops();
    BOOST_TEST(p.n[1].exited);
    BOOST_TEST(p.where(B) == "a");
    BOOST_TEST(p.where(A) == "a");
    BOOST_TEST(sent_any(p.n[0], [](const Msg& m) {
        auto* s = std::get_if<StonithMsg>(&m);
        return s && s->result == "unneeded";
    }));
}

BOOST_AUTO_TEST_CASE(standby_all_then_takeover_local) {
    for (auto m : {AutoFailback::on, AutoFailback::off}) {
        auto p = settled_pair(m);
        p.apply(0, p.n[0].policy->standby(RscSet::all(), p.now));
        p.run_ops();
        BOOST_TEST(p.where(A) == "b");
        BOOST_TEST(p.where(B) == "b");
        BOOST_TEST(p.n[0].policy->rscstatus() == "none");
        BOOST_TEST(p.n[1].policy->rscstatus() == "all");
        p.advance(30s);   // auto_failback on does not undo a standby
        BOOST_TEST(p.where(A) == "b");
        p.apply(0, p.n[0].policy->takeover(RscSet::local_only(), p.now));
        p.run_ops();
        BOOST_TEST(p.where(A) == "a");
        BOOST_TEST(p.where(B) == "b");
        p.apply(0, p.n[0].policy->takeover(RscSet::all(), p.now));
        p.run_ops();
        BOOST_TEST(p.where(A) == "a");
        BOOST_TEST(p.where(B) == "a");
    }
}

BOOST_AUTO_TEST_CASE(standby_foreign_returns_groups_home) {
    Pair p(AutoFailback::off);
    p.boot(0);
    p.alone(0);
    p.join(1);
    BOOST_TEST(p.where(B) == "a");
    p.apply(0, p.n[0].policy->standby(RscSet::foreign_only(), p.now));
    p.run_ops();
    BOOST_TEST(p.where(B) == "b");
    BOOST_TEST(p.where(A) == "a");
}

BOOST_AUTO_TEST_CASE(standby_with_peer_unreachable_is_cancelled) {
    auto p = settled_pair(AutoFailback::off);
    p.linked = false;
    p.apply(0, p.n[0].policy->standby(RscSet::all(), p.now));
    p.advance(11s);
    BOOST_TEST(p.where(A) == "a");
    BOOST_TEST(p.n[0].policy->rscstatus() == "local");
    bool cancelled = false;
    for (auto& n : p.n[0].notes) cancelled |= n.find("Standby request cancelled") != std::string::npos;
    BOOST_TEST(cancelled);
}

BOOST_AUTO_TEST_CASE(peer_dies_during_standby_takes_everything) {
    auto p = settled_pair(AutoFailback::off);
    p.linked = false;   // the ask goes out, nothing comes back
    p.apply(0, p.n[0].policy->standby(RscSet::all(), p.now));
    p.crash(1);
    p.declare_dead(0);
    BOOST_TEST(p.where(A) == "a");
    BOOST_TEST(p.where(B) == "a");
    BOOST_TEST(p.n[0].policy->rscstatus() == "all");
}

BOOST_AUTO_TEST_CASE(failed_start_pushes_group_to_peer) {
    Pair p(AutoFailback::off);
    p.boot(0);
    p.boot(1);
    p.n[1].fail_start.insert(B);
    p.meet();
    p.advance(11s);
    BOOST_TEST(p.where(B) == "-");
    p.n[0].fail_start.clear();
    p.advance(31s);
    BOOST_TEST(p.where(B) == "a");
    BOOST_TEST(p.where(A) == "a");
}

BOOST_AUTO_TEST_CASE(partition_both_take_everything) {
    auto p = settled_pair(AutoFailback::on);
    p.linked = false;
    p.declare_dead(0);
    p.declare_dead(1);
    BOOST_TEST(p.where(A) == "ab");   // heartbeat v1 has no quorum: split brain by design
    BOOST_TEST(p.where(B) == "ab");
}

BOOST_AUTO_TEST_CASE(crashed_node_restarting_before_being_declared_dead) {
    auto p = settled_pair(AutoFailback::on);
    p.crash(1);         // b's group is down with it
    p.join(1);          // back with a new generation before deadtime: a sees peer_up again
    p.apply(0, p.n[0].policy->peer_dead(p.now));   // not needed; must not move anything
    p.run_ops();
    p.advance(11s);
    BOOST_TEST(p.where(B) != "-");
}

BOOST_AUTO_TEST_SUITE_END()
