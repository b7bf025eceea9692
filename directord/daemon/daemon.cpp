#include "directord/daemon/daemon.hpp"
#include "directord/director/resync_period.hpp"
#include "directord/daemon/fd_limit.hpp"
#include "lib/heap_trim.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "directord/director/change_log.hpp"
#include "directord/director/desired.hpp"
#include "directord/checks/check_spec.hpp"
#include "directord/ipvs/reconcile.hpp"
#include "lib/child.hpp"
#include "lib/log.hpp"
#include "lib/sd_notify.hpp"
#include "lib/pidfile.hpp"

namespace directord {

namespace {

long long mtime_of(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return -1;
    return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

std::set<ipvs::ServiceKey> keys_of(const Config& c) {
    std::set<ipvs::ServiceKey> k;
    for (const auto& v : c.virtuals) k.insert(v.key);
    return k;
}

const char* signal_name(int sig) {
    switch (sig) {
    case SIGTERM: return "TERM";
    case SIGINT: return "INT";
    case SIGQUIT: return "QUIT";
    case SIGHUP: return "HUP";
    }
    return "?";
}

} // namespace

ParseResult load_config(const std::string& path, const std::string& name) {
    std::string text;
    if (!read_file(path, text)) {
        ParseResult r;
        r.errors.push_back({path, 0, "cannot read the file"});
        return r;
    }
    ParseResult r = parse_config(text, path);
    if (r.config) {
        r.config->path = path;
        r.config->name = name;
    }
    return r;
}

Daemon::Daemon(boost::asio::io_context& io, DaemonOptions opts, Config cfg, std::unique_ptr<ipvs::Kernel> kernel)
    : io_(io), opts_(std::move(opts)), cfg_(std::move(cfg)), kernel_(io, std::move(kernel)),
      engine_(io), maintenance_(io, engine_), mailer_(io), signals_(io, SIGHUP, SIGTERM, SIGINT), children_(io, SIGCHLD), sync_timer_(io), config_timer_(io), stop_timer_(io) {
    signals_.add(SIGQUIT);
    read_file(opts_.config_path, config_text_);
    config_mtime_ = mtime_of(opts_.config_path);
}

std::vector<status::RealHealth> Daemon::health_snapshot() const {
    std::vector<status::RealHealth> out;
    auto now = std::chrono::steady_clock::now();
    const auto& table = engine_.table();
    for (std::size_t vi = 0; vi < cfg_.virtuals.size(); ++vi) {
        const Virtual& v = cfg_.virtuals[vi];
        std::string svc = ipvs::service_str(v.key);
        bool any_up = false;
        for (std::size_t ri = 0; ri < v.reals.size(); ++ri) {
            health::RealRef ref{vi, ri};
            status::RealHealth h;
            h.service = svc;
            auto d = dest_for(v, v.reals[ri], 0).key;
            h.dest = ha::endpoint(d.addr, d.port);
            auto st = table.state(ref);
            bool up = st && st->up();
            any_up = any_up || up;
            if (table.in_maintenance(ref)) h.state = "maintenance";
            else if (!st || st->phase() == health::RealState::Phase::pending) h.state = "pending";
            else if (up) h.state = "up";
            else h.state = v.quiescent ? "quiescent" : "down";
            if (auto last = engine_.last_result(ref)) {
                h.last = last->up ? "up" : "down";
                h.age_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - last->at).count();
                h.reason = last->reason;
            } else if (const auto* m = table.member(ref); m && m->check_key.empty()) {
                h.reason = m->static_reason;
            }
            out.push_back(std::move(h));
        }
        if (v.fallback) {
            status::RealHealth f;
            f.service = svc;
            auto d = fallback_dest(v).key;
            f.dest = ha::endpoint(d.addr, d.port);
            f.state = any_up ? "standby" : "fallback";
            f.reason = any_up ? "a real server is up" : "no real server is up";
            out.push_back(std::move(f));
        }
    }
    return out;
}

void Daemon::start(std::function<void()> started) {
    started_ = std::move(started);
    ha::log().info("Starting directord (Linux Director compatible) with " + opts_.config_path +
                   (opts_.dry_run ? " in dry-run mode: the kernel table is not changed" : ""));
    engine_.on_event([this](const health::HealthEvent& e, const std::string& text) {
        using K = health::HealthEvent::Kind;
        if (e.kind == K::up || e.kind == K::down) dirty_virtuals_.insert(e.ref.vi);
        if (e.kind == K::soft_failure || e.kind == K::reset) ha::log().info(text);
        // Why a real went down, in a line of its own beside ldirectord's "Deleted real
        // server"/"Quiescent real server" line for the table change itself.
        else if (e.kind == K::down) ha::log().notice(text);
        else ha::log().debug(1, text);
    });
    maintenance_.on_maintained([this](health::RealRef ref, const std::string&) { monitors_.write(ref, false, "Server in maintenance"); });
    engine_.on_change([this] {
        if (!stopping_) sync({}, false, false);
    });
    open_metrics();
    sync({}, true);   // phase_ becomes running when it ends
    if (!opts_.status_socket.empty()) {
        status_socket_ = std::make_unique<ha::QuerySocket>(io_, opts_.status_socket, [this](const std::string& req, int) {
            if (req == "health") return status::encode_health(health_snapshot());
            return std::string("ERR unknown request (health)\n");
        });
        if (std::string why; !status_socket_->open(why)) {
            ha::log().warning("No status socket (" + why + "): `directord status` will not show health states");
            status_socket_.reset();
        }
    }
    watch_signals();
    watch_children();
    arm_sync_timer();
    arm_config_timer();
}

using sync_clock = std::chrono::steady_clock;

namespace {

std::string ms_since(sync_clock::time_point t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f",
                  std::chrono::duration_cast<std::chrono::microseconds>(sync_clock::now() - t).count() / 1000.0);
    return buf;
}

} // namespace

