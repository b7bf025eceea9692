// lib/log: every level reaches syslog with its own priority, and files/stderr with
// heartbeat's level word for warnings and worse; debug lines only when enabled.
#include <boost/test/unit_test.hpp>

#include <syslog.h>
#include <utility>
#include <vector>

#include "lib/log.hpp"

BOOST_AUTO_TEST_SUITE(levelled_log)

BOOST_AUTO_TEST_CASE(level_maps_to_syslog_priority) {
    using L = ha::LogLevel;
    BOOST_TEST(ha::syslog_priority(L::debug) == LOG_DEBUG);
    BOOST_TEST(ha::syslog_priority(L::info) == LOG_INFO);
    BOOST_TEST(ha::syslog_priority(L::notice) == LOG_NOTICE);
    BOOST_TEST(ha::syslog_priority(L::warning) == LOG_WARNING);
    BOOST_TEST(ha::syslog_priority(L::err) == LOG_ERR);
    BOOST_TEST(ha::syslog_priority(L::crit) == LOG_CRIT);
}

BOOST_AUTO_TEST_CASE(level_words_are_heartbeats) {
    using L = ha::LogLevel;
    BOOST_TEST(ha::with_level_word(L::err, "x") == "ERROR: x");
    BOOST_TEST(ha::with_level_word(L::warning, "x") == "WARN: x");
    BOOST_TEST(ha::with_level_word(L::crit, "x") == "CRIT: x");
    // ldirectord's lines (info) and notices keep their wording untouched.
    BOOST_TEST(ha::with_level_word(L::info, "Added real server: x") == "Added real server: x");
    BOOST_TEST(ha::with_level_word(L::notice, "x") == "x");
}

BOOST_AUTO_TEST_CASE(each_call_carries_its_priority_to_the_sink) {
    ha::Log l;
    std::vector<std::pair<int, std::string>> got;
    l.to_capture([&](int p, const std::string& s) { got.emplace_back(p, s); });
    l.info("i");
    l.notice("n");
    l.warning("w");
    l.error("e");
    l.crit("c");
    l.debug(1, "hidden");   // debug level 0: not written
    l.set_debug(2);
    l.debug(2, "d");
    l.info_lines({"a", "b"});
    std::vector<std::pair<int, std::string>> want = {
        {LOG_INFO, "i"},        {LOG_NOTICE, "n"},      {LOG_WARNING, "WARN: w"}, {LOG_ERR, "ERROR: e"},
        {LOG_CRIT, "CRIT: c"},  {LOG_DEBUG, "DEBUG2: d"}, {LOG_INFO, "a"},          {LOG_INFO, "b"}};
    BOOST_TEST(got.size() == want.size());
    for (std::size_t i = 0; i < got.size() && i < want.size(); ++i) {
        BOOST_TEST(got[i].first == want[i].first);
        BOOST_TEST(got[i].second == want[i].second);
    }
}

BOOST_AUTO_TEST_SUITE_END()
