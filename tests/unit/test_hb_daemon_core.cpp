// The daemon's protocol core with a stepped clock: two (or three) cores wired together.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>

#include "heartbeatd/daemon/core.hpp"
#include "heartbeatd/daemon/peer_generations.hpp"
#include "heartbeatd/wire/messages.hpp"

using namespace hb::daemon;
using hb::membership::NodeStatus;
using namespace std::chrono_literals;

namespace {

CoreConfig cfg(const std::string& local, std::uint64_t gen = 100) {
    CoreConfig c;
    c.local = local;
    c.nodes = {"nodea", "nodeb"};
    c.liveness = {1000ms, 6000ms, 3000ms, 12000ms, 6000ms};
    c.generation = gen;
    c.wall_seconds = [] { return std::uint64_t(0x6b000000); };
    return c;
}

bool has_event(const CoreOutput& o, CoreEvent::Kind k) {
    return std::any_of(o.events.begin(), o.events.end(), [&](auto& e) { return e.kind == k; });
}

bool has_drop(const CoreOutput& o, DropCause c) {
    return std::any_of(o.events.begin(), o.events.end(),
                       [&](auto& e) { return e.kind == CoreEvent::Kind::dropped && e.drop == c; });
}

// Two nodes on one link; `filter` may drop a message in flight (return false).
struct Pair {
    Millis now{0};
    Core a{cfg("nodea"), now};
    Core b{cfg("nodeb"), now};
    std::function<bool(const std::string& to, const hb::wire::Message&)> filter;
    std::vector<CoreOutput> a_seen, b_seen;   // outputs of receive() on each side