struct Daemon::SyncRun {
    std::set<ipvs::ServiceKey> remove;
    bool reconfigure = false;
    bool from_known = false;   // planned from known_table_, no read
    bool partial = false;      // only the virtuals in `planned` (see dirty_virtuals_)
    std::set<ipvs::ServiceKey> planned;
    sync_clock::time_point t0, t_apply;
    std::string dump_ms, engine_ms, plan_ms;
    ipvs::Table actual;
    std::vector<ipvs::Op> ops;
    std::set<ipvs::ServiceKey> fallback_on;
};

void Daemon::sync(const std::set<ipvs::ServiceKey>& remove, bool reconfigure, bool fresh_read) {
    next_sync_.wanted = true;
    next_sync_.reconfigure = next_sync_.reconfigure || reconfigure;
    next_sync_.fresh_read = next_sync_.fresh_read || fresh_read || reconfigure;
    next_sync_.remove.insert(remove.begin(), remove.end());
    if (!sync_in_flight_) start_sync();
}

void Daemon::start_sync() {
    auto run = std::make_shared<SyncRun>();
    run->remove = std::move(next_sync_.remove);
    run->reconfigure = next_sync_.reconfigure;
    bool fresh = next_sync_.fresh_read || !known_table_;
    next_sync_ = {};
    run->t0 = sync_clock::now();
    sync_in_flight_ = true;
    if (!fresh) {
        run->from_known = true;
        ipvs::Table known = std::move(*known_table_);
        known_table_.reset();   // until this sync's writes are known to have gone through
        return plan_and_apply(run, std::move(known), {});
    }
    known_table_.reset();
    kernel_.dump([this, run](std::optional<ipvs::Table> actual, std::string error) {
        plan_and_apply(run, std::move(actual), error);
    });
}

