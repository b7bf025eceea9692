// The running directord: owns the config, the kernel seam and the event loop; turns
// signals, timers and config changes into table syncs. The decisions are pure functions
// (desired_table, reconcile); this class only sequences them.
#pragma once
#include <map>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "lib/asio.hpp"
#include "directord/config/config.hpp"
#include "directord/daemon/dir_metrics.hpp"
#include "directord/director/change_log.hpp"
#include "directord/daemon/mailer.hpp"
#include "directord/daemon/maintenance_watch.hpp"
#include "directord/daemon/monitor_files.hpp"
#include "directord/health/engine.hpp"
#include "directord/ipvs/kernel.hpp"
#include "directord/ipvs/kernel_worker.hpp"
#include "directord/status/health_report.hpp"
#include "lib/query_socket.hpp"
#include "lib/metrics_server.hpp"
#include "directord/ipvs/stats.hpp"

namespace directord {

struct DaemonOptions {
    std::string config_path;   // resolved path
    std::string config_arg;    // as given on the command line (may be empty)
    std::string pidfile;       // empty: none
    bool dry_run = false;
    std::string status_socket;   // where `directord status` asks for health; empty: none
    // The kernel's IPVS counters for /metrics, read at scrape time (netlink only); null: none.
    std::function<std::optional<ipvs::TableStats>()> ipvs_stats;
};

class Daemon {
public:
    Daemon(boost::asio::io_context& io, DaemonOptions opts, Config cfg, std::unique_ptr<ipvs::Kernel> kernel);

    // First sync (adopting what the kernel already has), then signals and timers.
    // `started` runs when that first sync has ended (at once with a fast kernel).
    void start(std::function<void()> started = nullptr);
    // Re-read the config; on error keep everything running as it is.
    void reload(const std::string& why);
    // Remove what cleanstop says, then leave the loop.
    void stop(const std::string& signal_name);

    int exit_code() const { return exit_code_; }
    // Every configured real's state and last check result, as `directord status` shows them.
    std::vector<status::RealHealth> health_snapshot() const;

private:
    // Dump, plan, apply. `reconfigure`: hand the (new) config and the table to the checks first.
    // With a slow kernel (the ipvsadm tool) dump and apply run off the loop: a request made
    // while a sync is out is merged into one follow-up sync, planned from the health and
    // config of that moment (never a queue of stale plans).
    // `fresh_read`: read the kernel's table for this sync. Health changes pass false: they
    // plan from the table as the last sync left it (our own writes applied to its read), so
    // a burst of changes (10,000 reals joining at start) is not a full dump each; the
    // periodic resync, start and reloads read afresh, and so does the sync after any failure.
    void sync(const std::set<ipvs::ServiceKey>& remove = {}, bool reconfigure = false, bool fresh_read = true);
    struct SyncRun;
    void start_sync();
    void plan_and_apply(std::shared_ptr<SyncRun> run, std::optional<ipvs::Table> actual, const std::string& error);
    void log_applied(SyncRun& run, const std::vector<ipvs::OpResult>& results);
    void finish_sync(SyncRun& run);
    void remember_table(SyncRun& run, const std::vector<ipvs::OpResult>& results);
    void finish_stop(const std::string& signal_name);
    void leave(const std::string& signal_name);
    void watch_results();
    void mail(const Virtual& v, const std::string& line);
    void remind();
    // `planned`: the virtuals the plan covered (a health sync's); null: all of them.
    void run_fallback_commands(const std::set<ipvs::ServiceKey>& fallback_on, const std::set<ipvs::ServiceKey>* planned);
    void watch_signals();
    void watch_children();
    void arm_sync_timer();
    void arm_config_timer();
    bool config_changed_on_disk();
    void open_metrics();          // as cfg_.metrics says (start and reload)
    std::string render_metrics();

    boost::asio::io_context& io_;
    DaemonOptions opts_;
    Config cfg_;
    ipvs::KernelWorker kernel_;
    health::Engine engine_;
    MaintenanceWatch maintenance_;
    MonitorFiles monitors_;
    Mailer mailer_;
    AlertReminders reminders_;
    DaemonPhase phase_ = DaemonPhase::starting;
    boost::asio::signal_set signals_;
    boost::asio::signal_set children_;
    boost::asio::steady_timer sync_timer_, config_timer_, stop_timer_;
    // What arrived while a sync was out: served by one follow-up sync.
    struct SyncRequest {
        bool wanted = false;
        bool reconfigure = false;
        bool fresh_read = false;
        std::set<ipvs::ServiceKey> remove;
    } next_sync_;
    // The table as the last sync left it; empty when it must be read (see sync()).
    std::optional<ipvs::Table> known_table_;
    // Virtuals (cfg_ indexes) with a real that went up or down since the last plan: a sync
    // from known_table_ plans only these.
    std::set<std::size_t> dirty_virtuals_;
    std::optional<ChangeNarrator> narrator_;   // of cfg_: built once per config
    std::vector<std::size_t> alerting_virtuals_;   // of cfg_ (with narrator_): emailalert set
    bool sync_in_flight_ = false;
    std::optional<std::string> reload_after_sync_;   // a reload asked for while a sync was out
    std::function<void()> after_sync_;               // stop() waiting for the sync in flight
    std::function<void()> started_;                  // start()'s caller, after the first sync
    std::chrono::steady_clock::duration last_resync_cost_{};   // of the last periodic sync (resync_period)
    std::chrono::steady_clock::time_point last_trim_{};          // of the heap (lib/heap_trim)
    std::map<ipvs::ServiceKey, bool> fallback_state_;  // last fallbackcommand run per virtual
    DirMetrics metrics_;
    std::unique_ptr<ha::metrics::Server> metrics_server_;
    std::optional<std::string> metrics_at_;   // where metrics_server_ listens
    std::string config_text_;
    long long config_mtime_ = 0;
    bool stopping_ = false;
    int exit_code_ = 0;
    std::unique_ptr<ha::QuerySocket> status_socket_;
};

// Reads the file, parses it; fills errors on failure.
ParseResult load_config(const std::string& path, const std::string& name);

} // namespace directord
