// Deadlines on their own timer and on a shared DeadlineQueue (the check scheduler's).
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "directord/checks/transport/deadline.hpp"

using namespace directord::checks;
using namespace std::chrono_literals;
namespace asio = boost::asio;

BOOST_AUTO_TEST_SUITE(checks_deadline)

BOOST_AUTO_TEST_CASE(queue_fires_each_deadline_in_time_order_and_only_its_closers) {
    asio::io_context io;
    auto q = DeadlineQueue::make(io.get_executor());
    std::vector<std::string> fired;
    auto late = std::make_unique<Deadline>(*q), early = std::make_unique<Deadline>(*q),
         never = std::make_unique<Deadline>(*q);
    late->arm(120ms);
    early->arm(40ms);
    never->arm(80ms);
    auto g1 = late->on_expire([&] { fired.push_back("late"); });
    auto g2 = early->on_expire([&] { fired.push_back("early"); });
    auto g3 = never->on_expire([&] { fired.push_back("never"); });
    BOOST_TEST(q->size() == 3u);
    never.reset();   // its run ended before its limit: out of the queue, nothing fires
    BOOST_TEST(q->size() == 2u);
    io.run_for(400ms);
    BOOST_TEST((fired == std::vector<std::string>{"early", "late"}));
    BOOST_TEST(early->expired());
    BOOST_TEST(late->expired());
    BOOST_TEST(q->size() == 0u);
    BOOST_TEST(io.stopped());   // nothing armed any more: the queue's timer does not hold the loop
}

BOOST_AUTO_TEST_CASE(queue_rearm_moves_a_deadline_and_a_dropped_guard_keeps_its_closer_from_running) {
    asio::io_context io;
    auto q = DeadlineQueue::make(io.get_executor());
    Deadline a(*q), b(*q);
    int a_closed = 0, b_closed = 0, dropped = 0;
    a.arm(30ms);
    b.arm(60ms);
    auto ga = a.on_expire([&] { ++a_closed; });
    auto gb = b.on_expire([&] { ++b_closed; });
    {
        auto gone = a.on_expire([&] { ++dropped; });
    }
    a.arm(300ms);   // later than b now: b goes first
    auto t0 = std::chrono::steady_clock::now();
    io.run_for(150ms);
    BOOST_TEST(b_closed == 1);
    BOOST_TEST(a_closed == 0);
    io.restart();
    io.run_for(400ms);
    BOOST_TEST(a_closed == 1);
    BOOST_TEST(dropped == 0);
    BOOST_TEST((std::chrono::steady_clock::now() - t0 >= 300ms));
    // Registered after the limit passed: runs at once.
    int after = 0;
    auto g = a.on_expire([&] { ++after; });
    BOOST_TEST(after == 1);
}

BOOST_AUTO_TEST_CASE(queue_gives_a_run_back_the_time_a_stalled_loop_took) {
    asio::io_context io;
    auto q = DeadlineQueue::make(io.get_executor());
    Deadline d(*q);
    int closed = 0;
    d.arm(200ms);
    auto g = d.on_expire([&] { ++closed; });
    ::usleep(500 * 1000);   // the loop is blocked past the limit (a long table update)
    io.run_for(50ms);
    // Not expired at the late wake-up: the answer may be waiting unread.
    BOOST_TEST(closed == 0);
    BOOST_TEST(!d.expired());
    io.restart();
    io.run_for(600ms);   // the 200 ms given back pass with the loop running: now it expires
    BOOST_TEST(closed == 1);
    BOOST_TEST(d.expired());
}

BOOST_AUTO_TEST_CASE(expire_now_and_a_queue_gone_first) {
    asio::io_context io;
    auto q = DeadlineQueue::make(io.get_executor());
    auto d = std::make_unique<Deadline>(*q);
    auto e = std::make_unique<Deadline>(*q);
    int closed = 0;
    d->arm(10s);
    e->arm(10s);
    auto g = d->on_expire([&] { ++closed; });
    d->expire_now();
    BOOST_TEST(closed == 1);
    BOOST_TEST(q->size() == 1u);
    q.reset();   // its owner went first: the Deadlines left never expire, and nothing dangles
    e->expire_now();
    d.reset();
    e.reset();
    io.run_for(20ms);
    BOOST_TEST(closed == 1);
}

BOOST_AUTO_TEST_CASE(own_timer_deadline_still_fires) {
    asio::io_context io;
    Deadline d(io.get_executor());
    int closed = 0;
    d.arm(30ms);
    auto g = d.on_expire([&] { ++closed; });
    io.run_for(300ms);
    BOOST_TEST(closed == 1);
    BOOST_TEST((d.limit() == std::chrono::steady_clock::duration(30ms)));
}

BOOST_AUTO_TEST_SUITE_END()
