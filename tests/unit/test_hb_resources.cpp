// Resource scripts: lookup, status text, the real process runner (capture, timeout kill of
// the process group, no zombies, immune to a waitpid(-1) reaper) and group start/stop order.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeatd/resources/group_runner.hpp"
#include "heartbeatd/resources/process_runner.hpp"
#include "heartbeatd/resources/recording_runner.hpp"
#include "lib/child.hpp"

using namespace hb::resources;
namespace fs = std::filesystem;
namespace asio = boost::asio;
using Millis = std::chrono::milliseconds;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        char t[] = "/tmp/hbres-XXXXXX";
        path = mkdtemp(t);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string write(const std::string& rel, const std::string& body, bool exec = true) {
        auto p = path / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p) << body;
        chmod(p.c_str(), exec ? 0755 : 0644);
        return p.string();
    }
    std::string read(const std::string& rel) const {
        std::ifstream f(path / rel);
        std::stringstream s;
        s << f.rdbuf();
        return s.str();
    }
};

ScriptOutcome run_one(ScriptCall c) {
    asio::io_context io;
    ProcessRunner r(io.get_executor());
    ScriptOutcome got;
    bool called = false;
    r.run(std::move(c), [&](ScriptOutcome o) {
        got = std::move(o);
        called = true;
    });
    io.run_for(std::chrono::seconds(20));
    BOOST_TEST(called);
    BOOST_TEST(r.running() == 0u);
    return got;
}

// Children of this process still present (zombies included).
std::string my_children() {
    std::string all;
    for (auto& t : fs::directory_iterator("/proc/self/task")) {
        std::ifstream f(t.path() / "children");
        std::string s;
        std::getline(f, s);
        all += s;
    }
    return all;
}

bool process_gone(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    if (!f) return true;
    std::string line;
    std::getline(f, line);
    auto p = line.rfind(')');
    return p != std::string::npos && p + 2 < line.size() && line[p + 2] == 'Z';
}

// A resource script that logs "<name> <args...>" to $LOG and keeps state in $STATE/<name>.
const char* kScript = R"(#!/bin/sh
name=$(basename "$0")
for a; do act=$a; done
echo "$name $*" >> "$LOG"
case "$act" in
  start) [ -e "$STATE/fail-start-$name" ] && exit 1; touch "$STATE/$name"; exit 0;;
  stop) [ -e "$STATE/fail-stop-$name" ] && exit 1; rm -f "$STATE/$name"; exit 0;;
  status) if [ -e "$STATE/$name" ]; then echo "$name is running"; else echo "$name is stopped"; fi;;
esac
)";

struct Fixture {
    TempDir dir;
    asio::io_context io;
    ProcessRunner runner{io.get_executor()};
    std::vector<std::string> lines;
    ResourceEnv env;