void Daemon::plan_and_apply(std::shared_ptr<SyncRun> run, std::optional<ipvs::Table> actual, const std::string& error) {
    if (!actual) {
        ha::log().error("Cannot read the IPVS table: " + error);
        if (run->reconfigure) {
            engine_.configure(cfg_, {});
            monitors_.configure(cfg_);
            watch_results();
            maintenance_.configure(cfg_);
        }
        return finish_sync(*run);
    }
    run->actual = std::move(*actual);
    run->dump_ms = ms_since(run->t0);
    auto t_engine = sync_clock::now();
    // Health is indexed by the config the engine was given: configure before planning.
    if (run->reconfigure) {
        engine_.configure(cfg_, run->actual);
        monitors_.configure(cfg_);
        watch_results();
        maintenance_.configure(cfg_);   // before planning: a real in maintenance is never added
    }
    run->engine_ms = ms_since(t_engine);
    // Requests made while the table was read (health changes, the resync timer) are served
    // by this plan: it is made from the health of now.
    if (next_sync_.wanted && !next_sync_.reconfigure && (!next_sync_.fresh_read || !run->from_known)) {
        run->remove.insert(next_sync_.remove.begin(), next_sync_.remove.end());
        next_sync_ = {};
    }
    HealthFn health = engine_.health();
    auto t1 = sync_clock::now();
    // A health sync from the table as we left it looks at the virtuals that changed; every
    // other sync (start, reload, the periodic resync, after a failure) at all of them.
    run->partial = run->from_known && !run->reconfigure && run->remove.empty();
    std::vector<std::size_t> dirty(dirty_virtuals_.begin(), dirty_virtuals_.end());
    dirty_virtuals_.clear();
    Desired want = run->partial ? desired_table(cfg_, health, run->actual, dirty) : desired_table(cfg_, health, run->actual);
    if (run->partial)
        for (std::size_t vi : dirty)
            if (vi < cfg_.virtuals.size()) run->planned.insert(cfg_.virtuals[vi].key);
    run->ops = ipvs::reconcile(want.table, run->actual, run->remove);
    run->fallback_on = std::move(want.fallback_on);
    run->plan_ms = ms_since(t1);
    run->t_apply = sync_clock::now();
    if (run->ops.empty()) {
        log_applied(*run, {});
        remember_table(*run, {});
        return finish_sync(*run);
    }
    kernel_.apply(run->ops, [this, run](std::vector<ipvs::OpResult> results) {
        log_applied(*run, results);
        remember_table(*run, results);
        finish_sync(*run);
    });
}

void Daemon::remember_table(SyncRun& run, const std::vector<ipvs::OpResult>& results) {
    known_table_.reset();
    for (const auto& r : results)
        if (r.err) return;   // the kernel disagreed: read it next time
    for (const auto& op : run.ops)
        if (ipvs::apply_op(run.actual, op) != 0) return;
    known_table_ = std::move(run.actual);
}

void Daemon::log_applied(SyncRun& run, const std::vector<ipvs::OpResult>& results) {
    const auto& ops = run.ops;
    if (!ops.empty()) {
        if (!narrator_) {
            narrator_.emplace(cfg_);
            alerting_virtuals_.clear();
            for (std::size_t vi = 0; vi < cfg_.virtuals.size(); ++vi)
                if (!cfg_.virtuals[vi].emailalert.empty()) alerting_virtuals_.push_back(vi);
        }
        const ChangeNarrator& narrate = *narrator_;
        std::vector<std::string> lines, failures;
        lines.reserve(ops.size());
        for (std::size_t i = 0; i < ops.size(); ++i) {
            std::string line = narrate(ops[i], run.actual);
            if (results[i].err) {
                failures.push_back("Failed: " + line + ": " + results[i].message);
            } else {
                lines.push_back((opts_.dry_run ? "[dry-run] " : "") + line);
                // Only virtuals that mail: a scan of all of them per change was 10,000 x 1,000
                // key compares at start-up.
                if (!alerting_virtuals_.empty() && alert_worthy(line))
                    for (std::size_t vi : alerting_virtuals_)
                        if (cfg_.virtuals[vi].key == ops[i].svc) mail(cfg_.virtuals[vi], line);
            }
            if (ha::log().debug_level() >= 2) lines.push_back("DEBUG2: ipvsadm " + ipvs::op_str(ops[i]));
        }
        ha::log().info_lines(lines);
        // Failures at their own priority (err), after the changes that went through.
        for (const auto& f : failures) ha::log().error(f);
        if (!failures.empty())
            ha::log().error(std::to_string(failures.size()) + " of " + std::to_string(ops.size()) + " table changes failed");
    }
    // Quiet when nothing changed: the table is re-asserted every checkinterval.
    std::string timing = "Table sync: " + std::to_string(ops.size()) + " changes; " +
                         (run.from_known ? std::string("table as last synced, ") : "dump " + run.dump_ms + " ms, ") +
                         (run.reconfigure ? "checks " + run.engine_ms + " ms, " : std::string()) + "plan " + run.plan_ms +
                         " ms, apply " + ms_since(run.t_apply) + " ms, total " + ms_since(run.t0) + " ms";
    ++metrics_.syncs;
    metrics_.sync_seconds.observe(std::chrono::duration<double>(sync_clock::now() - run.t0).count());
    metrics_.table_changes += ops.size();
    for (const auto& r : results) metrics_.table_change_failures += r.err ? 1 : 0;
    if (ops.empty()) ha::log().debug(1, timing);
    else ha::log().info(timing);
    run_fallback_commands(run.fallback_on, run.partial ? &run.planned : nullptr);
    // After the first round of checks, a big reload or a burst of changes, give the
    // heap's slack back; at most every 5 s (it walks the free lists: ~1 ms at 10,000 reals).
    if (sync_clock::now() - last_trim_ >= std::chrono::seconds(5)) {
        last_trim_ = sync_clock::now();
        ha::trim_heap_if_slack();
    }
}

