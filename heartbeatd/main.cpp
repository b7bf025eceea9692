// heartbeatd: drop-in for Linux-HA Heartbeat 3.0.6 (v1/haresources mode).
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeatd/cib/cib_command.hpp"
#include "heartbeatd/daemon/cl_status.hpp"
#include "heartbeatd/daemon/clients_driver.hpp"
#include "heartbeatd/daemon/command_line.hpp"
#include "heartbeatd/daemon/config_test.hpp"
#include "heartbeatd/daemon/control_server.hpp"
#include "heartbeatd/daemon/daemon.hpp"
#include "heartbeatd/daemon/hb_metrics.hpp"
#include "heartbeatd/daemon/load_config.hpp"
#include "heartbeatd/daemon/log_setup.hpp"
#include "heartbeatd/daemon/null_failover.hpp"
#include "heartbeatd/daemon/policy_driver.hpp"
#include "lib/run_loop.hpp"
#include "heartbeatd/resources/group_runner.hpp"
#include "heartbeatd/resources/native_address.hpp"
#include "heartbeatd/resources/process_runner.hpp"
#include "lib/log.hpp"
#include "lib/daemonize.hpp"
#include "lib/pidfile.hpp"
#include "lib/stop_daemon.hpp"
#include "lib/sd_notify.hpp"
#include "heartbeatd/resources/search_path.hpp"

using namespace hb::daemon;

namespace {

constexpr const char* kVersion = "heartbeatd 0.1 (Heartbeat 3.0.6 wire-compatible)";
constexpr const char* kNeedle = "heartbeatd";

int cmd_status(const CommandLine& c) {
    auto st = ha::read_pidfile(c.pid_file, kNeedle);
    if (st.state == ha::PidStatus::running) {
        std::printf("heartbeatd OK [pid %d et al] is running\n", int(st.pid));
        return 0;
    }
    std::printf("heartbeatd is stopped. No process\n");
    return 3;   // LSB: program is not running
}

int cmd_stop(const CommandLine& c) {
    // Resources are released before exit; wait for it like heartbeat -k does.
    auto r = ha::stop_daemon(c.pid_file, kNeedle, std::chrono::seconds(300));
    switch (r.state) {
    case ha::StopResult::not_running: std::printf("heartbeatd is not running\n"); return 0;
    case ha::StopResult::stopped: return 0;
    case ha::StopResult::refused:
        std::fprintf(stderr, "heartbeatd (pid %d) cannot be signalled: %s\n", int(r.found.pid),
                     r.error ? std::strerror(r.error) : "no pid in the pid file");
        return 1;
    case ha::StopResult::timed_out: break;
    }
    std::fprintf(stderr, "heartbeatd (pid %d) did not stop within 300 s\n", int(r.found.pid));
    return 1;
}

int cmd_reload(const CommandLine& c) {
    auto st = ha::read_pidfile(c.pid_file, kNeedle);
    if (st.state != ha::PidStatus::running) {
        std::fprintf(stderr, "heartbeatd is not running\n");
        return 7;
    }
    return ::kill(st.pid, SIGHUP) == 0 ? 0 : 1;
}

int cmd_cl_status(const CommandLine& c) {
    auto r = run_cl_status(c.query, [&](const std::string& req) { return control_request(c.control_socket(), req); });
    std::fputs(r.out.c_str(), stdout);
    std::fputs(r.err.c_str(), stderr);
    return r.code;
}

int cmd_query(const CommandLine& c) {
    std::string line;
    for (auto& w : c.query) line += (line.empty() ? "" : " ") + w;
    auto r = control_request(c.control_socket(), line);
    std::fprintf(r.ok ? stdout : stderr, "%s\n", r.text.c_str());
    return r.ok ? 0 : 1;
}

void mkdirs(const std::string& dir) {
    std::string cur;
    for (std::size_t i = 0; i <= dir.size(); ++i) {
        if (i == dir.size() || (dir[i] == '/' && i > 0)) ::mkdir(dir.substr(0, i).c_str(), 0755);
    }
}

// The state dir holds the command FIFO and the control socket: anyone who can write into it
// could plant them. Refused when it is not a real directory or is writable by group/others.
std::optional<std::string> unsafe_state_dir(const std::string& dir) {
    struct stat st{};
    if (::lstat(dir.c_str(), &st) != 0) return dir + ": " + std::strerror(errno);
    if (!S_ISDIR(st.st_mode)) return dir + ": not a directory (a symlink?): refusing it as the state directory";
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
        return dir + ": state directory is writable by group or others (mode " + mode +
               "): others could plant the command FIFO (chmod go-w it)";
    }
    return std::nullopt;
}

