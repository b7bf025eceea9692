#include "directord/daemon/commands.hpp"
#include "lib/heap_trim.hpp"
#include "directord/daemon/check_once.hpp"
#include "directord/daemon/fd_limit.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

#include "directord/daemon/daemon.hpp"
#include "directord/checks/check_spec.hpp"
#include "directord/ipvs/ipvsadm_kernel.hpp"
#include "directord/ipvs/netlink_kernel.hpp"
#include "directord/status/health_report.hpp"
#include "directord/status/status_report.hpp"
#include "lib/daemonize.hpp"
#include "lib/query_socket.hpp"
#include "lib/log.hpp"
#include "lib/sd_notify.hpp"
#include "lib/pidfile.hpp"
#include "lib/run_loop.hpp"
#include "lib/stop_daemon.hpp"

namespace directord {

namespace {

constexpr const char* kVersion = "directord 0.1 (ldirectord 4.12 compatible: Linux Director v1.186-ha)";
// Start-up reports of a daemon that lost the pid file race to another one.
const std::string kAlreadyRunning = "running: ";

struct Target {
    std::string arg;    // as given, may be empty
    std::string name;   // CFGNAME
    std::string path;   // resolved, empty if not found
    std::string pidfile;
    std::string status_socket;   // beside the pid file: /var/run/ldirectord.NAME.sock
};

std::string status_socket_for(const std::string& pidfile) {
    if (pidfile.size() > 4 && pidfile.ends_with(".pid")) return pidfile.substr(0, pidfile.size() - 4) + ".sock";
    return pidfile + ".sock";
}

Target target_of(const Cli& cli) {
    Target t;
    t.arg = cli.config.value_or("");
    std::string given = cli.config.value_or("ldirectord.cf");
    auto slash = t.arg.rfind('/');
    t.name = t.arg.empty() ? "ldirectord" : t.arg.substr(slash == std::string::npos ? 0 : slash + 1);
    t.path = locate_config(given).value_or("");
    // The daemon changes to / : keep the path it re-reads on reload absolute.
    if (!t.path.empty()) t.path = std::filesystem::absolute(t.path).lexically_normal().string();
    // Same pid file name as ldirectord: the two must never run on one config at once.
    t.pidfile = cli.pidfile.value_or("/var/run/ldirectord." + t.name + ".pid");
    t.status_socket = status_socket_for(t.pidfile);
    return t;
}

void print_diagnostics(const ParseResult& r) {
    for (const auto& w : r.warnings) std::cerr << w.str() << "\n";
    for (const auto& e : r.errors) std::cerr << e.str() << "\n";
}

void setup_logging(const Cli& cli, const Config& c) {
    auto& l = ha::log();
    if (cli.debug) {
        l.to_stderr();
        l.set_debug(3);
    } else if (c.supervised) {
        l.to_stdout_dated();
    } else if (!c.logfile.empty() && c.logfile[0] == '/') {
        l.to_file(c.logfile, c.name);
    } else {
        l.to_syslog("directord", c.logfile);
    }
}

// The table through netlink, or through the ipvsadm tool when --ipvsadm is given.
std::unique_ptr<ipvs::Kernel> real_kernel(const Cli& cli) {
    if (cli.ipvsadm) return std::make_unique<ipvs::IpvsadmKernel>(*cli.ipvsadm);
    return std::make_unique<ipvs::NetlinkKernel>();
}

std::unique_ptr<ipvs::Kernel> open_kernel(const Cli& cli) {
    if (!cli.dry_run) return real_kernel(cli);
    // Dry run: start from the real table when it can be read, else from an empty one.
    auto mem = std::make_unique<ipvs::MemoryKernel>();
    try {
        mem->table = real_kernel(cli)->dump();
    } catch (const std::exception& e) {
        std::cerr << "directord: dry run from an empty table: " << e.what() << "\n";
    }
    return mem;
}

int config_test(const Target& t) {
    if (t.path.empty()) {
        std::cerr << "Config file " << (t.arg.empty() ? "ldirectord.cf" : t.arg) << " not found\n";
        return 1;
    }
    auto r = load_config(t.path, t.name);
    print_diagnostics(r);
    if (!r.config) return 2;
    std::cout << normalize(*r.config);
    if (auto why = checks::unsupported_check(*r.config)) std::cerr << "note: " << *why << "\n";
    return 0;
}

// --check: 0 every check up, 1 some down, 2 bad config (as -t).
int check_once(const Target& t) {
    if (t.path.empty()) {
        std::cerr << "Config file " << (t.arg.empty() ? "ldirectord.cf" : t.arg) << " not found\n";
        return 2;
    }
    auto r = load_config(t.path, t.name);
    print_diagnostics(r);
    if (!r.config) return 2;
    bool all_up = true;
    for (const auto& v : run_checks_once(*r.config)) {
        std::cout << format_verdict(v) << "\n";
        all_up = all_up && v.up;
    }
    return all_up ? 0 : 1;
}

// Runs the daemon in this process until it stops. A detached `dz` reports start-up
// success or the reason of failure to the waiting parent.
int serve(const Cli& cli, const Target& t, Config cfg, ha::Daemonizer& dz) {
    ha::set_daemon_heap_policy();
    ::umask(022);   // whatever the caller's: monitor files, logs and fallback commands' files
    if (auto why = raise_fd_limit(fds_wanted(cfg)); !why.empty()) ha::log().warning(why);
    std::unique_ptr<ipvs::Kernel> kernel;
    try {
        kernel = open_kernel(cli);
    } catch (const std::exception& e) {
        ha::log().error(std::string("Cannot start: ") + e.what());
        dz.failed(e.what());
        return 1;
    }
    std::string pidfile = (cli.debug || cfg.supervised) ? "" : t.pidfile;
    if (auto claim = pidfile.empty() ? ha::PidClaim{true, false, ""} : ha::claim_pidfile(pidfile); !claim.ok) {
        // Lost a race with another start: that daemon runs, as `start` wanted (LSB: 0).
        std::string msg = claim.why;
        ha::log().error(msg);
        dz.failed(claim.held ? kAlreadyRunning + msg : msg);
        return 1;
    }
    // One thread runs the loop and is the only one touching its sockets and timers (the
    // table worker and the resolver only post to it): asio then queues the loop's own
    // posts thread-privately, and skips the per-socket lock on every I/O operation (the
    // scheduler's lock stays, for those posts).
    boost::asio::io_context io(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO);
    DaemonOptions opts{t.path, t.arg, pidfile, cli.dry_run, t.status_socket, {}};
    if (!cli.dry_run && !cli.ipvsadm) {
        // Its own netlink socket, opened at the first scrape: the table syncs may be using
        // theirs on the worker thread. A failure costs the scrape its IPVS series only.
        opts.ipvs_stats = [nl = std::shared_ptr<ipvs::NetlinkKernel>()]() mutable -> std::optional<ipvs::TableStats> {
            try {
                if (!nl) nl = std::make_shared<ipvs::NetlinkKernel>();
                ipvs::TableStats st;
                nl->dump(st);
                return st;
            } catch (const std::exception& e) {
                nl.reset();
                ha::log().warning(std::string("metrics: IPVS counters not read: ") + e.what());
                return std::nullopt;
            }
        };
    }
    Daemon d(io, std::move(opts), std::move(cfg), std::move(kernel));
    // Ready once the first sync has ended (with the ipvsadm tool it runs off the loop).
    d.start([&] { dz.ready(); ha::notify_ready("first table sync done"); });
    ha::run_contained(io, "directord");
    return d.exit_code();
}

int start(const Cli& cli, const Target& t) {
    if (t.path.empty()) {
        std::cerr << "Config file " << (t.arg.empty() ? "ldirectord.cf" : t.arg) << " not found\n";
        return 1;
    }
    auto r = load_config(t.path, t.name);
    if (!r.config) {
        print_diagnostics(r);
        return 2;
    }
    for (const auto& w : r.warnings) std::cerr << w.str() << "\n";
    if (auto why = checks::unsupported_check(*r.config)) {
        std::cerr << "directord: cannot start: " << *why << "\n";
        return 1;
    }
    auto st = ha::read_pidfile(t.pidfile, "directord");
    if (st.state == ha::PidStatus::running && !cli.debug) return 0;
    setup_logging(cli, *r.config);
    ha::log().info("Invoking directord invoked as: directord " + (t.arg.empty() ? "" : t.arg + " ") + cli.command);
    ha::Daemonizer dz;
    if (cli.debug || cli.foreground || r.config->supervised) return serve(cli, t, std::move(*r.config), dz);

    // Daemonize; the parent waits until the daemon has opened the kernel and done its
    // first sync, so `start` fails loudly instead of dying later in a log file.
    auto role = dz.fork_and_detach(ha::Daemonizer::Detach::fork_twice);
    if (role == ha::Daemonizer::Role::error) return 1;
    if (role == ha::Daemonizer::Role::starter) {
        if (dz.report().ready) return 0;
        const std::string& msg = dz.report().text;
        if (msg.starts_with(kAlreadyRunning)) {
            std::cerr << "directord: already running: " << msg.substr(kAlreadyRunning.size()) << "\n";
            return 0;
        }
        std::cerr << "directord: start failed: " << (msg.empty() ? "daemon exited during start-up" : msg) << "\n";
        return 1;
    }
    ha::Daemonizer::null_stdio();
    ::_exit(serve(cli, t, std::move(*r.config), dz));
}

// Sends SIGTERM and waits for the pid file to go (the daemon cleans the table first).
int stop(const Target& t, bool quiet_if_stopped = true) {
    auto r = ha::stop_daemon(t.pidfile, "directord", std::chrono::seconds(60));
    (void)quiet_if_stopped;
    switch (r.state) {
    case ha::StopResult::not_running:
        if (r.found.state == ha::PidStatus::stale) ::unlink(t.pidfile.c_str());
        return 0;
    case ha::StopResult::stopped: return 0;
    case ha::StopResult::refused:
        std::cerr << "directord: pid " << r.found.pid << " cannot be signalled: "
                  << (r.error ? std::strerror(r.error) : "no pid in the pid file") << "\n";
        return 1;
    case ha::StopResult::timed_out: break;
    }
    std::cerr << "directord: pid " << r.found.pid << " did not stop within 60 s\n";
    return 1;
}

int status_command(const Cli& cli, const Target& t) {
    auto st = ha::read_pidfile(t.pidfile, "directord");
    int rc;
    if (st.state == ha::PidStatus::running) {
        std::cerr << "directord for " << t.path << " is running with pid: " << st.pid << "\n";
        rc = 0;
    } else if (st.state == ha::PidStatus::stale) {
        // "ldirectord stale pid file" is what ocf:heartbeat:ldirectord looks for to tell a
        // stale pid file (not running, OCF 7) from a failure (exit 1 otherwise means error).
        std::cerr << "directord: ldirectord stale pid file " << t.pidfile << " for " << t.path;
        if (st.pid > 0) std::cerr << " (pid " << st.pid << " is not a running directord)";
        std::cerr << "\n";
        std::cout << "directord is stopped for " << t.path << "\n";
        rc = 1;
    } else {
        std::cout << "directord is stopped for " << (t.path.empty() ? t.arg : t.path) << "\n";
        rc = 3;
    }
    std::optional<Config> cfg;
    if (!t.path.empty()) {
        auto r = load_config(t.path, t.name);
        if (r.config) cfg = std::move(r.config);
        else for (const auto& e : r.errors) std::cerr << "config error (the running daemon keeps its config): " << e.str() << "\n";
    }
    // Health states and last check results come from the running daemon itself.
    std::optional<std::vector<status::RealHealth>> health;
    if (st.state == ha::PidStatus::running || ::access(t.status_socket.c_str(), F_OK) == 0) {
        std::string why;
        if (auto reply = ha::ask_query_socket(t.status_socket, "health", why)) {
            health = status::decode_health(*reply);
            if (!health) std::cerr << "directord's status socket answered: " << reply->substr(0, 200) << "\n";
        } else if (st.state == ha::PidStatus::running) {
            std::cerr << "no health states from the daemon: " << why << "\n";
        }
    }
    const auto* h = health ? &*health : nullptr;
    try {
        ipvs::Table table;
        std::optional<ipvs::TableStats> stats;
        bool want_stats = cli.stats || cli.rate || cli.json;
        if (want_stats && !cli.ipvsadm) {
            ipvs::NetlinkKernel nk;
            stats.emplace();
            table = nk.dump(*stats);
        } else {
            if (cli.stats || cli.rate) throw std::runtime_error("--stats and --rate read the counters through netlink, not --ipvsadm");
            table = real_kernel(cli)->dump();
        }
        const Config* c = cfg ? &*cfg : nullptr;
        if (cli.json)
            std::cout << json_report({st.state == ha::PidStatus::running, long(st.pid), t.path}, table, c, h,
                                     stats ? &*stats : nullptr);
        else if (cli.stats || cli.rate)
            std::cout << stats_report(table, *stats, h, cli.rate ? StatsLayout::rate : StatsLayout::stats);
        else
            std::cout << status_report(table, c, h);
    } catch (const std::exception& e) {
        std::cerr << "IPVS table not readable: " << e.what() << "\n";
        if (h && !cli.json && !cli.stats && !cli.rate) std::cout << status_report({}, cfg ? &*cfg : nullptr, h);
        if (cli.json)
            std::cout << json_report({st.state == ha::PidStatus::running, long(st.pid), t.path}, {}, cfg ? &*cfg : nullptr,
                                     h, nullptr);
    }
    return rc;
}

} // namespace

int run_command(const Cli& cli) {
    if (!cli.error.empty()) {
        std::cerr << "directord: " << cli.error << "\n" << usage();
        return 255;
    }
    if (cli.help) {
        std::cout << usage();
        return 0;
    }
    if (cli.version) {
        std::cout << kVersion << "\n";
        return 0;
    }
    Target t = target_of(cli);
    if (cli.test) return config_test(t);
    if (cli.check) return check_once(t);
    const std::string& c = cli.command;
    if (c == "start") return start(cli, t);
    if (c == "stop") return stop(t);
    if (c == "restart" || c == "try-restart") {
        bool running = ha::read_pidfile(t.pidfile, "directord").state == ha::PidStatus::running;
        if (c == "try-restart" && !running) return 0;
        if (int rc = stop(t); rc != 0) return rc;
        return start(cli, t);
    }
    if (c == "reload" || c == "force-reload") {
        auto st = ha::read_pidfile(t.pidfile, "directord");
        if (st.state != ha::PidStatus::running) {
            std::cerr << "directord is stopped for " << t.path << "\n";
            return 1;
        }
        ::kill(st.pid, SIGHUP);
        return 0;
    }
    if (c == "status") return status_command(cli, t);
    std::cerr << usage();
    return 255;
}

} // namespace directord