    Fixture() {
        for (auto n : {"r1", "r2", "r3"}) dir.write(std::string("resource.d/") + n, kScript);
        dir.write("init.d/svc", kScript);
        fs::create_directories(dir.path / "state");
        env.script_dirs = {(dir.path / "resource.d").string(), (dir.path / "init.d").string()};
        env.node = "nodea";
        env.stop_retry_delay = Millis(10);
        env.stop_retries = 3;
        env.timeout = Millis(5000);
        env.extra = {"LOG=" + (dir.path / "log").string(), "STATE=" + (dir.path / "state").string()};
    }
    GroupRunner make(const std::string& line) {
        auto r = hb::config::parse_haresources(line);
        BOOST_REQUIRE(r.ok());
        return GroupRunner(io.get_executor(), runner, env, r.groups,
                           [this](GroupRunner::Level, const std::string& s) { lines.push_back(s); });
    }
    bool wait(std::function<void(GroupRunner::Done)> op) {
        std::optional<bool> res;
        op([&](bool ok) { res = ok; });
        io.restart();
        while (!res && io.run_one_for(std::chrono::seconds(10))) {
        }
        BOOST_REQUIRE(res.has_value());
        return *res;
    }
    std::string log() { return dir.read("log"); }
    void flag(const std::string& f) { dir.write("state/" + f, ""); }
    bool logged(const std::string& part) const {
        for (auto& l : lines)
            if (l.find(part) != std::string::npos) return true;
        return false;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(hb_resources)

BOOST_AUTO_TEST_CASE(status_text_as_heartbeat_reads_it) {
    BOOST_TEST(status_text_running("IPaddr is running"));
    BOOST_TEST(status_text_running("INFO: Running OK\n"));
    BOOST_TEST(status_text_running("OK"));
    BOOST_TEST(!status_text_running("service is not running"));
    BOOST_TEST(!status_text_running("Not  Running"));
    BOOST_TEST(!status_text_running("notrunning"));
    BOOST_TEST(!status_text_running("stopped"));
    BOOST_TEST(!status_text_running(""));
    BOOST_TEST(!status_text_running("ok"));   // case matters for OK
    BOOST_TEST(status_text_running("running (pid 4)"));
}

BOOST_AUTO_TEST_CASE(lookup_prefers_resource_d_then_init_d) {
    TempDir d;
    d.write("rd/both", "#!/bin/sh\n");
    d.write("id/both", "#!/bin/sh\n");
    d.write("id/only", "#!/bin/sh\n");
    d.write("rd/noexec", "#!/bin/sh\n", false);
    d.write("id/noexec", "#!/bin/sh\n");
    fs::create_directories(d.path / "rd/adir");
    std::vector<std::string> dirs = {(d.path / "rd").string(), (d.path / "id").string()};
    BOOST_TEST(*locate_script(dirs, "both") == (d.path / "rd/both").string());
    BOOST_TEST(*locate_script(dirs, "only") == (d.path / "id/only").string());
    BOOST_TEST(*locate_script(dirs, "noexec") == (d.path / "id/noexec").string());
    BOOST_TEST(!locate_script(dirs, "adir"));
    BOOST_TEST(!locate_script(dirs, "missing"));
    BOOST_TEST(!locate_script(dirs, "../id/only"));
}

BOOST_AUTO_TEST_CASE(environment_has_heartbeat_and_ocf_variables) {
    ResourceEnv e;
    e.node = "nodea";
    e.nice_failback = true;
    auto v = script_environment(e);
    auto has = [&](const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
    BOOST_TEST(has("HA_DIR=/etc/ha.d"));
    BOOST_TEST(has("HA_FUNCS=/etc/ha.d/shellfuncs"));
    BOOST_TEST(has("HA_CURHOST=nodea"));
    BOOST_TEST(has("HA_NICEFAILBACK=yes"));
    BOOST_TEST(has("OCF_ROOT=/usr/lib/ocf"));
}

BOOST_AUTO_TEST_CASE(runner_captures_output_and_exit_code) {
    TempDir d;
    auto s = d.write("s", "#!/bin/sh\necho \"out $1 $HELLO\"\necho err >&2\nexit 3\n");
    auto o = run_one({{s, "arg"}, {"HELLO=world"}, Millis(5000)});
    BOOST_TEST((o.end == ScriptOutcome::End::exited));
    BOOST_TEST(o.code == 3);
    BOOST_TEST(o.out == "out arg world\n");
    BOOST_TEST(o.err == "err\n");
    BOOST_TEST(!o.ok());
    BOOST_TEST(my_children() == "");
}

BOOST_AUTO_TEST_CASE(runner_reports_missing_program_and_signals) {
    auto o = run_one({{"/nonexistent/x"}, {}, Millis(5000)});
    BOOST_TEST((o.end == ScriptOutcome::End::exited));
    BOOST_TEST(o.code == 127);
    TempDir d;
    auto s = d.write("k", "#!/bin/sh\nkill -TERM $$\n");
    auto k = run_one({{s}, {}, Millis(5000)});
    BOOST_TEST((k.end == ScriptOutcome::End::signalled));
    BOOST_TEST(k.code == SIGTERM);
    auto e = run_one({{}, {}, Millis(5000)});
    BOOST_TEST((e.end == ScriptOutcome::End::spawn_failed));
}

BOOST_AUTO_TEST_CASE(runner_timeout_kills_the_whole_group) {
    TempDir d;
    auto pidf = (d.path / "pid").string();
    auto s = d.write("t", "#!/bin/sh\nsleep 30 &\necho $! > " + pidf + "\necho started\nwait\n");
    auto t0 = std::chrono::steady_clock::now();
    auto o = run_one({{s}, {}, Millis(300)});
    auto took = std::chrono::steady_clock::now() - t0;
    BOOST_TEST((o.end == ScriptOutcome::End::timed_out));
    BOOST_TEST(o.out == "started\n");
    BOOST_TEST((took < std::chrono::seconds(5)));
    pid_t gc = std::stoi(d.read("pid"));
    for (int i = 0; i < 50 && !process_gone(gc); ++i) usleep(20000);
    BOOST_TEST(process_gone(gc));
    BOOST_TEST(my_children() == "");
}

BOOST_AUTO_TEST_CASE(runner_does_not_wait_for_a_daemon_holding_the_pipe) {
    TempDir d;
    auto s = d.write("dmn", "#!/bin/sh\n(setsid sleep 3 &)\necho parent done\nexit 0\n");
    auto t0 = std::chrono::steady_clock::now();
    auto o = run_one({{s}, {}, Millis(10000)});
    BOOST_TEST(o.ok());
    BOOST_TEST(o.out == "parent done\n");
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(2500)));
}

BOOST_AUTO_TEST_CASE(runner_status_survives_a_waitpid_minus_one_reaper) {
    TempDir d;
    auto s = d.write("r", "#!/bin/sh\nsleep 0.3\nexit 7\n");
    asio::io_context io;
    ProcessRunner r(io.get_executor());
    std::optional<ScriptOutcome> got;
    r.run({{s}, {}, Millis(5000)}, [&](ScriptOutcome o) { got = std::move(o); });
    asio::steady_timer reap(io);
    std::function<void()> loop = [&] {
        ha::reap_children();   // what a daemon's SIGCHLD handler would do
        if (got) return;
        reap.expires_after(Millis(20));
        reap.async_wait([&](boost::system::error_code) { loop(); });
    };
    loop();
    io.run_for(std::chrono::seconds(10));
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->code == 7);
}

