// connect, ping, external and combined probes, and the CheckScheduler's deadline and stop.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_fakes.hpp"
#include "directord/checks/transport/child_process.hpp"
#include "directord/checks/engine/combined_probe.hpp"
#include "directord/checks/protocols/connect_probe.hpp"
#include "directord/checks/protocols/external_probe.hpp"
#include "directord/checks/protocols/ping_probe.hpp"
#include "directord/checks/transport/pinger.hpp"

using namespace directord::checks;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

// A probe that answers from a script and never blocks.
class Scripted : public Probe {
public:
    explicit Scripted(std::vector<bool> answers) : answers_(std::move(answers)) {}
    asio::awaitable<CheckResult> run(Deadline&) override {
        bool up = calls_ < answers_.size() ? answers_[calls_] : false;
        ++calls_;
        co_return CheckResult{up, up ? "ok" : "fail"};
    }
    std::size_t calls_ = 0;

private:
    std::vector<bool> answers_;
};

// A probe that waits until its deadline closes it.
class Hangs : public Probe {
public:
    explicit Hangs(asio::any_io_executor ex) : timer_(ex, asio::steady_timer::time_point::max()) {}
    asio::awaitable<CheckResult> run(Deadline& dl) override {
        auto g = dl.on_expire([this] { timer_.cancel(); });
        boost::system::error_code ec;
        co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        co_return CheckResult{true, "should not be reported as up"};
    }

private:
    asio::steady_timer timer_;
};

// A probe whose every run throws what `thrower` throws.
class Throws : public Probe {
public:
    explicit Throws(std::function<void()> thrower) : thrower_(std::move(thrower)) {}
    asio::awaitable<CheckResult> run(Deadline&) override {
        ++calls_;
        thrower_();
        co_return CheckResult{true, "not reached"};
    }
    int calls_ = 0;

private:
    std::function<void()> thrower_;
};

struct TempDir {
    TempDir() {
        char d[] = "/tmp/directord-ext-XXXXXX";
        path = mkdtemp(d);
    }
    ~TempDir() { std::system(("rm -rf " + path).c_str()); }
    std::string script(const std::string& name, const std::string& body) {
        std::string p = path + "/" + name;
        std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
        chmod(p.c_str(), 0755);
        return p;
    }
    std::string path;
};

std::unique_ptr<Probe> external(asio::io_context& io, std::vector<std::string> argv, std::shared_ptr<ProcessPool> pool = nullptr) {
    if (!pool) pool = std::make_shared<ProcessPool>(io.get_executor(), 4);
    return std::make_unique<ExternalProbe>(io.get_executor(), std::move(argv), 1s, pool);
}

bool process_gone(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return true;
    std::string line;
    std::getline(stat, line);
    auto rp = line.rfind(')');
    return rp != std::string::npos && line.size() > rp + 2 && line[rp + 2] == 'Z';   // a zombie of someone else
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks_probes)

BOOST_AUTO_TEST_CASE(connect_open_and_refused) {
    asio::io_context io;
    fakes::HttpServer srv(io, {});
    auto lo = *ha::Address::parse("127.0.0.1");
    auto r = fakes::run_once(io, std::make_unique<ConnectProbe>(io.get_executor(), lo, srv.port()), 2s);
    BOOST_TEST(r.up, r.reason);
    std::uint16_t port = srv.port();
    srv.close();
    auto down = fakes::run_once(io, std::make_unique<ConnectProbe>(io.get_executor(), lo, port), 2s);
    BOOST_TEST(!down.up);
    auto none = fakes::run_once(io, std::make_unique<ConnectProbe>(io.get_executor(), lo, 0), 2s);
    BOOST_TEST(!none.up);
}

BOOST_AUTO_TEST_CASE(icmp_packets) {
    auto req = icmp_echo_request(false, 0x1234, 7);
    BOOST_TEST(req.size() == 64u);
    BOOST_TEST(icmp_checksum(req.data(), req.size()) == 0);   // a valid checksum sums to zero
    auto reply = req;
    reply[0] = 0;
    BOOST_TEST(icmp_echo_reply_seq(false, reply.data(), reply.size(), false, 0x1234) == 7);
    BOOST_TEST(icmp_echo_reply_seq(false, reply.data(), reply.size(), false, 0x9999) == -1);
    BOOST_TEST(icmp_echo_reply_seq(false, req.data(), req.size(), false, -1) == -1);   // a request is not a reply
    auto v6 = icmp_echo_request(true, 1, 2);
    v6[0] = 129;
    BOOST_TEST(icmp_echo_reply_seq(true, v6.data(), v6.size(), false, -1) == 2);
}