void Daemon::finish_sync(SyncRun& run) {
    sync_in_flight_ = false;
    last_resync_cost_ = sync_clock::now() - run.t0;
    // Alerts of the start-up's (or a reload's) own changes carry that phase.
    if (run.reconfigure && (phase_ == DaemonPhase::starting || phase_ == DaemonPhase::reloading))
        phase_ = DaemonPhase::running;
    if (started_) {
        auto then = std::move(started_);
        started_ = nullptr;
        then();
    }
    if (after_sync_) {
        auto then = std::move(after_sync_);
        after_sync_ = nullptr;
        return then();
    }
    if (stopping_) return;
    if (reload_after_sync_) {
        std::string why = std::move(*reload_after_sync_);
        reload_after_sync_.reset();
        return reload(why);   // its sync also serves whatever else was asked for
    }
    if (next_sync_.wanted) start_sync();
}

// Per-real results cost a call per real per check: only while a monitorfile wants them.
void Daemon::watch_results() {
    bool any = false;
    for (const auto& v : cfg_.virtuals) any = any || v.monitorfile.has_value();
    bool counting = metrics_server_ != nullptr;
    if (any || counting)
        engine_.on_real_result([this, any, counting](health::RealRef ref, const checks::CheckResult& r) {
            if (any) monitors_.write(ref, r.up, r.reason);
            if (counting) metrics_.check_result(r.up, r.reason, r.latency);
        });
    else engine_.on_real_result(nullptr);
}

void Daemon::open_metrics() {
    if (cfg_.metrics == metrics_at_) return;
    metrics_server_.reset();
    metrics_at_.reset();
    if (!cfg_.metrics) return;
    std::string why;
    auto at = ha::metrics::parse_listen_address(*cfg_.metrics, why);
    if (at) {
        auto server = std::make_unique<ha::metrics::Server>(io_.get_executor(), [this] { return render_metrics(); });
        if (server->open(*at, why)) {
            metrics_server_ = std::move(server);
            metrics_at_ = cfg_.metrics;
            ha::log().info("metrics: serving /metrics on " + *cfg_.metrics);
            return;
        }
    }
    ha::log().error("metrics=" + *cfg_.metrics + ": " + why + " (no metrics endpoint)");
}

