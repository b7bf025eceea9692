#include "heartbeatd/resources/group_runner.hpp"

#include "lib/log.hpp"

namespace hb::resources {

namespace asio = boost::asio;

namespace {

std::string first_line(const std::string& s) {
    auto e = s.find('\n');
    return e == std::string::npos ? s : s.substr(0, e);
}

} // namespace

GroupRunner::GroupRunner(asio::any_io_executor ex, ScriptRunner& runner, ResourceEnv env,
                         std::vector<config::ResourceGroup> groups, Logger log)
    : ex_(ex), runner_(runner), env_(std::move(env)), environment_(script_environment(env_)),
      groups_(std::move(groups)), log_(std::move(log)) {}

void GroupRunner::log(Level l, const std::string& s) const {
    if (log_) return log_(l, s);
    if (l == Level::debug) ha::log().debug(1, s);
    else if (l == Level::info) ha::log().info("info: " + s);
    else ha::log().write(l == Level::crit ? ha::LogLevel::crit : ha::LogLevel::warning, s);
}

const config::ResourceGroup* GroupRunner::find(const std::string& key) const {
    for (const auto& g : groups_)
        if (!g.resources.empty() && g.key() == key) return &g;
    return nullptr;
}

std::optional<std::vector<std::string>> GroupRunner::command(const config::Resource& r, const std::string& action) const {
    auto path = locate_script(env_.script_dirs, r.script);
    if (!path) return std::nullopt;
    std::vector<std::string> argv{*path};
    argv.insert(argv.end(), r.args.begin(), r.args.end());
    argv.push_back(action);
    return argv;
}

void GroupRunner::call(const config::Resource& r, const std::string& action, std::function<void(ScriptOutcome)> then) {
    auto argv = command(r, action);
    if (!argv) {
        log(Level::crit, "Cannot locate resource script " + r.script);
        ScriptOutcome o;
        o.end = ScriptOutcome::End::spawn_failed;
        o.error = "cannot locate resource script " + r.script;
        asio::post(ex_, [then = std::move(then), o = std::move(o)]() mutable { then(std::move(o)); });
        return;
    }
    log(Level::info, "Running " + r.str() + " " + action);
    std::string what = r.str() + " " + action;
    ScriptCall c{std::move(*argv), environment_, env_.timeout};
    runner_.run(std::move(c), [this, what, then = std::move(then)](ScriptOutcome o) {
        if (!o.out.empty()) log(Level::debug, what + " stdout: " + o.out);
        if (!o.err.empty()) log(Level::debug, what + " stderr: " + o.err);
        if (!o.ok()) log(Level::warn, what + ": " + o.describe() + (o.err.empty() ? "" : ": " + first_line(o.err)));
        then(std::move(o));
    });
}

// One group operation in flight: walks the resources with callbacks.
struct GroupRunner::Op : std::enable_shared_from_this<Op> {
    GroupRunner* gr;
    const config::ResourceGroup* g;
    Done done;
    bool ok = true;
    int stop_tries = 0;
    asio::steady_timer retry;

    Op(GroupRunner* r, const config::ResourceGroup* grp, Done d) : gr(r), g(grp), done(std::move(d)), retry(r->ex_) {}

    void start_at(std::size_t i) {
        if (i == g->resources.size()) return done(true);
        auto self = shared_from_this();
        const auto& r = g->resources[i];
        auto argv = gr->takeover_ ? gr->command(r, "start") : std::nullopt;
        if (argv) {
            std::string detail;
            auto res = gr->takeover_->take(r, argv->front(), detail);
            if (res == AddressTakeover::Result::added) {
                gr->log(Level::info, r.str() + ": added by heartbeatd (" + detail + "); its start script confirms");
                return start_script(i);
            }
            if (res == AddressTakeover::Result::failed)
                gr->log(Level::warn, r.str() + ": not added by heartbeatd (" + detail + "): left to its script");
        }
        gr->call(r, "status", [self, i, &r](ScriptOutcome st) {
            if (st.end != ScriptOutcome::End::spawn_failed && status_text_running(st.out)) {
                self->gr->log(Level::info, r.str() + " is already running");
                return self->start_at(i + 1);
            }
            if (st.end == ScriptOutcome::End::spawn_failed) return self->start_failed(r);
            self->start_script(i);
        });
    }

