#include "heartbeatd/daemon/daemon.hpp"

#include <algorithm>
#include <csignal>
#include <ctime>
#include <fstream>

#include <iterator>

#include "heartbeatd/config/reload_plan.hpp"
#include "heartbeatd/daemon/generation.hpp"
#include "heartbeatd/daemon/hb_metrics.hpp"
#include "heartbeatd/daemon/log_setup.hpp"
#include "heartbeatd/daemon/node_uuid.hpp"
#include "heartbeatd/daemon/peer_generations.hpp"
#include "heartbeatd/daemon/realtime.hpp"
#include "heartbeatd/media/make_media.hpp"
#include "heartbeatd/wire/packet.hpp"
#include "lib/log.hpp"
#include "lib/sd_notify.hpp"
#include "lib/printable.hpp"
#include "lib/safe_file.hpp"

namespace hb::daemon {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using membership::NodeStatus;
using LKind = membership::LivenessEvent::Kind;

Daemon::Daemon(asio::io_context& io, CommandLine cmd, LoadedConfig cfg, FailoverDriver& driver)
    : io_(io), cmd_(std::move(cmd)), cfg_(std::move(cfg)), driver_(driver), keepalive_timer_(io),
      tick_timer_(io), exit_timer_(io), restart_timer_(io), signals_(io) {}

Daemon::~Daemon() = default;

Daemon::Millis Daemon::now() const {
    return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

// The "ld" field of every message: /proc/loadavg changes every 5 s, so read it at most once
// a second, not for each of the ~100 messages a second at keepalive 10 ms.
static std::string load_line() {
    static std::string line;
    static std::chrono::steady_clock::time_point read_at;
    auto t = std::chrono::steady_clock::now();
    if (line.empty() || t - read_at >= 1s) {
        std::ifstream in("/proc/loadavg");
        std::string fresh;
        std::getline(in, fresh);
        line = fresh;
        read_at = t;
    }
    return line;
}

bool Daemon::start(std::string& error) {
    auto& log = ha::log();
    for (auto& w : cfg_.warnings) log.warning(w);

    std::uint64_t gen;
    if (cfg_.cf.hbgenmethod == config::GenMethod::file) {
        auto g = bump_generation_file(cmd_.state_dir, cfg_.cf.hbgenmethod);
        if (!g) return error = g.error(), false;
        gen = *g;
    } else {
        gen = next_generation(config::GenMethod::time, std::nullopt, std::uint64_t(std::time(nullptr)));
    }
    std::optional<wire::Uuid> uuid;
    if (auto u = load_or_create_uuid(cmd_.state_dir)) uuid = *u;
    else log.warning(u.error() + "; sending no srcuuid");

    std::vector<std::string> ping_names;
    if (!cfg_.cf.ping_nodes.empty()) {
        pinger_ = std::make_unique<media::IcmpPinger>(io_, cfg_.cf.ping_nodes, cfg_.keys, cfg_.local);
        for (auto& u : pinger_->unsupported()) log.warning("ping node " + u + ": only IPv4 ping/ping_group are supported; ignored");
        ping_names = pinger_->names();
    }

    CoreConfig cc;
    cc.local = cfg_.local;
    cc.nodes = cfg_.cf.nodes;
    cc.ping_nodes = ping_names;
    cc.liveness = {cfg_.cf.keepalive, cfg_.cf.deadtime, cfg_.cf.warntime, cfg_.cf.initdead, cfg_.cf.deadping};
    cc.ttl = cfg_.cf.ttl();
    cc.max_rexmit_delay = cfg_.cf.max_rexmit_delay;
    cc.generation = gen;
    cc.uuid = uuid;
    cc.wall_seconds = [] { return std::uint64_t(std::time(nullptr)); };
    cc.load = load_line;
    {
        std::ifstream in(cmd_.state_dir + "/peer_generations");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        peer_floors_ = parse_peer_floors(text);
        for (const auto& [node, f] : peer_floors_) {
            cc.peer_generations[node] = f.generation;
            if (f.seq) cc.peer_seqs[node] = *f.seq;
        }
    }
    core_ = std::make_unique<Core>(std::move(cc), now());
    lag_.set_report_over(cfg_.cf.deadtime / 2);
    floor_saver_ = std::make_unique<BackgroundSaver>([path = cmd_.state_dir + "/peer_generations"](const std::string& c, std::string& why) {
        return ha::replace_file(path, c, 0644, false, why);
    });
    log.info("heartbeatd: node " + cfg_.local + " generation " + std::to_string(gen) + ", " +
             std::to_string(cfg_.cf.nodes.size()) + " node(s), keepalive " + std::to_string(cfg_.cf.keepalive.count()) +
             "ms deadtime " + std::to_string(cfg_.cf.deadtime.count()) + "ms initdead " +
             std::to_string(cfg_.cf.initdead.count()) + "ms");

    media_ = media::make_media(io_, cfg_.cf, cmd_.lock_dir);
    if (media_.empty()) return error = cfg_.dir + "/ha.cf: no communication media configured", false;
    for (auto& m : media_) {
        std::string e;
        if (!m->open([this](std::string_view b, const std::string& l, std::optional<Millis> age) { on_bytes(b, l, age); }, e))
            return error = e, false;
        if (m->wants_serial()) any_serial_ = true;
        log.info("medium up: " + m->describe());
    }

    if (pinger_ && !pinger_->open([this](const std::string& n) { apply(core_->ping_reply(n, now())); }, error))
        return false;

    fifo_ = std::make_unique<LocalFifo>(io_, cmd_.state_dir + "/fifo");
    if (std::string e; !fifo_->open([this](const wire::Message& m) { on_fifo(m); }, e))
        log.warning(e + " (hb_standby, hb_takeover and ha_clustermsg will not reach heartbeatd)");

    control_ = std::make_unique<ControlServer>(io_, cmd_.control_socket(),
                                               [this](const std::vector<std::string>& w, Access a) { return answer(w, *this, a); });
    if (!control_->open(error)) return false;

    if (cfg_.cf.realtime && !cmd_.no_realtime)
        for (auto& l : enter_realtime(cfg_.cf.rtprio)) log.info(l);

    if (!cfg_.cf.metrics.empty() && !open_metrics(error)) return false;

    driver_.attach(*this);
    watch_signals();
    keepalive_due_ = std::chrono::steady_clock::now();
    arm_keepalive();
    arm_tick();
    return true;
}

bool Daemon::open_metrics(std::string& error) {
    auto at = ha::metrics::parse_listen_address(cfg_.cf.metrics, error);
    if (!at) return error = cfg_.dir + "/ha.cf: metrics: " + error, false;
    metrics_ = std::make_unique<ha::metrics::Server>(io_.get_executor(), [this] {
        HbSnapshot snap;
        snap.local = cfg_.local;
        std::vector<std::string> all = cfg_.cf.nodes;
        for (auto& p : ping_nodes()) all.push_back(p);
        for (auto& n : all) {
            snap.node_status.push_back({n, std::string(membership::to_string(node_status(n)))});
            if (n == cfg_.local) continue;
            for (auto& l : links(n))
                if (auto up = link_up(n, l)) snap.links.push_back({{n, l}, *up});
        }
        snap.rsc_status = driver_.rsc_status();
        std::vector<std::string> errors;
        auto body = ha::metrics::exposition(hb_families(hb_metrics(), snap), &errors);
        for (auto& e : errors) ha::log().info("ERROR: metrics: " + e);
        return body;
    });
    if (!metrics_->open(*at, error)) return false;
    ha::log().info("metrics: serving /metrics on " + cfg_.cf.metrics);
    return true;
}

void Daemon::watch_signals() {
    signals_.add(SIGTERM);
    signals_.add(SIGHUP);
    signals_.add(SIGUSR1);
    signals_.add(SIGUSR2);
    if (cmd_.foreground) signals_.add(SIGINT);   // heartbeat ignores SIGINT; a terminal user expects it
    else std::signal(SIGINT, SIG_IGN);
    signals_.async_wait([this](boost::system::error_code ec, int sig) {
        if (ec) return;
        auto& log = ha::log();
        if (sig == SIGTERM || sig == SIGINT) stop();
        else if (sig == SIGHUP) {
            ha::notify_reloading();
            reload();
            ha::notify_ready();
        }
        else if (sig == SIGUSR1) log.set_debug(log.debug_level() + 1);
        else if (sig == SIGUSR2 && log.debug_level() > 0) log.set_debug(log.debug_level() - 1);
        if (!stopped_) watch_signals();
    });
}

void Daemon::arm_keepalive() {
    // Scheduled from the previous deadline, not from "now": no drift; after a stall, resync.
    auto period = std::chrono::duration_cast<std::chrono::steady_clock::duration>(cfg_.cf.keepalive);
    auto t = std::chrono::steady_clock::now();
    if (keepalive_due_ + period < t) keepalive_due_ = t;
    keepalive_timer_.expires_at(keepalive_due_);
    keepalive_timer_.async_wait([this, period](boost::system::error_code ec) {
        if (ec || stopped_) return;
        if (auto late = lag_.timer_ran("keepalive", std::chrono::duration_cast<Millis>(keepalive_due_.time_since_epoch()), now()))
            ha::log().warning(*late);
        keepalive_due_ += period;
        apply(core_->keepalive(now()));
        if (pinger_) pinger_->ping_all();
        arm_keepalive();
    });
}

void Daemon::arm_tick() {
    // 3.0.6 scans every 250 ms; sub-second deadtimes need finer steps to stay near deadtime.
    // The scan also wakes exactly when the next node or link times out, so detection is not
    // late by up to a step (deadtime 500 ms: 25 ms) on top of deadtime.
    auto step = std::clamp(cfg_.cf.deadtime / 20, Millis(10), Millis(250));
    using Clock = std::chrono::steady_clock;
    auto at = Clock::now() + step;
    if (auto e = core_->next_expiry()) {
        Clock::time_point due{std::chrono::duration_cast<Clock::duration>(*e)};
        if (due < at) at = std::max(due, Clock::now());
    }
    tick_timer_.expires_at(at);
    tick_timer_.async_wait([this, at](boost::system::error_code ec) {
        if (ec || stopped_) return;
        auto t = now();
        if (auto late = lag_.timer_ran("scan", std::chrono::duration_cast<Millis>(at.time_since_epoch()), t))
            ha::log().warning(*late);
        // Someone would be declared dead: first read what already waits in the sockets, so
        // that our own stall is not taken for the peer's silence.
        if (drain_before_scan(t, core_->next_expiry())) {
            std::size_t read = 0;
            for (auto& m : media_) read += m->drain(64);
            if (stopped_) return;
            if (read) ha::log().debug(1, "read " + std::to_string(read) + " waiting packet(s) before the scan");
        }
        apply(core_->tick(now()));
        if (!stopped_) driver_.on_tick(now());
        if (!stopped_) save_peer_floors(false);
        arm_tick();
    });
}

static DropCause cause_of(int code) {
    switch (code) {
    case wire::unauthenticated: return DropCause::unauthenticated;
    case wire::unknown_key: return DropCause::unknown_key;
    case wire::bad_signature: return DropCause::bad_signature;
    default: return DropCause::malformed;
    }
}

void Daemon::on_bytes(std::string_view bytes, const std::string& link, std::optional<Millis> age) {
    if (stopped_) return;
    auto p = wire::receive_packet(bytes, cfg_.keys);
    if (!p) {
        CoreEvent e;
        e.kind = CoreEvent::Kind::dropped;
        e.drop = cause_of(p.error_code());
        e.text = "on " + link + ": " + p.error();
        log_event(e);
        return;
    }
    if (ha::log().debug_level() >= 3) ha::log().debug(3, "recv on " + link + ": " + wire::to_debug_string(p->message));
    if (p->message.type() == "status")
        if (auto src = p->message.get_or("src"); !src.empty() && src != cfg_.local && cfg_.cf.has_node(src))
            ++hb_metrics().received[{src, link}];
    last_packet_time_ = packet_time(now(), age, last_packet_time_);
    apply(core_->receive(p->message, link, last_packet_time_));
}

void Daemon::on_fifo(const wire::Message& m) {
    if (stopped_ || stopping_) return;
    auto r = classify_fifo_message(m);
    // "failback": hb_standby gives up foreign groups, hb_takeover takes its own (local) back.
    auto set = r.set != "failback" ? r.set : r.kind == FifoRequest::Kind::standby ? "foreign" : "local";
    switch (r.kind) {
    case FifoRequest::Kind::standby:
        if (auto why = driver_.on_standby_request(set); !why.empty()) ha::log().warning("standby request ignored: " + why);
        else ++hb_metrics().failovers["standby"];
        break;
    case FifoRequest::Kind::takeover:
        if (auto why = driver_.on_takeover_request(set); !why.empty()) ha::log().warning("takeover request ignored: " + why);
        else ++hb_metrics().failovers["takeover"];
        break;
    case FifoRequest::Kind::cluster_message: send(std::move(r.message)); break;
    case FifoRequest::Kind::ignore: break;
    }
}

void Daemon::transmit(const wire::Message& m) {
    media::Encoded e;
    auto u = wire::encode_udp(m, cfg_.keys, cfg_.cf.msgfmt);
    if (!u) {
        ++send_failures_;
        ha::log().error("cannot encode " + std::string(m.type()) + ": " + u.error());
        return;
    }
    e.udp = std::move(*u);
    if (any_serial_) {
        auto s = wire::encode_serial(m, cfg_.keys);
        if (s) e.serial = std::move(*s);
    }
    if (ha::log().debug_level() >= 3) ha::log().debug(3, "send: " + wire::to_debug_string(m));
    bool heartbeat = m.type() == "status";
    for (auto& md : media_) {
        md->send(e);
        if (heartbeat) ++hb_metrics().sent[md->link_name()];
    }
}

void Daemon::apply(CoreOutput out) {
    for (auto& m : out.send) transmit(m);
    for (auto& e : out.events) {
        log_event(e);
        switch (e.kind) {
        case CoreEvent::Kind::liveness:
            if (e.live.kind == LKind::status_changed) {
                if (e.live.to == NodeStatus::dead && e.live.from != NodeStatus::dead && e.node != cfg_.local &&
                    cfg_.cf.has_node(e.node))
                    ++hb_metrics().failovers["peer_dead"];
                driver_.on_node_state(e.node, e.live.from, e.live.to);
            }
            break;
        case CoreEvent::Kind::comm_now_up: driver_.on_comm_up(); break;
        case CoreEvent::Kind::peer_restarted: driver_.on_peer_restarted(e.node); break;
        case CoreEvent::Kind::partition_healed:
            driver_.on_partition_healed(e.node);
            // Both sides may hold everything now. Like 3.0.6: after 2 s give up all resources
            // and restart, so the normal start-up negotiation decides who holds what.
            if (!stopping_ && !restart_pending_) {
                restart_pending_ = true;
                ha::log().crit("Deadtime value may be too small; giving up all resources and restarting in 2 s");
                restart_timer_.expires_after(2s);
                restart_timer_.async_wait([this](boost::system::error_code ec) {
                    if (ec || stopping_) return;
                    restart_ = true;
                    stop();
                });
            }
            break;
        default: break;
        }
    }
    for (auto& m : out.deliver) driver_.on_cluster_message(m);
}

void Daemon::log_event(const CoreEvent& raw) {
    auto& log = ha::log();
    // Event texts quote packets (node names, fields): one log line whatever a peer sent.
    bool escape = ha::has_control_bytes(raw.text) || ha::has_control_bytes(raw.node);
    CoreEvent clean;
    if (escape) {
        clean = raw;
        clean.text = ha::printable(raw.text);
        clean.node = ha::printable(raw.node);
    }
    const CoreEvent& e = escape ? clean : raw;
    switch (e.kind) {
    case CoreEvent::Kind::liveness: {
        const auto& l = e.live;
        switch (l.kind) {
        case LKind::status_changed:
            log.info("Status update for node " + l.node + ": status " + std::string(membership::to_string(l.to)));
            break;
        case LKind::node_dead:
            ++hb_metrics().node_deaths[l.node];
            log.warning("node " + l.node + ": is dead (silent for " + std::to_string(l.interval.count()) + " ms)");
            break;
        case LKind::late_heartbeat:
            ++hb_metrics().late[l.node];
            log.warning("Late heartbeat: Node " + l.node + ": interval " + std::to_string(l.interval.count()) + " ms");
            break;
        case LKind::link_up: log.info("Link " + l.node + ":" + l.link + " up."); break;
        case LKind::link_dead:
            ++hb_metrics().link_deaths[{l.node, l.link}];
            log.info("Link " + l.node + ":" + l.link + " dead."); break;
        case LKind::comm_up: log.info("Comm up: every node heard from or declared dead"); break;
        case LKind::dt_clamped:
            log.warning("node " + l.node + " announces a dead time of " + std::to_string(l.interval.count()) +
                     " ms; believing at most " + std::to_string(membership::kMaxAnnouncedDeadtimes) +
                     " x our deadtime (" +
                     std::to_string((cfg_.cf.deadtime * membership::kMaxAnnouncedDeadtimes).count()) + " ms)");
            break;
        }
        break;
    }
    case CoreEvent::Kind::local_status: log.info("Local status now " + e.text); break;
    case CoreEvent::Kind::comm_now_up: log.info("Comm_now_up(): updating status to active"); break;
    case CoreEvent::Kind::peer_restarted: log.info("node " + e.node + " restarted (higher generation)"); break;
    case CoreEvent::Kind::partition_healed: log.crit(e.text); break;
    case CoreEvent::Kind::lost_packets:
        ++hb_metrics().lost[e.node];
        log.debug(1, e.text);
        break;
    case CoreEvent::Kind::dropped:
        ++hb_metrics().dropped[std::string(to_string(e.drop))];
        if (auto text = drops_.drop(e.drop, e.text, now()); text && cfg_.cf.log_badpack)
            log.warning(*text);
        break;
    case CoreEvent::Kind::info: log.info(e.text); break;
    case CoreEvent::Kind::peer_generation: save_peer_floors(true); break;
    }
}

void Daemon::send(wire::Message m) {
    if (!core_ || stopped_) return;
    apply(core_->send(std::move(m), now()));
}

membership::NodeStatus Daemon::node_status(const std::string& node) const {
    return core_ ? core_->node_status(node) : NodeStatus::init;
}

std::vector<std::string> Daemon::links(const std::string& node) const {
    if (!core_) return {};
    if (node == cfg_.local) {
        std::vector<std::string> out;
        for (auto& m : media_) out.push_back(m->link_name());
        return out;
    }
    return core_->links(node);
}

std::optional<bool> Daemon::link_up(const std::string& node, const std::string& link) const {
    if (!core_) return std::nullopt;
    if (node == cfg_.local) {
        for (auto& m : media_)
            if (m->link_name() == link) return true;
        return std::nullopt;
    }
    return core_->link_up(node, link);
}

std::string Daemon::standby(const std::string& which) {
    auto why = driver_.on_standby_request(which);
    if (why.empty()) ++hb_metrics().failovers["standby"];
    return why;
}

std::string Daemon::takeover(const std::string& which) {
    auto why = driver_.on_takeover_request(which);
    if (why.empty()) ++hb_metrics().failovers["takeover"];
    return why;
}

std::optional<std::string> Daemon::parameter(const std::string& name) const {
    auto it = cfg_.cf.raw.find(name);
    if (it == cfg_.cf.raw.end()) return std::nullopt;
    return it->second;
}

std::string Daemon::counters() const {
    return "dropped " + drops_.summary() + "\ngeneration " + std::to_string(core_ ? core_->generation() : 0) +
           "\nseq " + std::to_string(core_ ? core_->last_seq() : 0) + "\nencode_failures " +
           std::to_string(send_failures_);
}

void Daemon::reload() {
    auto& log = ha::log();
    log.info("Reloading: re-reading " + cfg_.dir + "/{ha.cf,authkeys,haresources}");
    auto fresh = load_config(cfg_.dir);
    if (!fresh) {
        // Every "file:line: message" on its own line; nothing of the new files is used.
        std::string e = fresh.error();
        for (std::size_t at = 0; at <= e.size();) {
            auto nl = e.find('\n', at);
            if (nl == std::string::npos) nl = e.size();
            if (nl > at) log.error("reload: " + e.substr(at, nl - at));
            at = nl + 1;
        }
        log.error("reload failed; the running configuration is kept unchanged");
        return;
    }
    for (auto& w : fresh->warnings) log.warning(w);
    if (fresh->local != cfg_.local) {
        log.warning("local node name changed (" + cfg_.local + " -> " + fresh->local + "): takes effect at restart");
    }

    config::ReloadFiles files{cfg_.dir + "/ha.cf", cfg_.dir + "/haresources"};
    auto plan = config::plan_reload(cfg_.cf, fresh->cf, cfg_.groups, fresh->groups, files);
    for (auto& d : plan.deferred) log.warning(d);

    cfg_.keys = fresh->keys;
    if (pinger_) pinger_->set_keys(cfg_.keys);
    cfg_.authkeys_mtime = fresh->authkeys_mtime;
    cfg_.hacf_mtime = fresh->hacf_mtime;

    bool af_ok = true;
    if (plan.auto_failback && !driver_.set_auto_failback(plan.next.auto_failback)) {
        af_ok = false;
        plan.next.auto_failback = cfg_.cf.auto_failback;
        for (const char* k : {"auto_failback", "nice_failback"}) {
            if (auto it = cfg_.cf.raw.find(k); it != cfg_.cf.raw.end()) plan.next.raw[k] = it->second;
            else plan.next.raw.erase(k);
        }
        log.warning("auto_failback: this node's failover driver cannot change it live: takes effect at restart");
    }
    cfg_.cf = std::move(plan.next);

    if (plan.logging) setup_log(cfg_.cf, cmd_.debug, log_to_terminal_);
    if (plan.timers) {
        core_->set_liveness({cfg_.cf.keepalive, cfg_.cf.deadtime, cfg_.cf.warntime, cfg_.cf.initdead, cfg_.cf.deadping});
        // Re-aim both timers now: a shorter period must not wait out the old one.
        auto next = std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(cfg_.cf.keepalive);
        if (next < keepalive_due_) keepalive_due_ = next;
        keepalive_timer_.cancel();
        tick_timer_.cancel();
        if (!stopped_) {
            arm_keepalive();
            arm_tick();
        }
    }
    std::string summary;
    for (auto& a : plan.applied) summary += (summary.empty() ? "" : ", ") + a;
    if (!af_ok) summary += summary.empty() ? "" : " (auto_failback not applied)";
    log.info("reload: authkeys re-read; " + (summary.empty() ? std::string("no live ha.cf change") : "applied " + summary) +
             (plan.deferred.empty() ? "" : "; " + std::to_string(plan.deferred.size()) + " change(s) wait for a restart"));
}

void Daemon::stop() {
    if (stopping_) return;
    stopping_ = true;
    ha::notify_stopping();
    ha::log().info("Heartbeat shutdown in progress.");
    driver_.on_shutdown([this] {
        if (stopped_) return;
        apply(core_->shutdown(now()));
        ha::log().info("All HA resources relinquished; shutdone sent.");
        // Give serial writes a moment to drain before the loop ends.
        exit_timer_.expires_after(300ms);
        exit_timer_.async_wait([this](boost::system::error_code) { finish(); });
    });
}

// The replay floor: a peer's new generation at once, its advancing seq every 10 s (so after
// our restart only messages of the last <= 10 s before it could be replayed), and at stop.
void Daemon::save_peer_floors(bool force) {
    if (!core_) return;
    auto t = std::chrono::steady_clock::now();
    if (!force && t - floors_saved_ < std::chrono::seconds(10)) return;
    floors_saved_ = t;
    PeerFloors next = peer_floors_;
    for (const auto& [node, pos] : core_->peer_positions()) next[node] = PeerFloor{pos.first, pos.second};
    if (next == peer_floors_) return;
    peer_floors_ = std::move(next);
    if (!floor_saver_) return;
    floor_saver_->save(format_peer_floors(peer_floors_));
    if (auto why = floor_saver_->take_error())
        ha::log().warning(*why + " (replays from before a restart will not be recognised)");
}

void Daemon::finish() {
    save_peer_floors(true);
    if (floor_saver_) floor_saver_->flush();   // on disk before we exit or exec
    stopped_ = true;
    boost::system::error_code ec;
    keepalive_timer_.cancel();
    tick_timer_.cancel();
    restart_timer_.cancel();
    signals_.cancel(ec);
    if (control_) control_->close();
    if (metrics_) metrics_->close();
    for (auto& m : media_) m->close();
    if (pinger_) pinger_->close();
    if (fifo_) fifo_->close();
    ha::log().info("heartbeatd: stopped.");
    io_.stop();
}

} // namespace hb::daemon