std::string Daemon::render_metrics() {
    std::vector<RealHealth> reals;
    const auto& table = engine_.table();
    for (const auto& m : table.members()) {
        if (m.ref.vi >= cfg_.virtuals.size() || m.ref.ri >= cfg_.virtuals[m.ref.vi].reals.size()) continue;
        const Virtual& v = cfg_.virtuals[m.ref.vi];
        const Real& r = v.reals[m.ref.ri];
        reals.push_back({virtual_id(v.key), ha::endpoint(r.addr, r.port), table.up(m.ref), table.in_maintenance(m.ref)});
    }
    std::vector<std::string> errors;
    auto families = dir_families(metrics_, reals);
    if (opts_.ipvs_stats)
        if (auto st = opts_.ipvs_stats()) {
            auto more = ipvs_families(*st);
            families.insert(families.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
        }
    auto body = ha::metrics::exposition(families, &errors);
    for (auto& e : errors) ha::log().error("metrics: " + e);
    return body;
}

void Daemon::mail(const Virtual& v, const std::string& line) {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    AlertContext ctx;
    ctx.hostname = host[0] ? host : "localhost";
    ctx.phase = phase_;
    auto m = alert_for(cfg_, v, line, ctx);
    if (!m) return;
    if (opts_.dry_run) {
        std::string to;
        for (const auto& t : m->to) to += (to.empty() ? "" : ", ") + t;
        ha::log().info("[dry-run] would mail " + to + ": " + m->subject);
        return;
    }
    mailer_.send(std::move(*m));
}

void Daemon::remind() {
    std::set<health::RealRef> out;
    bool any = false;
    for (const auto& v : cfg_.virtuals) any = any || (v.emailalertfreq > 0 && !v.emailalert.empty());
    if (!any) return;
    for (const auto& m : engine_.table().members())
        if (auto st = engine_.table().state(m.ref); st && st->phase() == health::RealState::Phase::down) out.insert(m.ref);
    for (const auto& ref : reminders_.due(cfg_, out, std::chrono::steady_clock::now())) {
        const Virtual& v = cfg_.virtuals[ref.vi];
        const Real& r = v.reals[ref.ri];
        mail(v, "Inaccessible real server: " + ha::endpoint(r.addr, r.port) + " (" + virtual_id(v.key) + ")");
    }
}

void Daemon::run_fallback_commands(const std::set<ipvs::ServiceKey>& fallback_on, const std::set<ipvs::ServiceKey>* planned) {
    for (const auto& v : cfg_.virtuals) {
        if (!v.fallbackcommand) continue;
        if (planned && !planned->count(v.key)) continue;   // not looked at: its state stands
        bool on = fallback_on.count(v.key) > 0;
        auto it = fallback_state_.find(v.key);
        if (it != fallback_state_.end() && it->second == on) continue;
        fallback_state_[v.key] = on;
        // ldirectord's arguments: start|stop VIP:VPORT PROTO (fwmark: ":0 fwm").
        std::string vip = v.key.is_fwmark() ? ":0" : ha::endpoint(v.key.addr, v.key.port);
        std::string proto = v.key.is_fwmark() ? "fwm" : v.key.protocol == IPPROTO_UDP ? "udp" : "tcp";
        std::string cmd = *v.fallbackcommand + (on ? " start " : " stop ") + vip + " " + proto;
        if (opts_.dry_run) {
            ha::log().info("[dry-run] would run: " + cmd);
            continue;
        }
        ha::log().info("Running fallbackcommand: " + cmd);
        if (ha::spawn_shell(cmd) < 0) ha::log().error("Cannot run fallbackcommand: " + cmd);
    }
}

void Daemon::watch_signals() {
    signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        if (sig == SIGHUP) {
            ha::notify_reloading();
            reload("Reloading Linux Director Daemon config on signal");
            ha::notify_ready();
            watch_signals();
        } else {
            stop(signal_name(sig));
        }
    });
}

void Daemon::watch_children() {
    children_.async_wait([this](const boost::system::error_code& ec, int) {
        if (ec) return;
        ha::reap_children();
        watch_children();
    });
}

void Daemon::arm_sync_timer() {
    sync_timer_.expires_after(resync_period(cfg_.checkinterval, last_resync_cost_));
    sync_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || stopping_) return;
        sync();   // its cost (last_resync_cost_) is taken when it ends
        remind();
        arm_sync_timer();
    });
}

bool Daemon::config_changed_on_disk() {
    long long m = mtime_of(opts_.config_path);
    if (m == config_mtime_) return false;
    config_mtime_ = m;
    std::string text;
    if (!read_file(opts_.config_path, text) || text == config_text_) return false;
    config_text_ = text;
    return true;
}

void Daemon::arm_config_timer() {
    config_timer_.expires_after(std::chrono::seconds(1));
    config_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || stopping_) return;
        if (config_changed_on_disk()) {
            std::string msg = "Configuration file '" + opts_.config_path + "' has changed on disk";
            if (cfg_.callback) {
                ha::log().info("Running callback: " + *cfg_.callback + " " + opts_.config_path);
                ha::spawn_shell(*cfg_.callback + " " + opts_.config_path);
            }
            if (cfg_.autoreload)
                reload(msg + " - reread new configuration");
            else
                ha::log().info(msg + " - ignore new configuration");
        }
        arm_config_timer();
    });
}

