#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>

#include "heartbeatd/membership/liveness.hpp"
#include "heartbeatd/membership/send_history.hpp"
#include "heartbeatd/membership/seq_tracker.hpp"
#include "heartbeatd/wire/messages.hpp"

using namespace hb::membership;
using Kind = LivenessEvent::Kind;
using namespace std::chrono_literals;

namespace {

bool has(const std::vector<LivenessEvent>& ev, Kind k, const std::string& node = {}) {
    return std::any_of(ev.begin(), ev.end(), [&](auto& e) { return e.kind == k && (node.empty() || e.node == node); });
}

LivenessConfig cfg_1_6_12() {   // keepalive 1, deadtime 6, warntime 3, initdead 12
    return LivenessConfig{1000ms, 6000ms, 3000ms, 12000ms, 6000ms};
}

// A stepped clock that scans every 250 ms like heartbeat's check_for_timeouts.
struct Sim {
    Liveness live;
    Millis now{0};
    std::vector<LivenessEvent> log;
    explicit Sim(Liveness l) : live(std::move(l)) {}
    void advance(Millis d, const std::function<void(Millis)>& each_tick = {}) {
        auto end = now + d;
        while (now < end) {
            now += 250ms;
            if (each_tick) each_tick(now);
            auto ev = live.tick(now);
            log.insert(log.end(), ev.begin(), ev.end());
        }
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(hb_membership)

BOOST_AUTO_TEST_CASE(seq_in_order_duplicates_and_old) {
    SeqTracker t;
    BOOST_TEST((t.receive(100, 1, 0ms, 100ms) == SeqVerdict::accept));
    BOOST_TEST((t.receive(100, 1, 0ms, 100ms) == SeqVerdict::duplicate));   // copy from a 2nd medium
    BOOST_TEST((t.receive(100, 2, 0ms, 100ms) == SeqVerdict::accept));
    BOOST_TEST((t.receive(100, 1, 0ms, 100ms) == SeqVerdict::old));
    BOOST_TEST(t.missing().empty());
    BOOST_TEST(t.last_seq() == 2u);
}

BOOST_AUTO_TEST_CASE(seq_generation_replay_and_restart) {
    SeqTracker t;
    t.receive(100, 50, 0ms, 100ms);
    BOOST_TEST((t.receive(99, 51, 0ms, 100ms) == SeqVerdict::replay));
    BOOST_TEST(t.last_seq() == 50u);
    // A restarted peer starts again at seq 1 with a higher generation.
    BOOST_TEST((t.receive(101, 1, 0ms, 100ms) == SeqVerdict::restarted));
    BOOST_TEST(t.generation() == 101u);
    BOOST_TEST((t.receive(101, 2, 0ms, 100ms) == SeqVerdict::accept));
    BOOST_TEST((t.receive(100, 60, 0ms, 100ms) == SeqVerdict::replay));
}

BOOST_AUTO_TEST_CASE(seq_gaps_schedule_rexmit_requests) {
    SeqTracker t;
    t.receive(7, 10, 0ms, 100ms);
    BOOST_TEST((t.receive(7, 14, 1000ms, 120ms) == SeqVerdict::accept));
    BOOST_TEST((t.missing() == std::vector<std::uint64_t>{11, 12, 13}));
    BOOST_TEST(t.lost_total() == 3u);
    BOOST_TEST(t.due_requests(1100ms).empty());   // random delay not yet over
    BOOST_TEST((t.due_requests(1120ms) == std::vector<std::uint64_t>{11, 12, 13}));
    BOOST_TEST(t.due_requests(1200ms).empty());   // re-sent every 250 ms
    // Reordering: 12 arrives late, so it is no longer requested.
    BOOST_TEST((t.receive(7, 12, 1250ms, 100ms) == SeqVerdict::recovered));
    BOOST_TEST((t.receive(7, 12, 1250ms, 100ms) == SeqVerdict::old));   // its duplicate
    BOOST_TEST((t.due_requests(1370ms) == std::vector<std::uint64_t>{11, 13}));
    t.give_up(11);   // NS_nak_rexmit
    BOOST_TEST((t.missing() == std::vector<std::uint64_t>{13}));
}

BOOST_AUTO_TEST_CASE(seq_huge_gap_resyncs) {
    SeqTracker t;
    t.receive(7, 1, 0ms, 100ms);
    BOOST_TEST((t.receive(7, 1 + SeqTracker::kMaxGap + 1, 0ms, 100ms) == SeqVerdict::accept));
    BOOST_TEST(t.missing().size() == SeqTracker::kMaxGap);   // exactly at the limit: still tracked
    BOOST_TEST((t.receive(7, 2000, 0ms, 100ms) == SeqVerdict::accept));
    BOOST_TEST(t.missing().empty());   // beyond it: start over
}

BOOST_AUTO_TEST_CASE(send_history_window) {
    SendHistory h;
    for (std::uint64_t s = 1; s <= 600; ++s) h.add(s, hb::wire::make_status("active", 6000ms));
    BOOST_TEST(h.size() == 500u);
    BOOST_TEST(h.lowest() == 101u);
    BOOST_TEST(h.highest() == 600u);
    BOOST_TEST(std::holds_alternative<const hb::wire::Message*>(h.lookup(101)));
    BOOST_TEST((std::get<SendHistory::Miss>(h.lookup(100)) == SendHistory::Miss::too_low));
    BOOST_TEST((std::get<SendHistory::Miss>(h.lookup(601)) == SendHistory::Miss::too_high));
    h.add(5, hb::wire::make_starting());   // going backwards is ignored
    BOOST_TEST(h.highest() == 600u);
}

BOOST_AUTO_TEST_CASE(send_history_answers_with_limits) {
    SendHistory h;
    for (std::uint64_t s = 1; s <= 200; ++s) {
        auto m = hb::wire::make_status("active", 6000ms);
        m.add("seq", std::to_string(s));
        h.add(s, m);
    }
    auto a = h.answer(10, 12, 1000ms);
    BOOST_TEST(a.resend.size() == 3u);
    BOOST_TEST(a.resend[0]->get_or("seq") == "10");
    // The same seqs asked again within 240 ms are not resent again.
    BOOST_TEST(h.answer(10, 12, 1100ms).resend.empty());
    BOOST_TEST(h.answer(10, 12, 1240ms).resend.size() == 3u);
    // At most 50 per request.
    BOOST_TEST(h.answer(100, 200, 5000ms).resend.size() == SendHistory::kMaxPerRequest);
    // Above the highest: reported once and the rest skipped.
    auto hi = h.answer(199, 230, 9000ms);
    BOOST_TEST(hi.resend.size() == 2u);
    BOOST_TEST(hi.misses.size() == 1u);
    BOOST_TEST((hi.misses[0].second == SendHistory::Miss::too_high));
    // Gaps in our own history ("seqno not found").
    SendHistory g;
    g.add(1, hb::wire::make_starting());
    g.add(3, hb::wire::make_starting());
    auto nf = g.answer(1, 3, 0ms);
    BOOST_TEST(nf.resend.size() == 2u);
    BOOST_TEST((nf.misses == std::vector<std::pair<std::uint64_t, SendHistory::Miss>>{{2, SendHistory::Miss::not_found}}));
}

BOOST_AUTO_TEST_CASE(startup_peer_heard_then_comm_up) {
    Sim s(Liveness(cfg_1_6_12(), "nodea", {"nodea", "nodeb"}, {}, 0ms));
    BOOST_TEST(!s.live.comm_up());
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::init));
    BOOST_TEST((s.live.node_status("nodea") == NodeStatus::up));
    s.advance(1000ms);
    auto ev = s.live.heard("nodeb", "eth0", s.now);
    BOOST_TEST(has(ev, Kind::link_up, "nodeb"));
    ev = s.live.status("nodeb", "up", 8000ms, s.now);
    BOOST_TEST(has(ev, Kind::status_changed, "nodeb"));
    BOOST_TEST(has(ev, Kind::comm_up));
    BOOST_TEST(s.live.comm_up());
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::up));
    ev = s.live.status("nodeb", "active", 6000ms, s.now + 1000ms);
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::active));
    BOOST_TEST(s.live.dead_time("nodeb").count() == 6000);   // adopts the announced dt
}

