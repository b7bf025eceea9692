// lib/pidfile: the flock that keeps a second daemon from running beside the first.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/pidfile.hpp"

namespace fs = std::filesystem;

namespace {
struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/pidfile-test-XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
};

// Runs `fn` in a child process; its return value is the child's exit status.
template <class F> int in_child(F fn) {
    pid_t pid = ::fork();
    if (pid == 0) ::_exit(fn());
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 255;
}
} // namespace

BOOST_AUTO_TEST_SUITE(pidfile)

BOOST_AUTO_TEST_CASE(second_claim_fails_while_the_first_holds_the_lock) {
    TempDir t;
    std::string p = (t.path / "d.pid").string();
    BOOST_TEST(ha::claim_pidfile(p).ok);
    std::ifstream in(p);
    long pid = 0;
    in >> pid;
    BOOST_TEST(pid == long(::getpid()));
    // Another process: refused, naming the holder.
    int rc = in_child([&] {
        auto c = ha::claim_pidfile(p);
        return !c.ok && c.held && c.why.find("held by another running process (pid " + std::to_string(pid) + ")") != std::string::npos ? 0 : 1;
    });
    BOOST_TEST(rc == 0);
    // Locked means running, whatever the command line looks like.
    auto st = ha::read_pidfile(p, "no-such-program-name");
    BOOST_TEST(st.state == ha::PidStatus::running);
    BOOST_TEST(st.pid == ::getpid());
    // Once released, the file is gone and another process can claim it.
    ha::release_pidfile(p);
    BOOST_TEST(!fs::exists(p));
    BOOST_TEST(in_child([&] { return ha::claim_pidfile(p).ok ? 0 : 1; }) == 0);
    // That child has exited: its lock went with it, and its pid is no "needle" process.
    BOOST_TEST(ha::read_pidfile(p, "no-such-program-name").state == ha::PidStatus::stale);
}

BOOST_AUTO_TEST_CASE(a_stale_file_is_taken_over) {
    TempDir t;
    std::string p = (t.path / "d.pid").string();
    std::ofstream(p) << "999999999\n";
    BOOST_TEST(ha::read_pidfile(p, "x").state == ha::PidStatus::stale);
    BOOST_TEST(ha::claim_pidfile(p).ok);
    std::ifstream in(p);
    long pid = 0;
    in >> pid;
    BOOST_TEST(pid == long(::getpid()));   // truncated and rewritten, no leftover digits
    ha::release_pidfile(p);
}

BOOST_AUTO_TEST_CASE(a_symlink_is_never_followed) {
    TempDir t;
    std::string target = (t.path / "victim").string();
    std::ofstream(target) << "precious\n";
    std::string p = (t.path / "d.pid").string();
    fs::create_symlink(target, p);
    auto c = ha::claim_pidfile(p);
    BOOST_TEST(!c.ok);
    BOOST_TEST(!c.held);
    BOOST_TEST(c.why.find("cannot open pid file") != std::string::npos, c.why);
    std::ifstream in(target);
    std::string text;
    in >> text;
    BOOST_TEST(text == "precious");
}

BOOST_AUTO_TEST_SUITE_END()