BOOST_AUTO_TEST_CASE(runner_runs_several_at_once_and_destructor_kills) {
    TempDir d;
    auto s = d.write("s", "#!/bin/sh\nsleep 30\n");
    {
        asio::io_context io;
        ProcessRunner r(io.get_executor());
        int done = 0;
        for (int i = 0; i < 3; ++i) r.run({{s}, {}, Millis(60000)}, [&](ScriptOutcome) { ++done; });
        io.run_for(Millis(200));
        BOOST_TEST(r.running() == 3u);
        BOOST_TEST(done == 0);
    }
    BOOST_TEST(my_children() == "");
}

BOOST_FIXTURE_TEST_CASE(group_starts_left_to_right_stops_right_to_left, Fixture) {
    auto g = make("nodea r1::a::b r2 svc::x\n");
    BOOST_TEST(wait([&](auto d) { g.start("r1::a::b", d); }));
    BOOST_TEST(log() == "r1 a b status\nr1 a b start\nr2 status\nr2 start\nsvc x status\nsvc x start\n");
    fs::remove(dir.path / "log");
    BOOST_TEST(wait([&](auto d) { g.status("r1::a::b", d); }));
    BOOST_TEST(wait([&](auto d) { g.stop("r1::a::b", d); }));
    BOOST_TEST(log() == "r1 a b status\nr2 status\nsvc x status\nsvc x stop\nr2 stop\nr1 a b stop\n");
    BOOST_TEST(!wait([&](auto d) { g.status("r1::a::b", d); }));
}

BOOST_FIXTURE_TEST_CASE(group_start_skips_running_resources, Fixture) {
    auto g = make("nodea r1 r2\n");
    flag("r1");
    BOOST_TEST(wait([&](auto d) { g.start("r1", d); }));
    BOOST_TEST(log() == "r1 status\nr2 status\nr2 start\n");
    BOOST_TEST(logged("already running"));
}

