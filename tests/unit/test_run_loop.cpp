// The daemons' event loop (lib/run_loop.hpp): a handler that throws is logged and
// counted, and the other handlers still run.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <new>
#include <stdexcept>

#include "lib/run_loop.hpp"

BOOST_AUTO_TEST_SUITE(run_loop)

BOOST_AUTO_TEST_CASE(a_throwing_handler_does_not_end_the_loop) {
    boost::asio::io_context io;
    int ran = 0;
    auto before = ha::loop_exceptions();
    boost::asio::post(io, [] { throw std::bad_alloc(); });
    boost::asio::post(io, [&] { ++ran; });
    boost::asio::post(io, [] { throw 42; });
    boost::asio::steady_timer t(io, std::chrono::milliseconds(10));
    t.async_wait([&](boost::system::error_code) {
        ++ran;
        throw std::runtime_error("from a timer");
    });
    ha::run_contained(io, "test");
    BOOST_TEST(ran == 2);
    BOOST_TEST(ha::loop_exceptions() - before == 3u);
}

BOOST_AUTO_TEST_CASE(a_stopped_loop_returns) {
    boost::asio::io_context io;
    boost::asio::steady_timer t(io, std::chrono::hours(1));
    t.async_wait([](boost::system::error_code) {});
    boost::asio::post(io, [&] { io.stop(); });
    ha::run_contained(io, "test");
    BOOST_TEST(io.stopped());
}

BOOST_AUTO_TEST_SUITE_END()
