// lib/log_queue and lib/log_writer: the background log writer never grows without bound,
// says how many lines it dropped, keeps lines in order, and follows logrotate (a moved or
// removed file is replaced by a new one at the path) without a signal.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "lib/log.hpp"
#include "lib/log_queue.hpp"
#include "lib/log_writer.hpp"

namespace {

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct TempDir {
    std::string path;
    TempDir() {
        char t[] = "/tmp/logwriter.XXXXXX";
        path = ::mkdtemp(t);
    }
    ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(log_writer)

BOOST_AUTO_TEST_CASE(full_queue_drops_and_counts) {
    ha::LogQueue q(3);
    BOOST_TEST(q.push("a"));
    BOOST_TEST(q.push("b"));
    BOOST_TEST(q.push("c"));
    BOOST_TEST(!q.push("d"));
    BOOST_TEST(!q.push("e"));
    auto b = q.take();
    BOOST_TEST(b.lines == (std::vector<std::string>{"a", "b", "c"}));
    BOOST_TEST(b.dropped == 2u);
    BOOST_TEST(q.empty());
    BOOST_TEST(q.push("f"));   // room again
    auto b2 = q.take();
    BOOST_TEST(b2.lines.size() == 1u);
    BOOST_TEST(b2.dropped == 0u);   // counted once, in the batch that reported them
    BOOST_TEST(q.dropped_total() == 2u);
}

BOOST_AUTO_TEST_CASE(byte_bound_drops_too) {
    ha::LogQueue q(100, 10);
    BOOST_TEST(q.push("12345"));
    BOOST_TEST(q.push("12345"));
    BOOST_TEST(!q.push("1"));
    BOOST_TEST(q.take().dropped == 1u);
}

BOOST_AUTO_TEST_CASE(dropped_notice_wording) {
    BOOST_TEST(ha::dropped_notice(1) == "1 log line dropped (the log writer fell behind)");
    BOOST_TEST(ha::dropped_notice(17) == "17 log lines dropped (the log writer fell behind)");
}

BOOST_AUTO_TEST_CASE(moved_or_removed_file_is_reopened) {
    ha::FileId open{1, 42};
    BOOST_TEST(!ha::log_file_moved(open, ha::FileId{1, 42}));
    BOOST_TEST(ha::log_file_moved(open, ha::FileId{1, 43}));   // rotated: a new file there
    BOOST_TEST(ha::log_file_moved(open, ha::FileId{2, 42}));
    BOOST_TEST(ha::log_file_moved(open, std::nullopt));         // removed
}

BOOST_AUTO_TEST_CASE(writer_keeps_order_and_follows_rotation) {
    TempDir d;
    std::string path = d.path + "/ha-log";
    {
        ha::LogFileWriter w(path, [](const std::string& m) { return "[x] " + m; });
        BOOST_REQUIRE(w.start());
        BOOST_TEST(w.owned());
        for (int i = 0; i < 100; ++i) w.post("line " + std::to_string(i));
        w.flush();
        std::string first = read_all(path);
        BOOST_TEST(first.find("line 0\nline 1\n") == 0u);
        BOOST_TEST(first.find("line 99\n") != std::string::npos);
        BOOST_TEST(std::count(first.begin(), first.end(), '\n') == 100);
        // logrotate: the file is renamed away; the next lines go to a new file at the path.
        BOOST_REQUIRE(::rename(path.c_str(), (path + ".1").c_str()) == 0);
        w.post("after rotation");
        w.flush();
        BOOST_TEST(read_all(path) == "after rotation\n");
        BOOST_TEST(read_all(path + ".1") == first);
        ::unlink(path.c_str());
        w.post("after removal");
    }   // the destructor writes what is queued
    BOOST_TEST(read_all(path) == "after removal\n");
}

// The Log front end: lines reach the file with the usual prefix, through the thread.
BOOST_AUTO_TEST_CASE(log_in_background_writes_the_same_lines) {
    TempDir d;
    std::string path = d.path + "/ha-log";
    ha::Log l;
    l.to_file(path, "heartbeatd");
    l.write_in_background(true);
    l.warning("w");
    l.info_lines({"a", "b"});
    l.flush();
    std::string text = read_all(path);
    std::string pid = std::to_string(::getpid());
    BOOST_TEST(text.find("|heartbeatd|" + pid + "] WARN: w\n") != std::string::npos);
    BOOST_TEST(text.find("|heartbeatd|" + pid + "] a\n") != std::string::npos);
    BOOST_TEST(text.find("] b\n") > text.find("] a\n"));
    l.write_in_background(false);   // back to a line per open: still the same file
    l.info("sync");
    BOOST_TEST(read_all(path).find("] sync\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