BOOST_AUTO_TEST_CASE(announced_deadtime_is_clamped_to_a_multiple_of_ours) {
    // A peer announcing dt of 24 h must not postpone its own death for a day.
    Sim s(Liveness(cfg_1_6_12(), "nodea", {"nodea", "nodeb"}, {}, 0ms));
    s.live.heard("nodeb", "eth0", s.now);
    auto ev = s.live.status("nodeb", "active", Millis(24 * 3600 * 1000), s.now);
    BOOST_TEST(has(ev, Kind::dt_clamped, "nodeb"));
    BOOST_TEST(s.live.dead_time("nodeb").count() == 6000 * kMaxAnnouncedDeadtimes);
    // Logged once per announced value, not on every heartbeat.
    ev = s.live.status("nodeb", "active", Millis(24 * 3600 * 1000), s.now + 1000ms);
    BOOST_TEST(!has(ev, Kind::dt_clamped, "nodeb"));
    s.now += 1000ms;
    // Silent for longer than the cap: dead, although its announced dt has not run out.
    s.advance(Millis(6000 * kMaxAnnouncedDeadtimes) + 500ms);
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::dead));
    // A dt within the cap is believed as announced.
    Sim t(Liveness(cfg_1_6_12(), "nodea", {"nodea", "nodeb"}, {}, 0ms));
    t.live.heard("nodeb", "eth0", t.now);
    ev = t.live.status("nodeb", "up", 20000ms, t.now);
    BOOST_TEST(!has(ev, Kind::dt_clamped, "nodeb"));
    BOOST_TEST(t.live.dead_time("nodeb").count() == 20000);
}