void Daemon::reload(const std::string& why) {
    if (stopping_) return;
    if (sync_in_flight_) {
        // The sync out was planned from the running config: the new one is read when it ends.
        if (!reload_after_sync_) ha::log().info(why + " (after the table sync in progress)");
        reload_after_sync_ = why;
        return;
    }
    auto t0 = std::chrono::steady_clock::now();
    ha::log().info(why);
    ParseResult r = load_config(opts_.config_path, cfg_.name);
    auto parse_us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
    read_file(opts_.config_path, config_text_);
    config_mtime_ = mtime_of(opts_.config_path);
    if (!r.config) {
        for (const auto& e : r.errors) ha::log().error(e.str());
        ha::log().error("Reload failed: keeping the running configuration (" + std::to_string(r.errors.size()) +
                        " error(s)); table updates go on");
        return;
    }
    if (auto why_not = checks::unsupported_check(*r.config)) {
        ha::log().error("Reload refused: " + *why_not + "; keeping the running configuration");
        return;
    }
    for (auto w : r.warnings) {
        w.severity = ha::Severity::error;   // the logger names the level itself: "file:line: message"
        ha::log().warning(w.str());
    }
    std::set<ipvs::ServiceKey> removed;
    auto now = keys_of(*r.config);
    for (const auto& k : keys_of(cfg_))
        if (!now.count(k)) removed.insert(k);
    // Fallback command state survives for virtuals that stay.
    for (auto it = fallback_state_.begin(); it != fallback_state_.end();)
        it = now.count(it->first) ? std::next(it) : fallback_state_.erase(it);
    cfg_ = std::move(*r.config);
    narrator_.reset();
    if (auto why = raise_fd_limit(fds_wanted(cfg_)); !why.empty()) ha::log().warning(why);
    open_metrics();
    phase_ = DaemonPhase::reloading;
    sync(removed, true);   // phase_ becomes running when it ends
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
    char buf[64];
    std::snprintf(buf, sizeof buf, "Reload complete in %.2f ms (parse %.2f ms)", us / 1000.0, parse_us / 1000.0);
    ha::log().info(buf);
}

void Daemon::stop(const std::string& sig) {
    if (stopping_) return;
    stopping_ = true;
    phase_ = DaemonPhase::stopping;
    ha::notify_stopping();
    // A hung ipvsadm must not keep us: after this the tool is killed and we go on.
    stop_timer_.expires_after(std::chrono::seconds(30));
    stop_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        ha::log().error("The IPVS table update in progress did not end within 30 s: stopping it");
        kernel_.interrupt();
    });
    if (sync_in_flight_) {
        // It is planned and applied to the end (a reload's new config too), so the table
        // and the log agree; the checks run until then (they start no new sync).
        ha::log().info("Waiting for the table sync in progress before stopping");
        after_sync_ = [this, sig] { finish_stop(sig); };
        return;
    }
    finish_stop(sig);
}

void Daemon::finish_stop(const std::string& sig) {
    engine_.stop();
    maintenance_.stop();
    std::set<ipvs::ServiceKey> remove;
    for (const auto& v : cfg_.virtuals)
        if (v.cleanstop) remove.insert(v.key);
    if (remove.empty()) return leave(sig);
    kernel_.dump([this, sig, remove](std::optional<ipvs::Table> actual, std::string error) {
        if (!actual) {
            ha::log().error("Cannot clean the IPVS table at stop: " + error);
            return leave(sig);
        }
        auto ops = ipvs::reconcile({}, *actual, remove);
        if (ops.empty()) return leave(sig);
        kernel_.apply(ops, [this, sig, ops](std::vector<ipvs::OpResult> results) {
            // ldirectord's wording at stop; the service's destinations go with it.
            for (std::size_t i = 0; i < ops.size(); ++i) {
                std::string line = "Purged virtual server (stop): " + virtual_id(ops[i].svc);
                if (results[i].err) ha::log().error("Failed: " + line + ": " + results[i].message);
                else ha::log().info((opts_.dry_run ? "[dry-run] " : "") + line);
            }
            leave(sig);
        });
    });
}

void Daemon::leave(const std::string& sig) {
    if (status_socket_) status_socket_->close();
    if (!opts_.pidfile.empty()) ha::release_pidfile(opts_.pidfile);
    ha::log().info("Linux Director Daemon terminated on signal: " + sig);
    signals_.cancel();
    children_.cancel();
    sync_timer_.cancel();
    config_timer_.cancel();
    stop_timer_.cancel();
    io_.stop();
}

} // namespace directord