BOOST_AUTO_TEST_CASE(ping_loopback_v4_and_v6) {
    asio::io_context io;
    for (const char* a : {"127.0.0.1", "::1"}) {
        auto addr = *ha::Address::parse(a);
        auto pinger = std::make_shared<Pinger>(io.get_executor(), addr.family);
        auto r = fakes::run_once(io, std::make_unique<PingProbe>(pinger, addr, 2, 2s), 4s);
        if (!r.up && r.reason.find("cannot open an ICMP socket") != std::string::npos) {
            BOOST_TEST_MESSAGE("no ICMP socket here, ping not tested: " << r.reason);
            continue;
        }
        BOOST_TEST(r.up, a << ": " << r.reason);
    }
}

BOOST_AUTO_TEST_CASE(external_exit_status) {
    asio::io_context io;
    TempDir t;
    auto args = t.path + "/args";
    auto ok = t.script("ok", "echo \"$@\" > " + args + "; exit 0");
    auto r = fakes::run_once(io, external(io, {ok, "10.0.0.1", "80", "10.0.1.1", "8080"}), 1s);
    BOOST_TEST(r.up, r.reason);
    std::string line;
    std::getline(std::ifstream(args), line);
    BOOST_TEST(line == "10.0.0.1 80 10.0.1.1 8080");
    auto f = fakes::run_once(io, external(io, {"/bin/false"}), 1s);
    BOOST_TEST(!f.up);
    BOOST_TEST(f.reason == "exit 1");
    auto missing = fakes::run_once(io, external(io, {"/nonexistent/check"}), 1s);
    BOOST_TEST(!missing.up);
    BOOST_TEST(missing.reason.find("127") != std::string::npos, missing.reason);
}

BOOST_AUTO_TEST_CASE(external_timeout_kills_the_process_group) {
    asio::io_context io;
    TempDir t;
    auto pidfile = t.path + "/grandchild";
    auto slow = t.script("slow", "sleep 30 & echo $! > " + pidfile + "; wait");
    auto r = fakes::run_once(io, external(io, {slow}), 1s);
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("timed out") != std::string::npos, r.reason);
    pid_t grandchild = 0;
    std::ifstream(pidfile) >> grandchild;
    BOOST_REQUIRE(grandchild > 0);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        io.restart();
        io.run_for(50ms);
        gone = process_gone(grandchild);
    }
    BOOST_TEST(gone);
}

BOOST_AUTO_TEST_CASE(children_are_invisible_to_a_waitpid_minus_one_reaper_and_reaped) {
    asio::io_context io;
    std::string err;
    auto child = ChildProcess::spawn(io.get_executor(), {"/bin/sh", "-c", "exit 3"}, err);
    BOOST_REQUIRE_MESSAGE(child, err);
    pid_t pid = child->pid();
    usleep(200 * 1000);
    // The daemon's SIGCHLD reaper must not steal the status.
    int st;
    BOOST_TEST(waitpid(-1, &st, WNOHANG) <= 0);
    std::optional<int> status;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> { status = co_await child->wait(); }, asio::detached);
    io.restart();
    io.run_for(5s);
    BOOST_REQUIRE(status);
    BOOST_TEST(WIFEXITED(*status));
    BOOST_TEST(WEXITSTATUS(*status) == 3);
    child.reset();
    BOOST_TEST(process_gone(pid));   // reaped: no zombie left
}

BOOST_AUTO_TEST_CASE(process_pool_bounds_concurrency) {
    asio::io_context io;
    auto pool = std::make_shared<ProcessPool>(io.get_executor(), 2);
    TempDir t;
    auto s = t.script("s", "sleep 0.3");
    std::size_t peak = 0, done = 0;
    CheckScheduler sched(io.get_executor(), [&](CheckScheduler::Id, const CheckResult& r) {
        BOOST_TEST(r.up, r.reason);
        ++done;
    });
    for (int i = 0; i < 5; ++i) sched.add(external(io, {s}, pool), 1h, 10s, 0s);
    auto until = std::chrono::steady_clock::now() + 30s;
    while (done < 5 && std::chrono::steady_clock::now() < until) {
        io.restart();
        io.run_for(10ms);
        peak = std::max(peak, pool->in_use());
    }
    BOOST_TEST(done == 5u);
    BOOST_TEST(peak <= 2u);
    BOOST_TEST(pool->in_use() == 0u);
    sched.stop();
}