// Resource scripts: our own directory beside the executable, then <dir>/resource.d, then
// /etc/init.d; HEARTBEATD_RESOURCE_PATH (dir:dir...) replaces the list.
std::vector<std::string> script_dirs(const std::string& ha_dir) {
    char exe[4096];
    ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe);
    const char* o = std::getenv("HEARTBEATD_RESOURCE_PATH");
    return hb::resources::resource_search_path(n > 0 ? hb::resources::own_resource_dir(std::string(exe, std::size_t(n))) : "",
                                               ha_dir, o && *o ? std::optional<std::string>(o) : std::nullopt);
}

// -t: parse the three files as a start would, then check what they name on this node.
// Exit 0 with a summary, or 6 (LSB: not configured) with every problem as file:line.
int cmd_config_test(const CommandLine& c) {
    auto cfg = load_config(c.config_dir);
    if (!cfg) {
        std::fprintf(stderr, "%s\n", cfg.error().c_str());
        return 6;
    }
    for (auto& w : cfg->warnings) std::fprintf(stderr, "%s\n", w.c_str());
    auto problems = check_setup(*cfg, script_dirs(cfg->dir), real_system());
    int errors = 0;
    for (const auto& p : problems) {
        std::fprintf(stderr, "%s\n", p.str().c_str());
        errors += p.severity == hb::config::Severity::error;
    }
    if (errors) {
        std::fprintf(stderr, "heartbeatd: %d problem(s) in %s\n", errors, cfg->dir.c_str());
        return 6;
    }
    std::printf("configuration OK: %s\n", setup_summary(*cfg).c_str());
    return 0;
}

bool after_partition_restart = false;   // this process is the restart after a partition

// Everything the haresources driver needs, kept alive together.
struct ResourceDriver : FailoverDriver {
    hb::resources::ProcessRunner runner;
    TimedRunner timed{runner};   // resource script durations for the metrics endpoint
    std::unique_ptr<hb::resources::NativeAddress> native;   // IPaddr2/IPaddr taken without waiting for a shell
    hb::resources::GroupRunner groups;
    PolicyDriver policy;
    ResourceDriver(boost::asio::io_context& io, hb::resources::ResourceEnv env,
                   std::vector<hb::config::ResourceGroup> gs, hb::failover::PolicyConfig pc)
        : runner(io.get_executor()),
          native(hb::resources::native_takeover_enabled(hb::resources::script_environment(env))
                     ? std::make_unique<hb::resources::NativeAddress>(io.get_executor(), hb::resources::script_environment(env))
                     : nullptr),
          groups(io.get_executor(), timed, std::move(env), std::move(gs),
                 [](hb::resources::GroupRunner::Level l, const std::string& t) {
                     using L = hb::resources::GroupRunner::Level;
                     if (l == L::debug) ha::log().debug(1, t);
                     else ha::log().write(l == L::crit ? ha::LogLevel::crit : l == L::warn ? ha::LogLevel::warning : ha::LogLevel::info, t);
                 }),
          policy(std::move(pc), groups, [](ha::LogLevel l, const std::string& t) { ha::log().write(l, t); }) {
        groups.set_address_takeover(native.get());
    }
    void attach(ClusterLink& l) override { policy.attach(l); }
    void on_node_state(const std::string& n, hb::membership::NodeStatus f, hb::membership::NodeStatus t) override {
        policy.on_node_state(n, f, t);
    }
    void on_comm_up() override { policy.on_comm_up(); }
    void on_peer_restarted(const std::string& n) override { policy.on_peer_restarted(n); }
    void on_cluster_message(const hb::wire::Message& m) override { policy.on_cluster_message(m); }
    std::string on_standby_request(std::string_view w) override { return policy.on_standby_request(w); }
    std::string on_takeover_request(std::string_view w) override { return policy.on_takeover_request(w); }
    std::string rsc_status() const override { return policy.rsc_status(); }
    void on_tick(std::chrono::milliseconds n) override { policy.on_tick(n); }
    void on_shutdown(std::function<void()> d) override { policy.on_shutdown(std::move(d)); }
    bool set_auto_failback(hb::config::AutoFailback a) override { return policy.set_auto_failback(a); }
};