BOOST_AUTO_TEST_CASE(peer_never_heard_dies_after_initdead) {
    Sim s(Liveness(cfg_1_6_12(), "nodea", {"nodea", "nodeb"}, {}, 0ms));
    s.advance(12000ms);
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::init));
    s.advance(250ms);
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::dead));
    BOOST_TEST(has(s.log, Kind::node_dead, "nodeb"));
    BOOST_TEST(has(s.log, Kind::comm_up));
    BOOST_TEST(s.live.comm_up());
}

BOOST_AUTO_TEST_CASE(crash_detected_after_deadtime_with_links) {
    Sim s(Liveness(cfg_1_6_12(), "nodea", {"nodea", "nodeb"}, {}, 0ms));
    // nodeb sends a status every keepalive on two media, until it crashes at t=20s.
    auto beat = [&](Millis t) {
        if (t <= 20000ms && t.count() % 1000 == 0) {
            s.live.heard("nodeb", "eth0", t);
            s.live.heard("nodeb", "/dev/ttyS0", t);
            auto ev = s.live.status("nodeb", "active", 6000ms, t);
            BOOST_TEST(!has(ev, Kind::late_heartbeat));
        }
    };
    s.advance(20000ms, beat);
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::active));
    BOOST_TEST(*s.live.link_up("nodeb", "eth0"));
    BOOST_TEST(*s.live.link_up("nodeb", "/dev/ttyS0"));
    s.log.clear();
    s.advance(6000ms, beat);   // t = 26s: exactly deadtime since the last status: still alive
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::active));
    s.advance(250ms, beat);    // first scan past deadtime
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::dead));
    BOOST_TEST(has(s.log, Kind::node_dead, "nodeb"));
    BOOST_TEST(has(s.log, Kind::link_dead, "nodeb"));
    BOOST_TEST(!*s.live.link_up("nodeb", "eth0"));
    BOOST_TEST((s.live.links("nodeb") == std::vector<std::string>{"/dev/ttyS0", "eth0"}));
}

BOOST_AUTO_TEST_CASE(next_expiry_is_when_tick_declares_death) {
    LivenessConfig c{100ms, 500ms, 300ms, 2000ms, 500ms};
    Liveness live(c, "nodea", {"nodea", "nodeb"}, {}, 1000ms);
    // Never heard: initdead from the start.
    BOOST_TEST(live.next_expiry().has_value());
    BOOST_TEST(live.next_expiry()->count() == 3001);
    live.heard("nodeb", "hb0", 1200ms);
    live.status("nodeb", "up", std::nullopt, 1200ms);   // comm up: deadtime from now on
    BOOST_TEST(live.comm_up());
    BOOST_TEST(live.next_expiry()->count() == 1701);
    // The link heard later than the last status does not postpone the node.
    live.heard("nodeb", "hb0", 1250ms);
    BOOST_TEST(live.next_expiry()->count() == 1701);
    BOOST_TEST(live.tick(1700ms).empty());                 // exactly deadtime: alive
    auto ev = live.tick(*live.next_expiry());
    BOOST_TEST(has(ev, Kind::node_dead, "nodeb"));
    // Its links died with it (hb0 would have lasted until 1751): nothing left to time out.
    BOOST_TEST(!live.next_expiry().has_value());
}

