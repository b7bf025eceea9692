// lib/printable: outside text is one log line, with no terminal escapes.
#include <boost/test/unit_test.hpp>

#include "lib/printable.hpp"

BOOST_AUTO_TEST_SUITE(printable)

BOOST_AUTO_TEST_CASE(control_bytes_are_escaped_and_the_rest_kept) {
    // A server answering with a fake log line and a terminal escape.
    std::string forged = "OK\n[2026/12/04 10:00:00|directord|1] Real server 10.0.0.9 is up\r\x1b[2J";
    BOOST_TEST(ha::has_control_bytes(forged));
    std::string p = ha::printable(forged);
    BOOST_TEST(p == "OK\\n[2026/12/04 10:00:00|directord|1] Real server 10.0.0.9 is up\\r\\x1b[2J");
    BOOST_TEST(!ha::has_control_bytes(p));
    BOOST_TEST(ha::printable(std::string("a\0b\x7f\tc", 6)) == "a\\x00b\\x7f\\tc");
    // Plain text and UTF-8 are untouched.
    BOOST_TEST(!ha::has_control_bytes("HTTP/1.1 200 OK, caf\xc3\xa9"));
    BOOST_TEST(ha::printable("HTTP/1.1 200 OK, caf\xc3\xa9") == "HTTP/1.1 200 OK, caf\xc3\xa9");
}

BOOST_AUTO_TEST_SUITE_END()