BOOST_AUTO_TEST_CASE(scheduler_deadline_is_hard_and_remove_cuts_a_run) {
    asio::io_context io;
    auto r = fakes::run_once(io, std::make_unique<Hangs>(io.get_executor()), 1s);
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason == "timed out after 1 s");

    int reports = 0;
    CheckScheduler sched(io.get_executor(), [&](CheckScheduler::Id, const CheckResult&) { ++reports; });
    auto id = sched.add(std::make_unique<Hangs>(io.get_executor()), 1h, 1h, 0s);
    io.restart();
    io.run_for(50ms);
    BOOST_TEST(sched.running() == 1u);
    sched.remove(id);
    io.restart();
    io.run_for(100ms);
    BOOST_TEST(reports == 0);
    BOOST_TEST(sched.runs(id) == 1u);
    BOOST_TEST(sched.running() == 0u);   // the cut run ended
    BOOST_TEST(sched.size() == 0u);
    // Nothing left to wait for: the loop is idle (no timer kept armed).
    io.restart();
    BOOST_TEST(io.run_for(50ms) == 0u);
}

// Checks due together start in batches, with the loop's I/O in between (a slow machine
// must read results while a burst of 10,000 starts), and none is left behind.
BOOST_AUTO_TEST_CASE(scheduler_starts_a_burst_in_batches_and_all_of_it) {
    asio::io_context io;
    CheckScheduler sched(io.get_executor(), [](CheckScheduler::Id, const CheckResult&) {});
    for (int i = 0; i < 300; ++i) sched.add(std::make_unique<Hangs>(io.get_executor()), 1h, 1h, 0s);
    while (sched.running() == 0) io.run_one();
    BOOST_TEST(sched.running() == 128u);   // one wake-up's worth
    for (int i = 0; i < 50 && sched.running() < 300u; ++i) {
        io.restart();
        io.run_for(10ms);
    }
    BOOST_TEST(sched.running() == 300u);
    sched.stop();
}

BOOST_AUTO_TEST_CASE(scheduler_turns_any_exception_into_a_failed_check) {
    asio::io_context io;
    std::map<CheckScheduler::Id, std::vector<CheckResult>> got;
    CheckScheduler sched(io.get_executor(), [&](CheckScheduler::Id id, const CheckResult& r) { got[id].push_back(r); });
    auto std_ex = std::make_unique<Throws>([] { throw std::runtime_error("boom"); });
    auto other = std::make_unique<Throws>([] { throw 42; });   // not a std::exception
    auto* counted = other.get();
    auto a = sched.add(std::move(std_ex), 20ms, 1s, 0s);
    auto b = sched.add(std::move(other), 20ms, 1s, 0s);
    for (int i = 0; i < 50 && (got[a].size() < 2 || got[b].size() < 2); ++i) {
        io.restart();
        io.run_for(20ms);
    }
    int calls = counted->calls_;   // read before stop() frees the probe
    sched.stop();
    BOOST_REQUIRE(got[a].size() >= 2u);
    BOOST_REQUIRE(got[b].size() >= 2u);   // the loop and the check's schedule carry on
    for (const auto& r : got[a]) {
        BOOST_TEST(!r.up);
        BOOST_TEST(r.reason == "check failed: boom");
    }
    for (const auto& r : got[b]) {
        BOOST_TEST(!r.up);
        BOOST_TEST(r.reason == "check failed: unknown exception");
    }
    BOOST_TEST(calls >= 2);
}

BOOST_AUTO_TEST_CASE(scheduler_runs_once_per_interval) {
    asio::io_context io;
    int reports = 0;
    CheckScheduler sched(io.get_executor(), [&](CheckScheduler::Id, const CheckResult& r) {
        BOOST_TEST(r.up);
        ++reports;
    });
    sched.add(std::make_unique<Scripted>(std::vector<bool>(100, true)), 100ms, 1s, 0s);
    io.restart();
    io.run_for(1050ms);
    sched.stop();
    // About 11 runs; only the order of magnitude is asserted (loaded CI boxes).
    BOOST_TEST(reports >= 3);
    BOOST_TEST(reports <= 12);
}

// Records the time of each run's start.
struct Stamps : Probe {
    explicit Stamps(std::vector<std::chrono::steady_clock::time_point>& out) : out_(out) {}
    asio::awaitable<CheckResult> run(Deadline&) override {
        out_.push_back(std::chrono::steady_clock::now());
        co_return CheckResult{true, ""};
    }
    std::vector<std::chrono::steady_clock::time_point>& out_;
};

