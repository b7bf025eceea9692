// lib/daemonize and lib/stop_daemon: the start that waits for the daemon's word, and the
// stop that waits, bounded, for the process to go. Real forks, real signals.
#include <boost/test/unit_test.hpp>

#include <climits>
#include <fcntl.h>
#include <csignal>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "lib/daemonize.hpp"
#include "lib/pidfile.hpp"
#include "lib/stop_daemon.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/lib-daemon-test-XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
};

// What the daemon side sees of itself: session leader or not, and its working directory.
std::string self_description() {
    char cwd[PATH_MAX] = {};
    std::string s = ::getsid(0) == ::getpid() ? "leader" : "member";
    return s + " " + (::getcwd(cwd, sizeof cwd) ? cwd : "?");
}

// A child that claims `pidfile` (the lock makes it "running"), says so on a pipe, then waits
// for signals; SIGTERM ignored when `stubborn`.
pid_t start_holder(const std::string& pidfile, bool stubborn) {
    int p[2];
    if (::pipe(p) != 0) return -1;
    pid_t pid = ::fork();
    if (pid == 0) {
        ::close(p[0]);
        if (stubborn) ::signal(SIGTERM, SIG_IGN);
        bool ok = ha::claim_pidfile(pidfile).ok;
        (void)!::write(p[1], ok ? "y" : "n", 1);
        ::close(p[1]);
        for (;;) ::pause();
    }
    ::close(p[1]);
    char c = 0;
    (void)!::read(p[0], &c, 1);
    ::close(p[0]);
    return c == 'y' ? pid : -1;
}

} // namespace

BOOST_AUTO_TEST_SUITE(lib_daemonize)

BOOST_AUTO_TEST_CASE(starter_gets_ready_from_a_session_leader_in_root) {
    ha::Daemonizer dz;
    auto role = dz.fork_and_detach();
    if (role == ha::Daemonizer::Role::daemon) {
        // The words travel only with failed(): use them to tell the starter what we are.
        dz.failed(self_description());
        ::_exit(0);
    }
    BOOST_REQUIRE(role == ha::Daemonizer::Role::starter);
    ::waitpid(-1, nullptr, 0);
    BOOST_TEST(!dz.report().ready);
    BOOST_TEST(dz.report().text == "leader /");

    ha::Daemonizer ok;
    role = ok.fork_and_detach();
    if (role == ha::Daemonizer::Role::daemon) {
        ok.ready();
        ::_exit(0);
    }
    ::waitpid(-1, nullptr, 0);
    BOOST_TEST(ok.report().ready);
    BOOST_TEST(ok.report().text.empty());
}

BOOST_AUTO_TEST_CASE(twice_forked_daemon_is_no_session_leader) {
    ha::Daemonizer dz;
    auto role = dz.fork_and_detach(ha::Daemonizer::Detach::fork_twice);
    if (role == ha::Daemonizer::Role::daemon) {
        dz.failed(self_description());
        ::_exit(0);
    }
    ::waitpid(-1, nullptr, 0);   // the middle process
    BOOST_TEST(dz.report().text == "member /");
}

BOOST_AUTO_TEST_CASE(a_daemon_that_dies_without_a_word_is_a_failed_start) {
    ha::Daemonizer dz;
    if (dz.fork_and_detach() == ha::Daemonizer::Role::daemon) ::_exit(3);
    ::waitpid(-1, nullptr, 0);
    BOOST_TEST(!dz.report().ready);
    BOOST_TEST(dz.report().text.empty());
}

BOOST_AUTO_TEST_CASE(a_foreground_run_reports_nowhere) {
    ha::Daemonizer dz;   // never forked: ready() and failed() do nothing (stdio stays)
    dz.failed("ignored");
    dz.ready();
    BOOST_TEST(::fcntl(1, F_GETFD) >= 0);
    BOOST_TEST(!dz.report().ready);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lib_stop_daemon)

BOOST_AUTO_TEST_CASE(nothing_to_stop) {
    TempDir t;
    auto r = ha::stop_daemon((t.path / "none.pid").string(), "x", 1s);
    BOOST_TEST(r.state == ha::StopResult::not_running);
    BOOST_TEST(r.found.state == ha::PidStatus::stopped);
}

BOOST_AUTO_TEST_CASE(signals_and_waits_until_the_process_has_gone) {
    TempDir t;
    std::string pidfile = (t.path / "d.pid").string();
    pid_t pid = start_holder(pidfile, false);
    BOOST_REQUIRE(pid > 0);
    // The stopper is not the daemon's parent in real life: reap here so no zombie lingers.
    std::thread reaper([pid] { ::waitpid(pid, nullptr, 0); });
    auto r = ha::stop_daemon(pidfile, "no-such-needle", 10s);
    reaper.join();
    BOOST_TEST(r.state == ha::StopResult::stopped);
    BOOST_TEST(r.found.pid == pid);
}

BOOST_AUTO_TEST_CASE(gives_up_after_the_limit) {
    TempDir t;
    std::string pidfile = (t.path / "d.pid").string();
    pid_t pid = start_holder(pidfile, true);
    BOOST_REQUIRE(pid > 0);
    auto r = ha::stop_daemon(pidfile, "no-such-needle", 200ms);
    BOOST_TEST(r.state == ha::StopResult::timed_out);
    BOOST_TEST(::kill(pid, 0) == 0);   // still there
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

BOOST_AUTO_TEST_SUITE_END()