// ha.cf respawn lines: ipfail built in (when resources are managed), the others supervised.
std::unique_ptr<FailoverDriver> with_clients(boost::asio::io_context& io, std::unique_ptr<FailoverDriver> inner,
                                             const LoadedConfig& cfg, const hb::resources::ResourceEnv& env,
                                             const std::string& peer, bool resources) {
    const auto& cf = cfg.cf;
    if (cf.clients.empty()) return inner;
    std::optional<hb::failover::IpfailConfig> ipfail;
    std::vector<ClientSpec> specs;
    auto log = [](const std::string& t) { ha::log().info(t); };
    for (auto& c : cf.clients) {
        std::string where = cfg.dir + "/ha.cf:" + std::to_string(c.line) + ": ";
        if (names_ipfail(c)) {
            if (!resources) log("WARN: " + where + "ipfail: resources are not managed (-M): ipfail has nothing to do");
            else if (cf.auto_failback == hb::config::AutoFailback::legacy)
                log("ERROR: " + where + "ipfail: auto_failback legacy is incompatible with ipfail (as in heartbeat): ipfail is off");
            else if (peer.empty()) log("WARN: " + where + "ipfail: no peer node: ipfail is off");
            else {
                if (cf.ping_nodes.empty()) log("WARN: " + where + "ipfail: no ping or ping_group nodes to compare");
                ipfail = hb::failover::IpfailConfig{cf.keepalive * 2, cf.auto_failback == hb::config::AutoFailback::on};
                log(where + "ipfail built in: ping node counts compared with " + peer + ", giveup delay " +
                    std::to_string((cf.keepalive * 2).count()) + " ms");
            }
            continue;
        }
        if (c.failfast) log("WARN: " + where + "failfast: heartbeatd does not reboot; the client is respawned instead");
        std::string error;
        auto spec = client_spec(c, error);
        if (!error.empty()) {
            log("ERROR: " + where + "respawn " + spec.command + ": " + error + ": not started");
            continue;
        }
        specs.push_back(std::move(spec));
    }
    std::vector<std::string> ping_names;
    for (auto& p : cf.ping_nodes) ping_names.push_back(p.name);
    std::unique_ptr<ClientChildren> children;
    if (!specs.empty()) {
        auto e = hb::resources::script_environment(env);
        children = std::make_unique<ClientChildren>(io.get_executor(), std::move(specs), std::move(e), log);
    }
    return std::make_unique<ClientsDriver>(std::move(inner), peer, std::move(ping_names), ipfail, std::move(children), log);
}

std::unique_ptr<FailoverDriver> make_driver(boost::asio::io_context& io, const CommandLine& c,
                                            const LoadedConfig& cfg) {
    const auto& cf = cfg.cf;
    hb::resources::ResourceEnv env;
    env.script_dirs = script_dirs(cfg.dir);
    env.ha_dir = cfg.dir;
    env.node = cfg.local;
    env.nice_failback = cf.auto_failback != hb::config::AutoFailback::legacy;
    env.logfile = cf.logfile;
    env.debugfile = cf.debugfile;
    env.logfacility = cf.logfacility;
    env.debug = std::max(c.debug, cf.debug);
    for (auto& [k, v] : cf.env) env.extra.push_back("HA_" + k + "=" + v);
    if (c.no_resources) return with_clients(io, std::make_unique<NullFailover>(), cfg, env, "", false);
    if (cf.nodes.size() > 2) {
        ha::log().warning("haresources failover supports two-node clusters; resources not managed");
        return with_clients(io, std::make_unique<NullFailover>(), cfg, env, "", false);
    }
    hb::failover::PolicyConfig pc;
    pc.self = cfg.local;
    for (auto& n : cf.nodes)
        if (n != cfg.local) pc.peer = n;
    pc.auto_failback = cf.auto_failback;
    pc.groups = hb::failover::group_specs(cfg.groups);
    // Restarted because a partition healed: both nodes gave up everything and start at once.
    // 3.0.6 then waits RQSTDELAY (10 s) before taking its own groups, so nobody holds the
    // VIPs for those 10 s. Each node takes only its home groups here (disjoint sets), so
    // there is nothing to wait for.
    if (after_partition_restart) pc.rqst_delay = Millis(0);
    auto peer = pc.peer;
    auto inner = std::make_unique<ResourceDriver>(io, env, cfg.groups, std::move(pc));
    return with_clients(io, std::move(inner), cfg, env, peer, true);
}