    void deliver(const std::string& to, const CoreOutput& out) {
        Core& dst = to == "nodeb" ? b : a;
        for (auto& m : out.send) {
            if (filter && !filter(to, m)) continue;
            auto r = dst.receive(m, "hb0", now);
            (to == "nodeb" ? b_seen : a_seen).push_back(r);
            deliver(to == "nodeb" ? "nodea" : "nodeb", r);
        }
    }
    void step(Millis dt, bool a_alive = true, bool b_alive = true) {
        for (Millis t{0}; t < dt; t += 250ms) {
            now += 250ms;
            if (now.count() % 1000 == 0) {
                if (a_alive) deliver("nodeb", a.keepalive(now));
                if (b_alive) deliver("nodea", b.keepalive(now));
            }
            if (a_alive) deliver("nodeb", a.tick(now));
            if (b_alive) deliver("nodea", b.tick(now));
        }
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(hb_daemon_core)

BOOST_AUTO_TEST_CASE(two_nodes_become_active_after_reqnodes) {
    Pair p;
    int reqnodes = 0, repnodes = 0;
    p.filter = [&](const std::string&, const hb::wire::Message& m) {
        if (m.type() == "reqnodes") ++reqnodes;
        if (m.type() == "repnodes") ++repnodes;
        return true;
    };
    BOOST_TEST(p.a.local_status() == "up");
    p.step(3000ms);
    BOOST_TEST(p.a.local_status() == "active");
    BOOST_TEST(p.b.local_status() == "active");
    BOOST_TEST(int(p.a.node_status("nodeb")) == int(NodeStatus::active));
    BOOST_TEST(int(p.b.node_status("nodea")) == int(NodeStatus::active));
    BOOST_TEST(reqnodes >= 2);
    BOOST_TEST(repnodes >= 2);
    BOOST_TEST(p.a.link_up("nodeb", "hb0").value_or(false));
}

BOOST_AUTO_TEST_CASE(reqnodes_unanswered_blocks_active_and_is_repeated) {
    Pair p;
    int reqnodes = 0;
    p.filter = [&](const std::string&, const hb::wire::Message& m) {
        if (m.type() == "reqnodes") ++reqnodes;
        return m.type() != "repnodes";
    };
    p.step(4000ms);
    BOOST_TEST(p.a.local_status() == "up");
    BOOST_TEST(reqnodes >= 4);   // every second, from both
    p.filter = nullptr;
    p.step(2000ms);
    BOOST_TEST(p.a.local_status() == "active");
}

BOOST_AUTO_TEST_CASE(silent_peer_is_declared_dead_after_deadtime) {
    Pair p;
    p.step(3000ms);
    Millis killed = p.now;
    Millis dead_at{0};
    for (int i = 0; i < 60 && dead_at == Millis(0); ++i) {
        p.step(250ms, true, false);
        if (p.a.node_status("nodeb") == NodeStatus::dead) dead_at = p.now;
    }
    BOOST_REQUIRE(dead_at > Millis(0));
    // Last heartbeat at most 1 s before the kill; dead at deadtime after it, within a scan.
    BOOST_TEST((dead_at - killed).count() <= 6250);
    BOOST_TEST((dead_at - killed).count() >= 5000);
    BOOST_TEST(!p.a.link_up("nodeb", "hb0").value_or(true));
}

BOOST_AUTO_TEST_CASE(lost_message_is_requested_and_retransmitted) {
    Pair p;
    p.step(3000ms);
    int dropped = 0, rexmit = 0;
    std::uint64_t lost_seq = 0;
    p.filter = [&](const std::string& to, const hb::wire::Message& m) {
        if (m.type() == "NS_rexmit") ++rexmit;
        if (to == "nodeb" && m.type() == "status" && dropped == 0) {
            ++dropped;
            lost_seq = *hb::wire::parse_hex(m.get_or("seq"));
            return false;
        }
        return true;
    };
    p.step(3000ms);
    BOOST_TEST(dropped == 1);
    BOOST_TEST(rexmit >= 1);
    // The retransmitted copy was accepted as "recovered": nothing is missing any more.
    auto again = p.a.receive(hb::wire::make_status("active", 6000ms), "hb0", p.now);   // no header: dropped
    BOOST_TEST(has_drop(again, DropCause::malformed));
    BOOST_TEST(lost_seq > 0);
}

BOOST_AUTO_TEST_CASE(nak_for_a_seq_below_the_history) {
    Pair p;
    p.step(2000ms);
    auto req = hb::wire::make_rexmit("nodea", 0, 0);
    hb::wire::Stamp s;
    s.src = "nodeb";
    s.generation = 100;
    s.timestamp = 1;
    s.load = "x";
    hb::wire::add_control_fields(req, s);
    auto out = p.a.receive(req, "hb0", p.now);
    BOOST_REQUIRE(!out.send.empty());
    BOOST_TEST(std::string(out.send[0].type()) == "NS_nak_rexmit");
    BOOST_TEST(out.send[0].get_or("info") == "seqno too low");
}

BOOST_AUTO_TEST_CASE(replayed_ns_requests_cost_a_bounded_amount_of_work) {
    Pair p;
    p.step(2000ms);
    hb::wire::Stamp s;
    s.src = "nodeb";
    s.generation = 100;
    s.timestamp = 1;
    s.load = "x";
    // One signed NS_rexmit replayed 1,000 times within a second: a few naks, the rest counted.
    auto req = hb::wire::make_rexmit("nodea", 0, 0);
    hb::wire::add_control_fields(req, s);
    std::size_t naks = 0, limited = 0;
    for (int i = 0; i < 1000; ++i) {
        auto out = p.a.receive(req, "hb0", p.now + Millis(i));
        for (auto& m : out.send) naks += std::string(m.type()) == "NS_nak_rexmit";
        limited += has_drop(out, DropCause::rate_limited);
    }
    BOOST_TEST(naks >= 1u);
    BOOST_TEST(naks <= 70u);   // burst 40 + 20/s over the second
    BOOST_TEST(limited >= 900u);
    // One NS_nak_rexmit replayed: "Irretrievably lost" only for a seq we were waiting for.
    auto nak = hb::wire::make_nak_rexmit("nodea", 5, "seqno not found");
    hb::wire::add_control_fields(nak, s);
    std::size_t lines = 0;
    for (int i = 0; i < 1000; ++i) {
        auto out = p.a.receive(nak, "hb0", p.now + 5000ms + Millis(i * 100));
        for (auto& e : out.events)
            lines += e.kind == CoreEvent::Kind::info && e.text.find("Irretrievably lost") != std::string::npos;
    }
    BOOST_TEST(lines == 0u);
}

BOOST_AUTO_TEST_CASE(older_generation_is_a_replay_and_higher_is_a_restart) {
    Pair p;
    p.step(3000ms);
    // Replay: a copy of nodeb's status from generation 99.
    Core old_b(cfg("nodeb", 99), p.now);
    auto o = old_b.keepalive(p.now);
    BOOST_REQUIRE(!o.send.empty());
    auto r = p.a.receive(o.send.back(), "hb0", p.now);
    BOOST_TEST(has_drop(r, DropCause::replay));
    // Restart: generation 101.
    Core new_b(cfg("nodeb", 101), p.now);
    auto n = new_b.keepalive(p.now);
    auto r2 = p.a.receive(n.send.back(), "hb0", p.now);
    BOOST_TEST(has_event(r2, CoreEvent::Kind::peer_restarted));
}

BOOST_AUTO_TEST_CASE(generations_seen_before_a_restart_are_a_floor) {
    // nodea restarts knowing nodeb was at generation 100: a recorded packet of nodeb's
    // generation 99 (its `status active` from an earlier life) is a replay, not news.
    Millis now{0};
    auto ca = cfg("nodea");
    ca.peer_generations = {{"nodeb", 100}};
    Core a(ca, now);
    Core old_b(cfg("nodeb", 99), now);
    auto o = old_b.keepalive(now);
    BOOST_REQUIRE(!o.send.empty());
    auto r = a.receive(o.send.back(), "hb0", now);
    BOOST_TEST(has_drop(r, DropCause::replay));
    BOOST_TEST((a.node_status("nodeb") != NodeStatus::active));
    // NS_* of the old generation are refused the same way.
    auto req = hb::wire::make_rexmit("nodea", 0, 0);
    hb::wire::Stamp s;
    s.src = "nodeb";
    s.generation = 99;
    s.timestamp = 1;
    s.load = "x";
    hb::wire::add_control_fields(req, s);
    auto rr = a.receive(req, "hb0", now);
    BOOST_TEST(has_drop(rr, DropCause::replay));
    BOOST_TEST(rr.send.empty());
    // The current generation is accepted and reported for the state file.
    Core b(cfg("nodeb", 100), now);
    auto n = b.keepalive(now);
    auto r2 = a.receive(n.send.back(), "hb0", now);
    BOOST_TEST(!has_drop(r2, DropCause::replay));
    auto it = std::find_if(r2.events.begin(), r2.events.end(),
                           [](auto& e) { return e.kind == CoreEvent::Kind::peer_generation; });
    BOOST_REQUIRE(it != r2.events.end());
    BOOST_TEST(it->node == "nodeb");
    BOOST_TEST(it->text == "100");
}

BOOST_AUTO_TEST_CASE(seqs_seen_before_a_restart_are_a_floor_within_the_generation) {
    // nodeb lives on in generation 100 while nodea restarts. Packets of nodeb recorded
    // before nodea's restart (same generation, seq <= the saved one) are replays; the next
    // fresh one is accepted, and its position is what the shell saves.
    Millis now{0};
    Core b(cfg("nodeb", 100), now);
    std::vector<hb::wire::Message> recorded;
    for (int i = 0; i < 5; ++i) recorded.push_back(b.keepalive(now).send.back());
    auto ca = cfg("nodea");
    ca.peer_generations = {{"nodeb", 100}};
    ca.peer_seqs = {{"nodeb", 4}};   // nodea had seen seq 1..4 before its restart
    Core a(ca, now);
    for (int i = 0; i < 4; ++i) {
        auto r = a.receive(recorded[i], "hb0", now);
        BOOST_TEST(has_drop(r, DropCause::replay), "recorded packet " << i);
    }
    BOOST_TEST((a.node_status("nodeb") != NodeStatus::active));
    BOOST_TEST(a.peer_positions().empty());
    auto fresh = a.receive(recorded[4], "hb0", now);
    BOOST_TEST(!has_drop(fresh, DropCause::replay));
    auto pos = a.peer_positions();
    BOOST_REQUIRE(pos.count("nodeb"));
    BOOST_TEST(pos["nodeb"].first == 100u);
    BOOST_TEST(pos["nodeb"].second == 5u);
    // Once heard, the ordinary rules apply: an old copy is not a replay any more.
    auto again = a.receive(recorded[0], "hb0", now);
    BOOST_TEST(!has_drop(again, DropCause::replay));
    // Without a saved seq (a file of an earlier version), the generation alone is the floor.
    auto cc = cfg("nodea");
    cc.peer_generations = {{"nodeb", 100}};
    Core c(cc, now);
    BOOST_TEST(!has_drop(c.receive(recorded[0], "hb0", now), DropCause::replay));
}

BOOST_AUTO_TEST_CASE(peer_floors_file_round_trips_and_reads_old_files) {
    PeerFloors f{{"nodeb", {42, 7}}, {"nodec", {1733300000, std::nullopt}}};
    BOOST_TEST((parse_peer_floors(format_peer_floors(f)) == f));
    auto mixed = parse_peer_floors("nodeb 42 9\nnodec 5\nnoded 7 x\nnodee 1 2 3\n");
    BOOST_TEST(mixed.size() == 2u);
    BOOST_TEST(*mixed["nodeb"].seq == 9u);
    BOOST_TEST(!mixed["nodec"].seq);
    BOOST_TEST(parse_peer_generations("nodeb 42 9\n").size() == 1u);
}

BOOST_AUTO_TEST_CASE(peer_generations_file_round_trips) {
    PeerGenerations g{{"nodeb", 42}, {"nodec", 1733300000}};
    BOOST_TEST((parse_peer_generations(format_peer_generations(g)) == g));
    auto damaged = parse_peer_generations("nodeb 42\ngarbage\nnodec x\n 5\nnoded 7");
    BOOST_TEST(damaged.size() == 2u);
    BOOST_TEST(damaged["noded"] == 7u);
}

BOOST_AUTO_TEST_CASE(unknown_node_and_own_copies) {
    Pair p;
    auto c = cfg("nodez");
    c.nodes = {"nodez", "nodea"};
    Core z(c, p.now);
    auto o = z.keepalive(p.now);
    auto r = p.a.receive(o.send.back(), "hb0", p.now);
    BOOST_TEST(has_drop(r, DropCause::unknown_node));
    // Our own broadcast coming back is silently ignored.
    auto own = p.a.keepalive(p.now);
    auto r2 = p.a.receive(own.send.back(), "hb0", p.now);
    BOOST_TEST(r2.events.empty());
    BOOST_TEST(r2.send.empty());
}

BOOST_AUTO_TEST_CASE(shutdone_marks_the_peer_dead_at_once) {
    Pair p;
    p.step(3000ms);
    auto out = p.b.shutdown(p.now);
    p.deliver("nodea", out);
    BOOST_TEST(int(p.a.node_status("nodeb")) == int(NodeStatus::dead));
    BOOST_TEST(p.b.local_status() == "dead");
    BOOST_REQUIRE(!p.a_seen.empty());
    BOOST_TEST(p.a_seen.back().deliver.size() == 1u);   // the failover layer sees shutdone too
}

BOOST_AUTO_TEST_CASE(messages_for_another_node_are_not_delivered) {
    Pair p;
    p.step(3000ms);
    auto m = hb::wire::make_ip_request_resp("nodez", "10.0.0.1", true);
    auto out = p.b.send(m, p.now);
    auto r = p.a.receive(out.send.back(), "hb0", p.now);
    BOOST_TEST(r.deliver.empty());
    auto m2 = hb::wire::make_starting();
    auto out2 = p.b.send(m2, p.now);
    auto r2 = p.a.receive(out2.send.back(), "hb0", p.now);
    BOOST_TEST(r2.deliver.size() == 1u);
}

BOOST_AUTO_TEST_CASE(seq_grows_and_ns_messages_carry_none) {
    Pair p;
    auto o1 = p.a.keepalive(p.now);
    auto o2 = p.a.keepalive(p.now);
    BOOST_TEST(o1.send.back().get_or("seq") == "1");
    BOOST_TEST(o2.send.back().get_or("seq") == "2");
    auto ack = p.a.send(hb::wire::make_ackmsg("nodeb", 5), p.now);
    BOOST_TEST(!ack.send.back().has("seq"));
    BOOST_TEST(ack.send.back().get_or("hg") == "64");
}

BOOST_AUTO_TEST_CASE(one_node_cluster_is_active_at_once) {
    auto c = cfg("nodea");
    c.nodes = {"nodea"};
    Core a(c, 0ms);
    auto o = a.keepalive(0ms);
    BOOST_TEST(a.local_status() == "active");
    BOOST_TEST(has_event(o, CoreEvent::Kind::comm_now_up));
}

BOOST_AUTO_TEST_CASE(peer_without_protocol_field_skips_reqnodes) {
    Pair p;
    p.filter = [&](const std::string& to, const hb::wire::Message& m) {
        if (to == "nodea" && m.type() == "reqnodes") return false;
        if (to == "nodea" && m.type() == "status") {
            auto copy = m;
            copy.remove("protocol");
            p.a.receive(copy, "hb0", p.now);
            return false;
        }
        return true;
    };
    p.step(3000ms);
    BOOST_TEST(p.a.local_status() == "active");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hb_daemon_core_partition)

BOOST_AUTO_TEST_CASE(late_first_start_is_not_a_partition_but_silence_then_return_is) {
    Pair p;
    // nodeb silent past initdead (12 s): declared dead without ever being heard.
    p.filter = [](const std::string&, const hb::wire::Message&) { return false; };
    p.step(13000ms, true, false);
    p.filter = nullptr;
    BOOST_TEST(int(p.a.node_status("nodeb")) == int(NodeStatus::dead));
    auto first = p.b.keepalive(p.now);
    auto r = p.a.receive(first.send.back(), "hb0", p.now);
    BOOST_TEST(!has_event(r, CoreEvent::Kind::partition_healed));
    p.step(3000ms);
    BOOST_TEST(int(p.a.node_status("nodeb")) == int(NodeStatus::active));
    // Now a partition past deadtime, then the same generation talks again.
    p.filter = [](const std::string&, const hb::wire::Message&) { return false; };
    p.step(8000ms);
    p.filter = nullptr;
    BOOST_TEST(int(p.a.node_status("nodeb")) == int(NodeStatus::dead));
    auto back = p.b.keepalive(p.now);
    auto r2 = p.a.receive(back.send.back(), "hb0", p.now);
    BOOST_TEST(has_event(r2, CoreEvent::Kind::partition_healed));
}

BOOST_AUTO_TEST_SUITE_END()