BOOST_FIXTURE_TEST_CASE(failed_start_releases_the_group, Fixture) {
    auto g = make("nodea r1 r2 r3\n");
    flag("fail-start-r2");
    BOOST_TEST(!wait([&](auto d) { g.start("r1", d); }));
    BOOST_TEST(log() == "r1 status\nr1 start\nr2 status\nr2 start\nr3 stop\nr2 stop\nr1 stop\n");
    BOOST_TEST(logged("Giving up resources due to failure of r2"));
    BOOST_TEST(!fs::exists(dir.path / "state/r1"));
}

BOOST_FIXTURE_TEST_CASE(missing_script_fails_the_start, Fixture) {
    auto g = make("nodea r1 nosuch\n");
    BOOST_TEST(!wait([&](auto d) { g.start("r1", d); }));
    BOOST_TEST(logged("Cannot locate resource script nosuch"));
    BOOST_TEST(!fs::exists(dir.path / "state/r1"));
    BOOST_TEST(!wait([&](auto d) { g.start("unknown-key", d); }));
}

BOOST_FIXTURE_TEST_CASE(failed_stop_retries_then_fails_loudly_without_reboot, Fixture) {
    auto g = make("nodea r1 r2\n");
    BOOST_TEST(wait([&](auto d) { g.start("r1", d); }));
    fs::remove(dir.path / "log");
    flag("fail-stop-r2");
    BOOST_TEST(!wait([&](auto d) { g.stop("r1", d); }));
    // three tries, a status check, and the rest of the group is still released
    BOOST_TEST(log() == "r2 stop\nr2 stop\nr2 stop\nr2 status\nr1 stop\n");
    BOOST_TEST(logged("failed to stop and is still running"));
    BOOST_TEST(logged("heartbeatd does not"));
}

BOOST_FIXTURE_TEST_CASE(failed_stop_of_a_stopped_resource_is_tolerated, Fixture) {
    auto g = make("nodea r1\n");
    flag("fail-stop-r1");
    BOOST_TEST(wait([&](auto d) { g.stop("r1", d); }));
    BOOST_TEST(logged("probably not LSB-compliant"));
}

BOOST_FIXTURE_TEST_CASE(script_timeout_is_a_failure, Fixture) {
    dir.write("resource.d/slow", "#!/bin/sh\nfor a; do act=$a; done\n[ $act = start ] && sleep 30\nexit 0\n");
    env.timeout = Millis(300);
    auto g = make("nodea r1 slow\n");
    BOOST_TEST(!wait([&](auto d) { g.start("r1", d); }));
    BOOST_TEST(logged("timed out"));
    BOOST_TEST(!fs::exists(dir.path / "state/r1"));
}

BOOST_AUTO_TEST_CASE(recording_runner_builds_heartbeat_command_lines) {
    TempDir d;
    d.write("rd/IPaddr", "#!/bin/sh\n");
    asio::io_context io;
    RecordingRunner rec(io.get_executor(), [](const ScriptCall& c) {
        ScriptOutcome o;
        o.end = ScriptOutcome::End::exited;
        o.code = 0;
        if (c.argv.back() == "status") o.out = "stopped";
        return o;
    });
    ResourceEnv env;
    env.script_dirs = {(d.path / "rd").string()};
    auto r = hb::config::parse_haresources("nodea 10.0.0.10/24/eth0\n");
    GroupRunner g(io.get_executor(), rec, env, r.groups, [](auto, auto&) {});
    bool ok = false;
    g.start("10.0.0.10/24/eth0", [&](bool b) { ok = b; });
    io.run();
    BOOST_TEST(ok);
    BOOST_TEST_REQUIRE(rec.calls.size() == 2u);
    std::vector<std::string> want = {(d.path / "rd/IPaddr").string(), "10.0.0.10/24/eth0", "start"};
    BOOST_TEST(rec.calls[1].argv == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