    void start_script(std::size_t i) {
        auto self = shared_from_this();
        const auto& r = g->resources[i];
        gr->call(r, "start", [self, i, &r](ScriptOutcome o) {
            if (!o.ok()) return self->start_failed(r);
            self->start_at(i + 1);
        });
    }

    void start_failed(const config::Resource& r) {
        gr->log(Level::crit, "Giving up resources due to failure of " + r.str());
        ok = false;
        auto d = std::move(done);
        done = [d](bool) { d(false); };   // releasing is best effort: the start failed anyway
        stop_at(g->resources.size());
    }

    // Stops resources [0, n) right to left.
    void stop_at(std::size_t n) {
        if (n == 0) return done(ok);
        auto self = shared_from_this();
        const auto& r = g->resources[n - 1];
        gr->call(r, "stop", [self, n, &r](ScriptOutcome o) {
            if (o.ok()) {
                self->stop_tries = 0;
                return self->stop_at(n - 1);
            }
            if (o.end != ScriptOutcome::End::spawn_failed && ++self->stop_tries < self->gr->env_.stop_retries) {
                self->retry.expires_after(self->gr->env_.stop_retry_delay);
                self->retry.async_wait([self, n](boost::system::error_code ec) {
                    if (!ec) self->stop_at(n);
                });
                return;
            }
            self->stop_tries = 0;
            if (o.end == ScriptOutcome::End::spawn_failed) {
                self->ok = false;
                return self->stop_at(n - 1);
            }
            self->gr->call(r, "status", [self, n, &r](ScriptOutcome st) {
                if (status_text_running(st.out)) {
                    self->gr->log(Level::crit, "Resource " + r.str() + " failed to stop and is still running. "
                                               "Heartbeat would reboot this node now; heartbeatd does not. "
                                               "Stop it by hand.");
                    self->ok = false;
                } else {
                    self->gr->log(Level::warn, "Resource script for " + r.str() + " probably not LSB-compliant: "
                                               "stop failed but status says it is not running");
                }
                self->stop_at(n - 1);
            });
        });
    }

    void status_at(std::size_t i) {
        if (i == g->resources.size()) return done(ok);
        auto self = shared_from_this();
        gr->call(g->resources[i], "status", [self, i](ScriptOutcome st) {
            if (!status_text_running(st.out)) self->ok = false;
            self->status_at(i + 1);
        });
    }
};

void GroupRunner::start(const std::string& key, Done done) {
    const auto* g = find(key);
    if (!g) {
        log(Level::crit, "no resource group " + key);
        return asio::post(ex_, [done = std::move(done)] { done(false); });
    }
    log(Level::info, "Acquiring resource group: " + g->node + " " + key);
    std::make_shared<Op>(this, g, std::move(done))->start_at(0);
}

void GroupRunner::stop(const std::string& key, Done done) {
    const auto* g = find(key);
    if (!g) {
        log(Level::crit, "no resource group " + key);
        return asio::post(ex_, [done = std::move(done)] { done(false); });
    }
    log(Level::info, "Releasing resource group: " + g->node + " " + key);
    std::make_shared<Op>(this, g, std::move(done))->stop_at(g->resources.size());
}

void GroupRunner::status(const std::string& key, Done done) {
    const auto* g = find(key);
    if (!g) return asio::post(ex_, [done = std::move(done)] { done(false); });
    std::make_shared<Op>(this, g, std::move(done))->status_at(0);
}

} // namespace hb::resources
