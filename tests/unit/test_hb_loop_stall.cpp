// A stall of heartbeatd's own event loop must not be read as the peer's death: the scan that
// could declare a node dead reads the waiting heartbeats first (loop_lag), lateness of the
// timers is reported, and peer_generations is saved off the loop, newest content only.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "heartbeatd/daemon/background_saver.hpp"
#include "heartbeatd/daemon/core.hpp"
#include "heartbeatd/daemon/loop_lag.hpp"

using namespace hb::daemon;
using hb::membership::NodeStatus;
using namespace std::chrono_literals;

namespace {

CoreConfig fast(const std::string& local) {
    CoreConfig c;
    c.local = local;
    c.nodes = {"nodea", "nodeb"};
    c.liveness = {10ms, 50ms, 30ms, 2000ms, 50ms};   // keepalive/deadtime/warntime/initdead/deadping
    c.generation = 7;
    c.wall_seconds = [] { return std::uint64_t(0x6b000000); };
    return c;
}

// nodea and nodeb exchanging heartbeats every 10 ms until both are active.
struct FastPair {
    Millis now{0};
    Core a{fast("nodea"), now};
    Core b{fast("nodeb"), now};
    void to_a(const CoreOutput& o) {
        for (auto& m : o.send) to_b(a.receive(m, "hb0", now));
    }
    void to_b(const CoreOutput& o) {
        for (auto& m : o.send) to_a(b.receive(m, "hb0", now));
    }
    void run(Millis dt) {
        for (Millis end = now + dt; now < end;) {
            now += 10ms;
            to_b(a.keepalive(now));
            to_a(b.keepalive(now));
            to_b(a.tick(now));
            to_a(b.tick(now));
        }
    }
};

bool declares_dead(const CoreOutput& o, const std::string& node) {
    for (auto& e : o.events)
        if (e.kind == CoreEvent::Kind::liveness && e.live.kind == hb::membership::LivenessEvent::Kind::node_dead &&
            e.live.node == node)
            return true;
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(hb_loop_stall)

BOOST_AUTO_TEST_CASE(drain_only_when_the_scan_could_declare_a_death) {
    BOOST_TEST(!drain_before_scan(100ms, std::nullopt));   // nothing to expire (no peer heard)
    BOOST_TEST(!drain_before_scan(100ms, 101ms));          // on time, nobody due
    BOOST_TEST(drain_before_scan(101ms, 101ms));           // due now
    BOOST_TEST(drain_before_scan(480ms, 101ms));           // the timer ran 379 ms late
}

// The scene of the false failovers: nodea's loop stalls for 380 ms while nodeb keeps sending.
// Its heartbeats wait in nodea's socket. A scan run first declares nodeb dead ("silent for
// 380 ms"); reading what waits first (at the kernel's receive times), as the daemon now does
// when the scan is due, does not.
BOOST_AUTO_TEST_CASE(a_stalled_loop_reads_waiting_heartbeats_before_it_scans) {
    for (bool drain_first : {false, true}) {
        FastPair p;
        p.run(3000ms);
        BOOST_REQUIRE(p.a.node_status("nodeb") == NodeStatus::active);
        Millis stall_from = p.now;
        std::vector<std::pair<Millis, hb::wire::Message>> waiting;   // nodeb's heartbeats during nodea's stall
        while (p.now < stall_from + 380ms) {
            p.now += 10ms;
            for (auto& m : p.b.keepalive(p.now).send) waiting.emplace_back(p.now, m);
            p.b.tick(p.now);
        }
        BOOST_REQUIRE(drain_before_scan(p.now, p.a.next_expiry()));
        bool dead = false;
        Millis previous = stall_from;
        if (drain_first)
            for (auto& [at, m] : waiting) {
                previous = packet_time(p.now, p.now - at, previous);
                dead |= declares_dead(p.a.receive(m, "hb0", previous), "nodeb");
            }
        dead |= declares_dead(p.a.tick(p.now), "nodeb");
        BOOST_TEST(dead == !drain_first);
        BOOST_TEST((p.a.node_status("nodeb") == NodeStatus::active) == drain_first);
    }
}

// A real death is not hidden: nothing waits, the drain reads nothing, the scan declares it.
BOOST_AUTO_TEST_CASE(a_dead_peer_is_still_declared_dead_at_deadtime) {
    FastPair p;
    p.run(3000ms);
    Millis last = p.now;
    bool dead = false;
    while (!dead && p.now < last + 200ms) {
        p.now += 1ms;
        p.a.keepalive(p.now);
        dead = declares_dead(p.a.tick(p.now), "nodeb");
    }
    BOOST_TEST(dead);
    BOOST_TEST((p.now - last).count() >= 50);
    BOOST_TEST((p.now - last).count() <= 51);
}

BOOST_AUTO_TEST_CASE(lateness_over_half_the_deadtime_is_reported) {
    LoopLag lag(25ms);
    BOOST_TEST(!lag.timer_ran("scan", 100ms, 100ms));
    BOOST_TEST(!lag.timer_ran("scan", 100ms, 125ms));   // at the bound: not yet
    auto r = lag.timer_ran("keepalive", 100ms, 480ms);
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(*r == "event loop stalled: keepalive timer ran 380 ms late");
    BOOST_TEST(lag.worst().count() == 380);
    BOOST_TEST(lag.reported() == 1u);
    BOOST_TEST(!lag.timer_ran("scan", 500ms, 510ms));
    BOOST_TEST(lag.worst().count() == 380);   // the worst is kept
}

// While one save is being written, newer ones replace each other: the file gets the newest.
BOOST_AUTO_TEST_CASE(saves_coalesce_and_the_newest_is_written_last) {
    std::mutex mu;
    std::condition_variable cv;
    bool release = false, entered = false;
    std::vector<std::string> written;
    {
        BackgroundSaver s([&](const std::string& c, std::string&) {
            std::unique_lock<std::mutex> g(mu);
            entered = true;
            cv.notify_all();
            cv.wait(g, [&] { return release; });   // the first write hangs on a "busy disk"
            written.push_back(c);
            return true;
        });
        s.save("one");
        {
            std::unique_lock<std::mutex> g(mu);
            cv.wait(g, [&] { return entered; });
        }
        s.save("two");     // waits behind "one"
        s.save("three");   // replaces "two"
        {
            std::lock_guard<std::mutex> g(mu);
            release = true;
        }
        cv.notify_all();
        s.flush();
        BOOST_TEST(s.writes() == 2u);
    }
    BOOST_TEST(written == (std::vector<std::string>{"one", "three"}));
}

BOOST_AUTO_TEST_CASE(a_failed_save_is_reported_once_to_the_loop) {
    BackgroundSaver s([](const std::string&, std::string& why) {
        why = "/x/peer_generations: cannot write: No space left on device";
        return false;
    });
    s.save("a");
    s.flush();
    auto e = s.take_error();
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(*e == "/x/peer_generations: cannot write: No space left on device");
    BOOST_TEST(!s.take_error().has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hb_packet_time)

BOOST_AUTO_TEST_CASE(a_packet_counts_as_heard_when_the_kernel_received_it) {
    BOOST_TEST(packet_time(1000ms, 370ms, 0ms).count() == 630);   // waited 370 ms in the socket
    BOOST_TEST(packet_time(1000ms, std::nullopt, 0ms).count() == 1000);   // unknown: now
    BOOST_TEST(packet_time(1000ms, -5ms, 0ms).count() == 1000);           // clock stepped back
    BOOST_TEST(packet_time(1000ms, 60000ms, 0ms).count() == 1000);        // or forward
    // In order: never before the previous packet, never after now.
    BOOST_TEST(packet_time(1000ms, 370ms, 700ms).count() == 700);
    BOOST_TEST(packet_time(1000ms, 0ms, 1200ms).count() == 1000);
}

// Heartbeats every 10 ms that waited out a 380 ms stall: with their receive times none is a
// late heartbeat, and none declares the peer dead on arrival (3.0.6's rule for a status more
// than deadtime after the one before); with the processing time, the first one would.
BOOST_AUTO_TEST_CASE(heartbeats_that_waited_in_the_socket_are_not_late) {
    for (bool kernel_time : {false, true}) {
        FastPair p;
        p.run(3000ms);
        Millis stall_from = p.now;
        std::vector<std::pair<Millis, hb::wire::Message>> waiting;   // (sent/received at, message)
        while (p.now < stall_from + 380ms) {
            p.now += 10ms;
            for (auto& m : p.b.keepalive(p.now).send) waiting.emplace_back(p.now, m);
            p.b.tick(p.now);
        }
        bool late = false, dead = false;
        Millis previous = stall_from;
        for (auto& [at, m] : waiting) {
            Millis t = kernel_time ? packet_time(p.now, p.now - at, previous) : p.now;
            previous = t;
            for (auto& e : p.a.receive(m, "hb0", t).events) {
                if (e.kind != CoreEvent::Kind::liveness) continue;
                late |= e.live.kind == hb::membership::LivenessEvent::Kind::late_heartbeat;
                dead |= e.live.kind == hb::membership::LivenessEvent::Kind::node_dead;
            }
        }
        BOOST_TEST(late == !kernel_time);
        BOOST_TEST(dead == !kernel_time);
    }
}

BOOST_AUTO_TEST_SUITE_END()