BOOST_AUTO_TEST_CASE(scheduler_starts_runs_on_the_tick_grid) {
    asio::io_context io;
    std::vector<std::chrono::steady_clock::time_point> a, b;
    CheckScheduler sched(io.get_executor(), [](CheckScheduler::Id, const CheckResult&) {}, 50ms);
    // Two delays 35 ms apart inside one 50 ms tick of the steady clock.
    auto now = std::chrono::steady_clock::now();
    auto to_grid = std::chrono::duration_cast<std::chrono::steady_clock::duration>(50ms) - now.time_since_epoch() % 50ms;
    sched.add(std::make_unique<Stamps>(a), 200ms, 1s, to_grid + 5ms);
    sched.add(std::make_unique<Stamps>(b), 200ms, 1s, to_grid + 40ms);
    io.run_for(500ms);
    sched.stop();
    BOOST_REQUIRE(a.size() >= 2u);
    BOOST_REQUIRE(b.size() >= 2u);
    // Both first runs start together at the end of that tick, never before the grid point
    // (a timer never fires early).
    for (auto t : {a[0], b[0]}) BOOST_TEST(t.time_since_epoch() % 50ms < 20ms);
    BOOST_TEST(std::chrono::abs(a[0] - b[0]) < 20ms);
    // The next run is one interval later, start to start.
    BOOST_TEST(std::chrono::abs((a[1] - a[0]) - 200ms) < 40ms);
}

BOOST_AUTO_TEST_CASE(scheduler_report_may_remove_and_ids_are_reused) {
    asio::io_context io;
    std::vector<CheckScheduler::Id> reported;
    CheckScheduler* self = nullptr;
    CheckScheduler sched(io.get_executor(), [&](CheckScheduler::Id id, const CheckResult&) {
        reported.push_back(id);
        self->remove(id);   // from inside its own report
    });
    self = &sched;
    auto a = sched.add(std::make_unique<Scripted>(std::vector<bool>(5, true)), 10ms, 1s, 0s);
    auto b = sched.add(std::make_unique<Scripted>(std::vector<bool>(5, true)), 10ms, 1s, 0s);
    BOOST_TEST(a != b);
    io.run_for(200ms);
    BOOST_TEST(reported.size() == 2u);   // one report each, then removed
    BOOST_TEST(sched.size() == 0u);
    auto c = sched.add(std::make_unique<Scripted>(std::vector<bool>(5, true)), 10ms, 1s, 0s);
    BOOST_TEST((c == a || c == b));
    io.restart();
    io.run_for(100ms);
    BOOST_TEST(reported.size() == 3u);
    BOOST_TEST(reported.back() == c);
}

BOOST_AUTO_TEST_CASE(scheduler_skips_the_runs_a_stalled_loop_missed) {
    asio::io_context io;
    std::vector<std::chrono::steady_clock::time_point> a;
    CheckScheduler sched(io.get_executor(), [](CheckScheduler::Id, const CheckResult&) {}, 10ms);
    sched.add(std::make_unique<Stamps>(a), 400ms, 1s, 0s);
    io.run_for(50ms);   // the first run
    BOOST_REQUIRE(a.size() == 1u);
    // The loop stalls past 3 intervals (slots at 400, 800, 1200 ms missed): no burst of
    // missed runs afterwards, the next run keeps its slot in the interval (1600 ms, not at
    // once at ~1300 ms). The scale leaves 150 ms either way for a loaded machine.
    ::usleep(1300 * 1000);
    io.restart();
    io.run_for(100ms);
    BOOST_TEST(a.size() == 1u);   // the stale wake-up did not run it
    io.restart();
    io.run_for(800ms);
    BOOST_TEST(a.size() >= 2u);
    BOOST_TEST(a.size() <= 3u);
    if (a.size() >= 2) BOOST_TEST(std::chrono::abs((a[1] - a[0]) - 1600ms) < 150ms);
    sched.stop();
}

BOOST_AUTO_TEST_CASE(combined_alternates_as_ldirectord) {
    asio::io_context io;
    // negotiate: ok, ok ; connect: ok, ok, fail
    auto neg = std::make_unique<Scripted>(std::vector<bool>{true, true});
    auto con = std::make_unique<Scripted>(std::vector<bool>{true, true, false});
    auto* n = neg.get();
    auto* k = con.get();
    CombinedProbe p(std::move(neg), 1s, std::move(con), 1s, 2);
    std::vector<std::pair<std::size_t, std::size_t>> calls;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        for (int i = 0; i < 6; ++i) {
            Deadline dl(io.get_executor());
            co_await p.run(dl);
            calls.emplace_back(n->calls_, k->calls_);
        }
    }, asio::detached);
    io.restart();
    io.run_for(2s);
    // negotiate, connect, connect, negotiate, connect (fails), so negotiate again
    std::vector<std::pair<std::size_t, std::size_t>> want{{1, 0}, {1, 1}, {1, 2}, {2, 2}, {2, 3}, {3, 3}};
    BOOST_TEST((calls == want));
    BOOST_TEST(p.next_is_negotiate());
}

BOOST_AUTO_TEST_SUITE_END()
