#include "heartbeatd/config/reload_plan.hpp"

#include <set>

namespace hb::config {

namespace {

// Directives whose typed value is compared below (repeatable ones: raw keeps only the last).
const std::set<std::string> kTyped = {
    "keepalive", "deadtime", "warntime", "initdead", "deadping",               // live timers
    "logfile", "debugfile", "logfacility", "debug", "log_badpack",             // live logging
    "auto_failback", "nice_failback",                                          // live when on<->off
    "node", "bcast", "mcast", "mcast6", "ucast", "ucast6", "serial",           // restart
    "ping", "ping6", "ping_group", "hbaping", "respawn", "failfast",            // restart
};

std::string ms(milliseconds v) { return std::to_string(v.count()) + "ms"; }

std::string af(AutoFailback a) {
    switch (a) {
    case AutoFailback::on: return "on";
    case AutoFailback::off: return "off";
    case AutoFailback::legacy: return "legacy";
    }
    return "?";
}

bool same(const Medium& a, const Medium& b) {
    return a.kind == b.kind && a.device == b.device && a.address == b.address && a.scope == b.scope &&
           a.port == b.port && a.ttl == b.ttl && a.loop == b.loop && a.baud == b.baud;
}

bool same(const PingNode& a, const PingNode& b) {
    return a.kind == b.kind && a.name == b.name && a.addresses == b.addresses;
}

bool same(const ClientChild& a, const ClientChild& b) {
    return a.user == b.user && a.path == b.path && a.args == b.args && a.failfast == b.failfast;
}

// Index of the first entry that differs (or the shorter size); npos when equal.
template <class T>
std::size_t first_difference(const std::vector<T>& a, const std::vector<T>& b) {
    std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i)
        if (!same(a[i], b[i])) return i;
    return a.size() == b.size() ? std::string::npos : n;
}

class Planner {
public:
    Planner(const HaCf& run, const HaCf& read, const ReloadFiles& f, ReloadPlan& p)
        : run_(run), read_(read), files_(f), p_(p) {}

    void deferred(const std::string& directive, int line, const std::string& file) {
        std::string where = line > 0 ? " at line " + std::to_string(line) : "";
        p_.deferred.push_back(file + ": " + directive + " changed" + where + ": takes effect at restart");
    }
    void deferred(const std::string& directive) { deferred(directive, line_of(directive), files_.ha_cf); }
    int line_of(const std::string& d) const {
        if (auto it = read_.lines.find(d); it != read_.lines.end()) return it->second;
        return 0;   // removed: the default comes back, and it has no line
    }

    // hbparameter answers from `raw`: it follows what runs.
    void take_raw(const std::string& d) {
        if (auto it = read_.raw.find(d); it != read_.raw.end()) p_.next.raw[d] = it->second, p_.next.lines[d] = line_of(d);
        else p_.next.raw.erase(d), p_.next.lines.erase(d);
    }

    template <class T>
    void live(const char* name, T HaCf::*field, bool& flag, std::string (*show)(T)) {
        if (run_.*field == read_.*field) return;
        p_.next.*field = read_.*field;
        take_raw(name);
        flag = true;
        p_.applied.push_back(std::string(name) + " " + show(run_.*field) + " -> " + show(read_.*field));
    }

    template <class T>
    void restart_list(const char* name, const std::vector<T>& a, const std::vector<T>& b) {
        auto i = first_difference(a, b);
        if (i == std::string::npos) return;
        int line = i < b.size() ? b[i].line : 0;
        deferred(name, line, files_.ha_cf);
    }

private:
    const HaCf& run_;
    const HaCf& read_;
    const ReloadFiles& files_;
    ReloadPlan& p_;
};

std::string show_str(std::string s) { return s.empty() ? "(none)" : s; }
std::string show_int(int v) { return std::to_string(v); }
std::string show_bool(bool v) { return v ? "on" : "off"; }

} // namespace

ReloadPlan plan_reload(const HaCf& run, const HaCf& read, const std::vector<ResourceGroup>& run_groups,
                       const std::vector<ResourceGroup>& read_groups, const ReloadFiles& files) {
    ReloadPlan p;
    p.next = run;
    Planner pl(run, read, files, p);

    pl.live("keepalive", &HaCf::keepalive, p.timers, ms);
    pl.live("deadtime", &HaCf::deadtime, p.timers, ms);
    pl.live("warntime", &HaCf::warntime, p.timers, ms);
    pl.live("initdead", &HaCf::initdead, p.timers, ms);
    pl.live("deadping", &HaCf::deadping, p.timers, ms);

    pl.live("logfile", &HaCf::logfile, p.logging, show_str);
    pl.live("debugfile", &HaCf::debugfile, p.logging, show_str);
    pl.live("logfacility", &HaCf::logfacility, p.logging, show_str);
    pl.live("debug", &HaCf::debug, p.logging, show_int);
    pl.live("log_badpack", &HaCf::log_badpack, p.logging, show_bool);

    // hbparameter shows these as written, even when the value is the same (a default now).
    for (auto d : {"keepalive", "deadtime", "warntime", "initdead", "deadping", "logfile", "debugfile",
                   "logfacility", "debug", "log_badpack"})
        pl.take_raw(d);
    if (run.auto_failback == read.auto_failback) {
        pl.take_raw("auto_failback");
        pl.take_raw("nice_failback");
    } else {
        // legacy (no nice_failback) speaks another start-up protocol: only on <-> off is live.
        if (run.auto_failback != AutoFailback::legacy && read.auto_failback != AutoFailback::legacy) {
            p.next.auto_failback = read.auto_failback;
            p.next.auto_failback_set = read.auto_failback_set;
            p.auto_failback = true;
            pl.take_raw("auto_failback");
            pl.take_raw("nice_failback");
            p.applied.push_back("auto_failback " + af(run.auto_failback) + " -> " + af(read.auto_failback));
        } else {
            pl.deferred(read.lines.count("nice_failback") && !read.lines.count("auto_failback") ? "nice_failback"
                                                                                                 : "auto_failback");
        }
    }

    if (run.nodes != read.nodes) pl.deferred("node");
    pl.restart_list("media", run.media, read.media);
    pl.restart_list("ping nodes", run.ping_nodes, read.ping_nodes);
    pl.restart_list("respawn/failfast", run.clients, read.clients);

    // Every other directive, by its text: a change there needs a restart.
    std::set<std::string> keys;
    for (auto& [k, v] : run.raw) keys.insert(k);
    for (auto& [k, v] : read.raw) keys.insert(k);
    for (auto& k : keys) {
        if (kTyped.count(k)) continue;
        auto a = run.raw.find(k), b = read.raw.find(k);
        bool in_a = a != run.raw.end(), in_b = b != read.raw.end();
        if (in_a && in_b && a->second == b->second) continue;
        pl.deferred(k);
    }

    if (canonical_text(run_groups) != canonical_text(read_groups)) {
        int line = 0;
        std::size_t n = std::min(run_groups.size(), read_groups.size()), i = 0;
        while (i < n && canonical_text({run_groups[i]}) == canonical_text({read_groups[i]})) ++i;
        if (i < read_groups.size()) line = read_groups[i].line;
        pl.deferred("resource groups", line, files.haresources);
    }
    return p;
}

} // namespace hb::config