// Restart in place ("returning after partition"): same pid, same arguments, no second
// daemonize; every inherited descriptor is closed by exec.
[[noreturn]] void reexec(char** argv, bool daemonized) {
    if (DIR* d = ::opendir("/proc/self/fd")) {
        int self = ::dirfd(d);
        while (dirent* e = ::readdir(d)) {
            int fd = std::atoi(e->d_name);
            if (fd > 2 && fd != self) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
        ::closedir(d);
    }
    ::setenv("HEARTBEATD_REEXEC", daemonized ? "daemon" : "foreground", 1);
    ::setenv("HEARTBEATD_AFTER_PARTITION", "1", 1);   // the only reason for a restart in place
    std::vector<char*> args(argv, argv + 1);
    static char f[] = "-f";
    if (daemonized) args.push_back(f);
    for (char** a = argv + 1; *a; ++a) args.push_back(*a);
    args.push_back(nullptr);
    ha::log().flush();   // the writer thread ends with exec: what it holds goes first
    ::execv("/proc/self/exe", args.data());
    ha::log().error(std::string("restart exec failed: ") + std::strerror(errno));
    ha::log().flush();
    std::_Exit(1);
}

int cmd_start(const CommandLine& c, char** argv) {
    const char* reexec_env = std::getenv("HEARTBEATD_REEXEC");
    bool reexeced = reexec_env != nullptr;
    bool was_daemon = reexeced && std::string(reexec_env) == "daemon";
    ::unsetenv("HEARTBEATD_REEXEC");
    after_partition_restart = reexeced && std::getenv("HEARTBEATD_AFTER_PARTITION") != nullptr;
    ::unsetenv("HEARTBEATD_AFTER_PARTITION");
    auto st = ha::read_pidfile(c.pid_file, kNeedle);
    if (st.state == ha::PidStatus::running && !(reexeced && st.pid == ::getpid())) {
        std::fprintf(stderr, "heartbeatd is already running (pid %d)\n", int(st.pid));
        return 1;
    }
    auto cfg = load_config(c.config_dir);
    if (!cfg) {
        std::fprintf(stderr, "%s\n", cfg.error().c_str());
        return 6;   // LSB: program is not configured
    }
    for (auto& w : cfg->warnings) std::fprintf(stderr, "%s\n", w.c_str());
    ::umask(022);   // whatever the caller's: files heartbeatd and its scripts write are not world-writable
    mkdirs(c.state_dir);
    if (auto bad = unsafe_state_dir(c.state_dir)) {
        std::fprintf(stderr, "heartbeatd: %s\n", bad->c_str());
        return 1;
    }

    ha::Daemonizer dz;
    if (!c.foreground) {
        auto role = dz.fork_and_detach();
        if (role == ha::Daemonizer::Role::error) {
            std::fprintf(stderr, "heartbeatd: fork: %s\n", std::strerror(errno));
            return 1;
        }
        if (role == ha::Daemonizer::Role::starter) {
            if (dz.report().ready) std::_Exit(0);
            const auto& why = dz.report().text;
            std::fprintf(stderr, "%s\n", why.empty() ? "heartbeatd: daemon exited during start-up" : why.c_str());
            std::_Exit(1);
        }
    }
    bool to_terminal = c.foreground && !was_daemon;
    setup_log(cfg->cf, c.debug, to_terminal);
    // A log file is written by a thread of its own: the event loop must not wait for the
    // disk (deadtime can be 50 ms; a busy disk held single appends for longer).
    ha::log().write_in_background(true);
    if (auto claim = ha::claim_pidfile(c.pid_file); !claim.ok) {
        std::string why = "heartbeatd: " + claim.why;
        ha::log().error(why);
        dz.failed(why);
        return 1;
    }
    boost::asio::io_context io;
    auto driver = make_driver(io, c, *cfg);
    Daemon d(io, c, std::move(*cfg), *driver);
    d.set_log_to_terminal(to_terminal);
    std::string error;
    if (!d.start(error)) {
        ha::log().error(error);
        if (c.foreground) std::fprintf(stderr, "heartbeatd: %s\n", error.c_str());
        dz.failed("heartbeatd: " + error);
        ha::release_pidfile(c.pid_file);
        return 1;
    }
    dz.ready();
    ha::notify_ready("media up");
    ha::run_contained(io, "heartbeatd");
    if (d.restart_requested()) {
        ha::log().info("Performing heartbeat restart exec.");
        reexec(argv, !c.foreground || was_daemon);
    }
    ha::release_pidfile(c.pid_file);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    // Installed as a cl_status symlink: every argument is cl_status's.
    std::string self = argv[0];
    if (self.substr(self.rfind('/') + 1) == "cl_status") args.insert(args.begin(), "cl_status");
    auto p = parse_command_line(args, [](const char* n) -> std::optional<std::string> {
        const char* v = std::getenv(n);
        if (!v || !*v) return std::nullopt;
        return std::string(v);
    });
    if (!p.cmd) {
        std::fprintf(stderr, "heartbeatd: %s\n%s", p.error.c_str(), usage_text().c_str());
        return 2;
    }
    const CommandLine& c = *p.cmd;
    switch (c.action) {
    case CommandLine::Action::help: std::printf("%s", usage_text().c_str()); return 0;
    case CommandLine::Action::version: std::printf("%s\n", kVersion); return 0;
    case CommandLine::Action::config_test: return cmd_config_test(c);
    case CommandLine::Action::status: return cmd_status(c);
    case CommandLine::Action::stop: return cmd_stop(c);
    case CommandLine::Action::reload: return cmd_reload(c);
    case CommandLine::Action::query: return cmd_query(c);
    case CommandLine::Action::cl_status: return cmd_cl_status(c);
    case CommandLine::Action::cib: return hb::cib::run_cib_command({c.config_dir, "/etc/init.d", c.cib_directord});
    case CommandLine::Action::start: return cmd_start(c, argv);
    }
    return 2;
}