BOOST_AUTO_TEST_CASE(one_link_lost_node_stays_alive) {
    Sim s(Liveness(cfg_1_6_12(), "nodea", {"nodea", "nodeb"}, {}, 0ms));
    auto beat = [&](Millis t) {
        if (t.count() % 1000) return;
        if (t < 5000ms) s.live.heard("nodeb", "eth0", t);   // UDP cut at 5 s
        s.live.heard("nodeb", "/dev/ttyS0", t);
        s.live.status("nodeb", "active", 6000ms, t);
    };
    s.advance(20000ms, beat);
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::active));
    BOOST_TEST(!*s.live.link_up("nodeb", "eth0"));
    BOOST_TEST(*s.live.link_up("nodeb", "/dev/ttyS0"));
    BOOST_TEST(!has(s.log, Kind::node_dead));
    // UDP comes back.
    auto ev = s.live.heard("nodeb", "eth0", s.now);
    BOOST_TEST(has(ev, Kind::link_up, "nodeb"));
}

BOOST_AUTO_TEST_CASE(late_heartbeat_warning_and_late_death) {
    Sim s(Liveness(cfg_1_6_12(), "nodea", {"nodea", "nodeb"}, {}, 0ms));
    s.live.status("nodeb", "active", 6000ms, 1000ms);
    auto ev = s.live.status("nodeb", "active", 6000ms, 5000ms);   // 4 s gap > warntime 3 s
    BOOST_TEST(has(ev, Kind::late_heartbeat, "nodeb"));
    BOOST_TEST(ev.front().interval.count() == 4000);
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::active));
    // No timeout scan ran (we were delayed), and the next heartbeat is beyond deadtime:
    // 3.0.6 marks the node dead anyway.
    ev = s.live.status("nodeb", "active", 6000ms, 11500ms);
    BOOST_TEST(has(ev, Kind::node_dead, "nodeb"));
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::dead));
    // The following heartbeat brings it back.
    ev = s.live.status("nodeb", "active", 6000ms, 12500ms);
    BOOST_TEST(has(ev, Kind::status_changed, "nodeb"));
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::active));
}

BOOST_AUTO_TEST_CASE(shutdone_and_ping_nodes) {
    LivenessConfig c = cfg_1_6_12();
    c.deadping = 4000ms;
    Sim s(Liveness(c, "nodea", {"nodea", "nodeb"}, {"10.0.0.254"}, 0ms));
    s.live.status("nodeb", "active", 6000ms, 500ms);
    s.live.status("10.0.0.254", "ping", std::nullopt, 500ms);
    BOOST_TEST(s.live.comm_up());
    BOOST_TEST((s.live.node_status("10.0.0.254") == NodeStatus::ping));
    BOOST_TEST(s.live.dead_time("10.0.0.254").count() == 4000);
    auto ev = s.live.declare_dead("nodeb");   // graceful stop: no waiting for deadtime
    BOOST_TEST((s.live.node_status("nodeb") == NodeStatus::dead));
    BOOST_TEST(has(ev, Kind::status_changed, "nodeb"));
    s.advance(4500ms);   // t = 4.5 s: exactly deadping since the last echo
    BOOST_TEST((s.live.node_status("10.0.0.254") == NodeStatus::ping));
    s.advance(250ms);
    BOOST_TEST((s.live.node_status("10.0.0.254") == NodeStatus::dead));
    // Unknown nodes and the local node are ignored.
    BOOST_TEST(s.live.status("intruder", "active", std::nullopt, s.now).empty());
    BOOST_TEST(s.live.heard("nodea", "eth0", s.now).empty());
}

BOOST_AUTO_TEST_CASE(single_node_cluster_is_up_at_once) {
    Liveness l(cfg_1_6_12(), "solo", {"solo"}, {}, 0ms);
    BOOST_TEST(l.comm_up());
}

BOOST_AUTO_TEST_SUITE_END()
