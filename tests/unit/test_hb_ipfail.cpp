// ipfail's decision (heartbeatd/failover/ipfail): two nodes' instances wired to each other
// with a stepped clock, messages delivered at once, giveups checked to the millisecond.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "heartbeatd/failover/ipfail.hpp"

using namespace hb::failover;
using Millis = std::chrono::milliseconds;
using K = IpfailMsg::Kind;

namespace {

// One director: its ipfail, what it sees, and the standbys it performed.
struct Node {
    Ipfail ipfail;
    IpfailLocal me;
    std::vector<std::pair<Millis, RscSet>> standbys;
    std::vector<std::string> log;
    explicit Node(IpfailConfig c, int pings) : ipfail(c) { me.ping_alive = pings; }
};

struct Pair {
    Node a, b;
    Millis now{0};
    explicit Pair(IpfailConfig c = {Millis(2000), false}, int pings = 1) : a(c, pings), b(c, pings) {}

    Node& other(Node& n) { return &n == &a ? b : a; }
    // Applies an output of `n`: standbys recorded, messages delivered to the other node.
    void apply(Node& n, IpfailOut out) {
        for (auto& l : out.log) n.log.push_back(l);
        if (out.standby) n.standbys.push_back({now, *out.standby});
        for (auto& m : out.send) {
            Node& o = other(n);
            apply(o, o.ipfail.received(m, o.me, now));
        }
    }
    void ping(Node& n, int alive) {
        bool up = alive > n.me.ping_alive;
        n.me.ping_alive = alive;
        apply(n, n.ipfail.ping_changed("gw", up, n.me, now));
    }
    // Steps the clock 10 ms at a time, ticking both nodes.
    void run_until(Millis t) {
        while (now < t) {
            now += Millis(10);
            apply(a, a.ipfail.tick(a.me, now));
            apply(b, b.ipfail.tick(b.me, now));
        }
    }
};

bool logged(const Node& n, const std::string& part) {
    for (auto& l : n.log)
        if (l.find(part) != std::string::npos) return true;
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(hb_ipfail)

BOOST_AUTO_TEST_CASE(active_loses_ping_nodes_gives_up_all_after_the_delay) {
    Pair p;
    p.run_until(Millis(1000));
    p.ping(p.a, 0);   // at t=1000 a sees 0, b still 1
    BOOST_CHECK(p.a.ipfail.giveup_due() == Millis(3000));
    BOOST_CHECK(!p.b.ipfail.giveup_due());
    p.run_until(Millis(2990));
    BOOST_CHECK(p.a.standbys.empty());
    p.run_until(Millis(3000));
    BOOST_REQUIRE_EQUAL(p.a.standbys.size(), 1u);
    BOOST_CHECK(p.a.standbys[0].first == Millis(3000));
    BOOST_CHECK(p.a.standbys[0].second == RscSet::all());
    BOOST_CHECK(p.b.standbys.empty());
    BOOST_CHECK(logged(p.b, "telling the peer we see more ping nodes (we see 1, the peer 0)"));
    BOOST_CHECK(logged(p.a, "the peer sees more ping nodes than we do"));
    p.run_until(Millis(10000));
    BOOST_CHECK_EQUAL(p.a.standbys.size(), 1u);   // once
}

BOOST_AUTO_TEST_CASE(both_lose_ping_nodes_nothing_moves) {
    Pair p;
    p.ping(p.a, 0);
    p.run_until(Millis(400));   // b notices 400 ms later, inside a's 2 s delay
    p.ping(p.b, 0);
    p.run_until(Millis(10000));
    BOOST_CHECK(p.a.standbys.empty());
    BOOST_CHECK(p.b.standbys.empty());
    BOOST_CHECK(!p.a.ipfail.giveup_due());
    BOOST_CHECK(!p.b.ipfail.giveup_due());
    BOOST_CHECK(logged(p.a, "ping node count is balanced (we see 0, the peer 0): no failover"));
    BOOST_CHECK(logged(p.a, "pending giveup aborted"));
}

BOOST_AUTO_TEST_CASE(both_lose_at_the_same_moment) {
    Pair p;
    p.a.me.ping_alive = 0;
    p.b.me.ping_alive = 0;
    p.apply(p.a, p.a.ipfail.ping_changed("gw", false, p.a.me, p.now));
    p.apply(p.b, p.b.ipfail.ping_changed("gw", false, p.b.me, p.now));
    p.run_until(Millis(10000));
    BOOST_CHECK(p.a.standbys.empty() && p.b.standbys.empty());
}

BOOST_AUTO_TEST_CASE(the_node_that_sees_fewer_gives_up_when_asked) {
    // b lost a ping node earlier but nobody asked; a's node comes back and a asks with 2.
    Pair p({Millis(2000), false}, 2);
    p.b.me.ping_alive = 1;
    p.ping(p.a, 2);
    BOOST_CHECK(p.b.ipfail.giveup_due() == Millis(2000));
    p.run_until(Millis(2000));
    BOOST_REQUIRE_EQUAL(p.b.standbys.size(), 1u);
    BOOST_CHECK(p.b.standbys[0].second == RscSet::all());
    BOOST_CHECK(p.a.standbys.empty());
    BOOST_CHECK(logged(p.b, "the peer sees more ping nodes (we see 1, the peer 2): giving up"));
}

BOOST_AUTO_TEST_CASE(a_giveup_in_transition_waits_then_asks_again) {
    Pair p;
    p.a.me.stable = false;
    p.ping(p.a, 0);
    p.run_until(Millis(5000));
    BOOST_CHECK(p.a.standbys.empty());
    BOOST_CHECK(p.a.ipfail.waiting_for_stable());
    // Settled; b still sees more: asked again, told again, gives up 2 s later.
    p.a.me.stable = true;
    p.run_until(Millis(5010));
    BOOST_CHECK(p.a.ipfail.giveup_due() == Millis(7010));
    p.run_until(Millis(7010));
    BOOST_REQUIRE_EQUAL(p.a.standbys.size(), 1u);
    BOOST_CHECK(p.a.standbys[0].first == Millis(7010));
}

BOOST_AUTO_TEST_CASE(a_giveup_in_transition_is_dropped_when_counts_recovered) {
    Pair p;
    p.a.me.stable = false;
    p.ping(p.a, 0);
    p.run_until(Millis(3000));
    p.a.me.ping_alive = 1;   // the uplink came back meanwhile (its own ask is not needed here)
    p.a.me.stable = true;
    p.run_until(Millis(10000));
    BOOST_CHECK(p.a.standbys.empty());
}

BOOST_AUTO_TEST_CASE(balanced_again_gives_foreign_groups_back_with_auto_failback_on) {
    Pair p({Millis(1000), true}, 1);
    p.b.me.holds_foreign = true;   // b took a's groups when a lost its uplink
    p.a.me.ping_alive = 0;
    p.ping(p.a, 1);                // a's uplink is back: a asks, b balanced
    BOOST_CHECK(p.b.ipfail.giveup_due() == Millis(1000));
    p.run_until(Millis(1000));
    BOOST_REQUIRE_EQUAL(p.b.standbys.size(), 1u);
    BOOST_CHECK(p.b.standbys[0].second == RscSet::foreign_only());
    BOOST_CHECK(p.a.standbys.empty());
}

BOOST_AUTO_TEST_CASE(balanced_without_auto_failback_keeps_them) {
    Pair p({Millis(1000), false}, 1);
    p.b.me.holds_foreign = true;
    p.a.me.ping_alive = 0;
    p.ping(p.a, 1);
    p.run_until(Millis(5000));
    BOOST_CHECK(p.b.standbys.empty());
}

BOOST_AUTO_TEST_CASE(abort_giveup_and_peer_loss_cancel_a_pending_giveup) {
    Ipfail f({Millis(2000), false});
    IpfailLocal me{0, true, false};
    f.received({K::you_are_dead, 0}, me, Millis(0));
    BOOST_CHECK(f.giveup_due() == Millis(2000));
    f.received({K::abort_giveup, 0}, me, Millis(100));
    BOOST_CHECK(!f.giveup_due());
    BOOST_CHECK(!f.tick(me, Millis(3000)).standby);
    f.received({K::you_are_dead, 0}, me, Millis(3000));
    f.peer_lost(Millis(3100));
    BOOST_CHECK(!f.tick(me, Millis(6000)).standby);
}

BOOST_AUTO_TEST_CASE(peer_joining_compares_counts) {
    Ipfail f({Millis(2000), false});
    auto out = f.peer_joined({3, true, false}, Millis(0));
    BOOST_REQUIRE_EQUAL(out.send.size(), 1u);
    BOOST_CHECK(out.send[0] == (IpfailMsg{K::num_ping_nodes, 3}));
}

BOOST_AUTO_TEST_CASE(wire_type_names) {
    BOOST_CHECK(ipfail_kind("num_ping_nodes") == K::num_ping_nodes);
    BOOST_CHECK(ipfail_kind("you_are_dead") == K::you_are_dead);
    BOOST_CHECK(ipfail_kind("abort_giveup") == K::abort_giveup);
    BOOST_CHECK(!ipfail_kind("i_am_dead"));
    for (auto k : {K::num_ping_nodes, K::you_are_dead, K::abort_giveup}) BOOST_CHECK(ipfail_kind(to_string(k)) == k);
}

BOOST_AUTO_TEST_SUITE_END()
