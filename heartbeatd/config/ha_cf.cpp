#include "heartbeatd/config/ha_cf.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <type_traits>

#include "heartbeatd/config/time_value.hpp"
#include "heartbeatd/config/values.hpp"
#include "lib/address.hpp"
#include "lib/nearest_word.hpp"
#include "lib/metrics_text.hpp"

namespace hb::config {

namespace {

constexpr std::size_t kMaxNodes = 100;       // heartbeat's MAXNODE
constexpr std::size_t kMaxNodeName = 100;
constexpr std::size_t kMaxMedia = 64;        // MAXMEDIA
constexpr std::size_t kMaxLine = 5120;       // MAXLINE

const std::set<std::string_view> kFacilities = {
    "auth", "authpriv", "cron", "daemon", "ftp", "kern", "lpr", "mail", "news",
    "syslog", "user", "uucp", "local0", "local1", "local2", "local3", "local4",
    "local5", "local6", "local7",
};

const std::set<int> kBauds = {9600, 19200, 38400, 57600, 115200, 230400, 460800};

bool valid_ifname(std::string_view s) {
    if (s.empty() || s.size() > 15) return false;   // IFNAMSIZ - 1
    for (char c : s)
        if (c == '/' || c <= ' ' || c == 0x7f) return false;   // ':' allowed: alias labels
    return true;
}

bool valid_hostname(std::string_view s) {
    if (s.empty() || s.size() > 253) return false;
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '.' || c == '_';
        if (!ok) return false;
    }
    return true;
}

bool looks_ipv4(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!(c == '.' || (c >= '0' && c <= '9'))) return false;
    return true;
}

std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// "a", "a or b", "a, b or c": the valid values named in an error.
template <typename Range>
std::string one_of(const Range& words) {
    std::string s;
    std::size_t i = 0, n = std::size(words);
    for (const auto& w : words) {
        if (i) s += i + 1 == n ? " or " : ", ";
        if constexpr (std::is_integral_v<std::decay_t<decltype(w)>>) s += std::to_string(w);
        else s += std::string(w);
        ++i;
    }
    return s;
}

class Parser;

// How a directive's values are given.
enum class Values {
    one,              // exactly one value ("keepalive 2")
    several,          // one or more, each read on its own ("node alpha beta")
    line,             // the rest of the line, read as a whole ("mcast eth0 239.0.0.1 694 1 0")
    pacemaker_only,   // accepted, warned about and ignored: it only matters to Pacemaker
};

// One ha.cf directive: its name, how its values come, whether it may repeat (each occurrence
// adds something) and what reads a value into the configuration.
struct Keyword {
    std::string_view name;
    Values values;
    bool repeats;
    std::function<void(Parser&, const std::string& name, const std::string& value)> read;
};

class Parser {
public:
    Parser(const HaCfOptions& opt) : opt_(opt), diag_(opt.file_name) {
        cfg_.udpport = opt.default_udpport;
    }

    HaCfResult run(std::string_view text);

private:
    static const std::vector<Keyword>& keywords();
    static const Keyword* keyword(std::string_view name);
    static std::string nearest_keyword(std::string_view name);

    void directive(std::string_view name, std::string_view rest);
    void finish();

    // Readers of one value into a field of HaCf (and a flag of the parser's, when given).
    static auto time_into(milliseconds HaCf::*field, bool Parser::*set = nullptr) {
        return [=](Parser& p, const std::string& name, const std::string& v) {
            if (auto t = p.time_value(name, v)) {
                p.cfg_.*field = *t;
                if (set) p.*set = true;
            }
        };
    }
    static auto bool_into(bool HaCf::*field) {
        return [=](Parser& p, const std::string& name, const std::string& v) {
            if (auto b = p.boolean(name, v)) p.cfg_.*field = *b;
        };
    }
    template <typename Int>
    static auto int_into(Int HaCf::*field, std::int64_t lo, std::int64_t hi) {
        return [=](Parser& p, const std::string& name, const std::string& v) {
            if (auto n = p.integer(name, v, lo, hi)) p.cfg_.*field = int(*n);
        };
    }
    static auto text_into(std::string HaCf::*field) {
        return [=](Parser& p, const std::string&, const std::string& v) { p.cfg_.*field = v; };
    }
    // A word from a fixed list (any case); an error names the list.
    template <typename T>
    static auto word_into(T HaCf::*field, std::vector<std::pair<std::string_view, T>> words,
                          std::string_view verb = "invalid") {
        return [=](Parser& p, const std::string& name, const std::string& v) {
            auto l = to_lower(v);
            for (const auto& [w, value] : words)
                if (l == w) {
                    p.cfg_.*field = value;
                    return;
                }
            std::vector<std::string_view> names;
            for (const auto& w : words) names.push_back(w.first);
            p.diag_.error(p.line_, std::string(verb) + " " + name + " " + quote(v) + " (" + one_of(names) + ")");
        };
    }

    // Directives with their own rules.
    void node(const std::string& name, const std::string& v);
    void udpport(const std::string& name, const std::string& v);
    void baud(const std::string& name, const std::string& v);
    void bcast(const std::string& name, const std::string& v);
    void serial(const std::string& name, const std::string& v);
    void ping(const std::string& name, const std::string& v);
    void auto_failback(const std::string& name, const std::string& v);
    void nice_failback(const std::string& name, const std::string& v);
    void crm(const std::string& name, const std::string& v);
    void logfacility(const std::string& name, const std::string& v);
    void use_logd(const std::string& name, const std::string& v);
    void autojoin(const std::string& name, const std::string& v);
    void watchdog(const std::string& name, const std::string& v);
    void env(const std::string& name, const std::string& v);
    void max_rexmit_delay(const std::string& name, const std::string& v);
    void mcast(const std::string& name, const std::string& rest);
    void ucast(const std::string& name, const std::string& rest);
    void ping_group(const std::string& name, const std::string& rest);
    void client(const std::string& name, const std::string& rest);
    void apiauth(const std::string& name, const std::string& rest);
    void metrics(const std::string& name, const std::string& v);
    void stonith(const std::string& name, const std::string& rest);
    void stonith_host(const std::string& name, const std::string& rest);

    std::optional<milliseconds> time_value(const std::string& name, const std::string& v) {
        auto t = parse_msec(v);
        if (!t) {
            diag_.error(line_, "invalid time " + quote(v) + " for " + name +
                                   " (use seconds like 2 or 1.5, or add ms/us; 's' is not accepted)");
            return std::nullopt;
        }
        return *t;
    }
    std::optional<bool> boolean(const std::string& name, const std::string& v) {
        auto b = parse_boolean(v);
        if (!b) diag_.error(line_, "invalid boolean " + quote(v) + " for " + name +
                                       " (use on/off, yes/no, true/false, y/n or 1/0)");
        return b;
    }
    std::optional<std::int64_t> integer(const std::string& name, const std::string& v,
                                        std::int64_t lo, std::int64_t hi) {
        auto n = parse_integer(v, lo, hi);
        if (!n) diag_.error(line_, "invalid value " + quote(v) + " for " + name + " (expected " +
                                       std::to_string(lo) + ".." + std::to_string(hi) + ")");
        return n;
    }
    std::optional<std::uint16_t> port(const std::string& name, const std::string& v) {
        auto n = parse_integer(v, 1, 65535);
        if (!n) {
            diag_.error(line_, "invalid port " + quote(v) + " for " + name + " (expected 1..65535)");
            return std::nullopt;
        }
        return std::uint16_t(*n);
    }
    void add_medium(Medium m) {
        m.line = line_;
        if (cfg_.media.size() >= kMaxMedia) {
            diag_.error(line_, "too many media (more than " + std::to_string(kMaxMedia) + ")");
            return;
        }
        cfg_.media.push_back(std::move(m));
    }
    // A line of at least `n` words, else a usage error.
    bool need(const std::string& name, const std::vector<std::string>& words, std::size_t n,
              const std::string& usage) {
        if (words.size() >= n) return true;
        diag_.error(line_, name + ": missing arguments (usage: " + usage + ")");
        return false;
    }
    // A directive setting a single value: several values on one line are an error.
    bool single(const std::string& name, std::size_t count) {
        if (count != 1) {
            diag_.error(line_, name + " takes exactly one value");
            return false;
        }
        return true;
    }

    const HaCfOptions& opt_;
    Diagnostics diag_;
    HaCf cfg_;
    int line_ = 0;
    std::map<std::string, int> seen_;   // single-valued directive -> first line
    bool warntime_set_ = false, initdead_set_ = false, deadping_set_ = false;
    std::optional<bool> use_logd_;
    int first_media_line_ = 0;
};

// Every directive heartbeat 3.0.6 knows in haresources mode: one row each.
const std::vector<Keyword>& Parser::keywords() {
    using V = Values;
    constexpr bool repeats = true, once = false;
    static const std::vector<Keyword> table = {
        {"node",                    V::several, repeats, &Parser::node},
        {"keepalive",               V::one,  once,    time_into(&HaCf::keepalive)},
        {"deadtime",                V::one,  once,    time_into(&HaCf::deadtime)},
        {"warntime",                V::one,  once,    time_into(&HaCf::warntime, &Parser::warntime_set_)},
        {"initdead",                V::one,  once,    time_into(&HaCf::initdead, &Parser::initdead_set_)},
        {"udpport",                 V::one,  once,    &Parser::udpport},
        {"bcast",                   V::several, repeats, &Parser::bcast},
        {"mcast",                   V::line, repeats, &Parser::mcast},
        {"mcast6",                  V::line, repeats, &Parser::mcast},
        {"ucast",                   V::line, repeats, &Parser::ucast},
        {"ucast6",                  V::line, repeats, &Parser::ucast},
        {"serial",                  V::several, repeats, &Parser::serial},
        {"baud",                    V::one,  once,    &Parser::baud},
        {"ping",                    V::several, repeats, &Parser::ping},
        {"ping6",                   V::several, repeats, &Parser::ping},
        {"hbaping",                 V::several, repeats, &Parser::ping},
        {"ping_group",              V::line, repeats, &Parser::ping_group},
        {"deadping",                V::one,  once,    time_into(&HaCf::deadping, &Parser::deadping_set_)},
        {"auto_failback",           V::one,  once,    &Parser::auto_failback},
        {"nice_failback",           V::one,  once,    &Parser::nice_failback},
        {"respawn",                 V::line, repeats, &Parser::client},
        {"failfast",                V::line, repeats, &Parser::client},
        {"apiauth",                 V::line, repeats, &Parser::apiauth},
        {"metrics",                 V::one,  once,    &Parser::metrics},   // heartbeatd extension
        {"crm",                     V::one,  once,    &Parser::crm},
        {"pacemaker",               V::one,  once,    &Parser::crm},
        {"logfacility",             V::one,  once,    &Parser::logfacility},
        {"logfile",                 V::one,  once,    text_into(&HaCf::logfile)},
        {"debugfile",               V::one,  once,    text_into(&HaCf::debugfile)},
        {"use_logd",                V::one,  once,    &Parser::use_logd},
        {"conn_logd_time",          V::one,  once,    int_into(&HaCf::conn_logd_time, 1, 86400)},
        {"syslogmsgfmt",            V::one,  once,    bool_into(&HaCf::syslogmsgfmt)},
        {"log_badpack",             V::one,  once,    bool_into(&HaCf::log_badpack)},
        {"debug",                   V::one,  once,    int_into(&HaCf::debug, 0, 255)},
        {"compression",             V::one,  once,    word_into<std::string>(&HaCf::compression, {{"zlib", "zlib"}, {"bz2", "bz2"}}, "unknown")},
        {"compression_threshold",   V::one,  once,    int_into(&HaCf::compression_threshold, 1, 256)},
        {"traditional_compression", V::one,  once,    bool_into(&HaCf::traditional_compression)},
        {"msgfmt",                  V::one,  once,    word_into(&HaCf::msgfmt, {{"classic", MsgFmt::classic}, {"netstring", MsgFmt::netstring}})},
        {"hopfudge",                V::one,  once,    int_into(&HaCf::hopfudge, 0, 255)},
        {"realtime",                V::one,  once,    bool_into(&HaCf::realtime)},
        {"rtprio",                  V::one,  once,    int_into(&HaCf::rtprio, 1, 99)},
        {"hbgenmethod",             V::one,  once,    word_into(&HaCf::hbgenmethod, {{"file", GenMethod::file}, {"time", GenMethod::time}})},
        {"uuidfrom",                V::one,  once,    word_into(&HaCf::uuidfrom, {{"file", UuidFrom::file}, {"nodename", UuidFrom::nodename}})},
        {"autojoin",                V::one,  once,    &Parser::autojoin},
        {"watchdog",                V::one,  once,    &Parser::watchdog},
        {"stonith",                 V::line, repeats, &Parser::stonith},
        {"stonith_host",            V::line, repeats, &Parser::stonith_host},
        {"cluster",                 V::one,  once,    text_into(&HaCf::cluster)},
        {"coredumps",               V::one,  once,    bool_into(&HaCf::coredumps)},
        {"coreroot",                V::one,  once,    bool_into(&HaCf::coreroot)},
        {"env",                     V::one,  repeats, &Parser::env},
        {"max_rexmit_delay",        V::one,  once,    &Parser::max_rexmit_delay},
        {"memreserve",              V::one,  once,    int_into(&HaCf::memreserve, 0, 1 << 20)},
        {"use_apphbd",              V::one,  once,    bool_into(&HaCf::use_apphbd)},
        {"normalpoll",              V::one,  once,    bool_into(&HaCf::normalpoll)},
        {"crm_daemon_dir",          V::pacemaker_only, once, nullptr},
        {"crmd_spawns_pengine",     V::pacemaker_only, once, nullptr},
        {"record_config_changes",   V::pacemaker_only, once, nullptr},
        {"record_pengine_inputs",   V::pacemaker_only, once, nullptr},
        {"enable_config_writes",    V::pacemaker_only, once, nullptr},
        {"quorum_server",           V::pacemaker_only, once, nullptr},
    };
    return table;
}

const Keyword* Parser::keyword(std::string_view name) {
    for (const auto& k : keywords())
        if (k.name == name) return &k;
    return nullptr;
}

std::string Parser::nearest_keyword(std::string_view name) {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const auto& k : keywords()) v.emplace_back(k.name);
        return v;
    }();
    return ha::nearest_word(std::string(name), names);
}

HaCfResult Parser::run(std::string_view text) {
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto nl = text.find('\n', pos);
        std::string_view raw = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
        ++line_;
        pos = (nl == std::string_view::npos) ? text.size() + 1 : nl + 1;

        if (raw.size() > kMaxLine) {
            diag_.error(line_, "line too long (more than " + std::to_string(kMaxLine) + " bytes)");
            continue;
        }
        if (auto hash = raw.find('#'); hash != std::string_view::npos) raw = raw.substr(0, hash);
        raw = trim(raw);
        if (raw.empty()) continue;
        if (raw.find('\0') != std::string_view::npos) {
            diag_.error(line_, "NUL byte in line");
            continue;
        }
        auto sp = raw.find_first_of(whitespace);
        std::string_view name = raw.substr(0, sp);
        std::string_view rest = sp == std::string_view::npos ? std::string_view{} : trim(raw.substr(sp));
        directive(name, rest);
    }
    finish();
    return HaCfResult{std::move(cfg_), std::move(diag_)};
}

void Parser::directive(std::string_view name_sv, std::string_view rest) {
    std::string name(name_sv);
    if (name == "udp") {   // heartbeat's old name: not a row, so it is never suggested
        diag_.warning(line_, "directive 'udp' is obsolete, treated as 'bcast'");
        name = "bcast";
    }

    const Keyword* k = keyword(name);
    if (!k) {
        auto near = nearest_keyword(name);
        diag_.error(line_, "unknown directive " + quote(name) + (near.empty() ? "" : " (did you mean " + quote(near) + "?)"));
        return;
    }
    if (rest.empty()) {
        diag_.error(line_, name + " needs a value");
        return;
    }

    if (!k->repeats) {
        auto [it, fresh] = seen_.emplace(name, line_);
        if (!fresh)
            diag_.warning(line_, name + " already set on line " + std::to_string(it->second) +
                                     "; this line overrides it");
    }
    cfg_.raw[name] = std::string(rest);
    cfg_.lines[name] = line_;

    switch (k->values) {
    case Values::pacemaker_only:
        diag_.warning(line_, name + " only matters to Pacemaker; ignored");
        return;
    case Values::line:
        k->read(*this, name, std::string(rest));
        return;
    case Values::one:
    case Values::several:
        break;
    }
    auto values = split_tokens(rest, ha_cf_delims);
    if (values.empty()) {
        diag_.error(line_, name + " needs a value");
        return;
    }
    if (k->values == Values::one && !single(name, values.size())) return;
    for (auto& v : values) k->read(*this, name, v);
}

void Parser::node(const std::string&, const std::string& v) {
    auto n = to_lower(v);
    if (n.size() > kMaxNodeName) {
        diag_.error(line_, "node name " + quote(v) + " is longer than 100 characters");
    } else if (cfg_.has_node(n)) {
        diag_.warning(line_, "node " + quote(n) + " listed twice");
    } else if (cfg_.nodes.size() >= kMaxNodes) {
        diag_.error(line_, "too many nodes (more than 100)");
    } else {
        if (n != v) diag_.warning(line_, "node name " + quote(v) + " is used lowercased as " + quote(n));
        cfg_.nodes.push_back(n);
    }
}

void Parser::udpport(const std::string& name, const std::string& v) {
    if (auto p = port(name, v)) {
        cfg_.udpport = *p;
        if (first_media_line_)
            diag_.warning(line_, "udpport must come before the media lines it applies to; "
                                 "media from line " + std::to_string(first_media_line_) +
                                 " on keep the earlier port");
    }
}

void Parser::baud(const std::string&, const std::string& v) {
    auto n = parse_integer(v, 1, 10000000);
    if (!n || !kBauds.count(int(*n))) {
        diag_.error(line_, "invalid baud rate " + quote(v) + " (" + one_of(kBauds) + ")");
        return;
    }
    cfg_.baud = int(*n);
    bool serial_before = std::any_of(cfg_.media.begin(), cfg_.media.end(),
                                     [](auto& m) { return m.kind == Medium::Kind::serial; });
    if (serial_before) diag_.warning(line_, "baud must come before the serial lines it applies to");
}

void Parser::bcast(const std::string&, const std::string& v) {
    if (!valid_ifname(v)) {
        diag_.error(line_, "bcast: invalid interface name " + quote(v));
        return;
    }
    if (!first_media_line_) first_media_line_ = line_;
    Medium m;
    m.kind = Medium::Kind::bcast;
    m.device = v;
    m.port = cfg_.udpport;
    add_medium(m);
}

void Parser::serial(const std::string&, const std::string& v) {
    if (v.empty() || v[0] != '/') {
        diag_.error(line_, "serial: " + quote(v) + " is not an absolute device path");
        return;
    }
    if (!first_media_line_) first_media_line_ = line_;
    Medium m;
    m.kind = Medium::Kind::serial;
    m.device = v;
    m.baud = cfg_.baud;
    add_medium(m);
}

void Parser::ping(const std::string& name, const std::string& v) {
    PingNode p;
    p.kind = name == "ping" ? PingNode::Kind::ping
           : name == "ping6" ? PingNode::Kind::ping6 : PingNode::Kind::hbaping;
    p.name = v;
    p.addresses = {v};
    p.line = line_;
    if (name == "ping") {
        auto a = ha::Address::parse(v);
        if (looks_ipv4(v) ? !(a && !a->is_v6()) : !valid_hostname(v)) {
            diag_.error(line_, "ping: invalid address " + quote(v));
            return;
        }
    } else if (name == "ping6") {
        auto a = ha::Address::parse(v);
        if (!a || !a->is_v6()) {
            diag_.error(line_, "ping6: invalid IPv6 address " + quote(v));
            return;
        }
    } else {
        diag_.warning(line_, "hbaping (Fibre Channel ping) is not supported by heartbeatd; node kept but never alive");
    }
    cfg_.ping_nodes.push_back(p);
}

void Parser::auto_failback(const std::string&, const std::string& v) {
    auto l = to_lower(v);
    if (l == "legacy") {
        cfg_.auto_failback = AutoFailback::legacy;
        diag_.warning(line_, "auto_failback legacy is deprecated (standby does not work); use on or off");
    } else if (auto b = parse_boolean(v)) {
        cfg_.auto_failback = *b ? AutoFailback::on : AutoFailback::off;
    } else {
        diag_.error(line_, "invalid auto_failback " + quote(v) + " (on, off or legacy)");
        return;
    }
    cfg_.auto_failback_set = true;
}

void Parser::nice_failback(const std::string& name, const std::string& v) {
    auto b = boolean(name, v);
    if (!b) return;
    if (cfg_.auto_failback_set) {
        diag_.error(line_, "nice_failback and auto_failback both set; remove the obsolete nice_failback");
        return;
    }
    cfg_.auto_failback = *b ? AutoFailback::off : AutoFailback::legacy;
    cfg_.auto_failback_set = true;
    diag_.warning(line_, std::string("nice_failback is obsolete; treated as 'auto_failback ") +
                             (*b ? "off'" : "legacy'"));
}

void Parser::crm(const std::string& name, const std::string& v) {
    auto b = parse_boolean(v);
    if (b && !*b) return;   // explicitly off: fine
    diag_.error(line_, name + " " + v + ": heartbeatd runs haresources (v1) clusters only and "
                       "cannot host Pacemaker's CRM; use Pacemaker with Corosync for that, or set '" +
                       name + " off'");
}

void Parser::logfacility(const std::string&, const std::string& v) {
    auto l = to_lower(v);
    if (l == "none") cfg_.logfacility.clear();
    else if (kFacilities.count(l)) cfg_.logfacility = l;
    else diag_.error(line_, "unknown syslog facility " + quote(v));
}

void Parser::use_logd(const std::string& name, const std::string& v) {
    if (auto b = boolean(name, v)) use_logd_ = *b;
}

void Parser::autojoin(const std::string&, const std::string& v) {
    auto l = to_lower(v);
    if (l == "none") cfg_.autojoin = AutoJoin::none;
    else if (l == "other" || l == "any")
        diag_.error(line_, "autojoin " + l + " is not allowed with haresources; list every node with 'node'");
    else diag_.error(line_, "invalid autojoin " + quote(v) + " (none, other or any)");
}

void Parser::watchdog(const std::string&, const std::string& v) {
    if (v.empty() || v[0] != '/') diag_.error(line_, "watchdog: " + quote(v) + " is not an absolute device path");
    else cfg_.watchdog = v;
}

void Parser::env(const std::string&, const std::string& v) {
    auto eq = v.find('=');
    auto key = v.substr(0, eq);
    bool ok = eq != std::string::npos && !key.empty() &&
              std::all_of(key.begin(), key.end(), [](char c) {
                  return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
              }) && !(key[0] >= '0' && key[0] <= '9');
    if (!ok) diag_.error(line_, "env: expected NAME=value, got " + quote(v));
    else cfg_.env.emplace_back(key, v.substr(eq + 1));
}

void Parser::max_rexmit_delay(const std::string& name, const std::string& v) {
    auto t = time_value(name, v);
    if (!t) return;
    if (t->count() <= 0) {
        diag_.error(line_, "max_rexmit_delay must be positive");
        return;
    }
    cfg_.max_rexmit_delay = *t;
    if (*t > milliseconds(10000))
        diag_.warning(line_, "max_rexmit_delay " + v + " means " + format_msec(*t) +
                                 " (a bare number is seconds; write e.g. 250ms)");
}

void Parser::mcast(const std::string& name, const std::string& rest) {
    auto words = split_tokens(rest, whitespace);
    bool v6 = name == "mcast6";
    if (words.size() != 5) {
        diag_.error(line_, name + " needs exactly 5 values: <dev> <group> <port> <ttl> <loop>");
        return;
    }
    Medium m;
    m.kind = v6 ? Medium::Kind::mcast6 : Medium::Kind::mcast;
    bool ok = true;
    if (!valid_ifname(words[0])) { diag_.error(line_, name + ": invalid interface name " + quote(words[0])); ok = false; }
    auto g = ha::Address::parse(words[1]);
    bool is_mc = g && (v6 ? (g->is_v6() && g->bytes[0] == 0xff)
                          : (!g->is_v6() && (g->bytes[0] & 0xf0) == 0xe0));
    if (!is_mc) {
        diag_.error(line_, name + ": " + quote(words[1]) + " is not an " +
                               (v6 ? "IPv6 multicast (ff00::/8)" : "IPv4 multicast (class D)") + " address");
        ok = false;
    }
    auto p = port(name, words[2]);
    auto ttl = parse_integer(words[3], 0, 4);
    if (!ttl) { diag_.error(line_, name + ": ttl " + quote(words[3]) + " must be 0..4"); ok = false; }
    auto loop = parse_integer(words[4], 0, 1);
    if (!loop) { diag_.error(line_, name + ": loop " + quote(words[4]) + " must be 0 or 1"); ok = false; }
    if (!ok || !p) return;
    if (!first_media_line_) first_media_line_ = line_;
    m.device = words[0];
    m.address = g->str();
    m.port = *p;
    m.ttl = int(*ttl);
    m.loop = *loop != 0;
    add_medium(m);
}

void Parser::ucast(const std::string& name, const std::string& rest) {
    auto words = split_tokens(rest, whitespace);
    bool v6 = name == "ucast6";
    if (words.size() != 2) {
        diag_.error(line_, name + " needs exactly 2 values: <dev> <peer address>");
        return;
    }
    Medium m;
    m.kind = v6 ? Medium::Kind::ucast6 : Medium::Kind::ucast;
    if (!valid_ifname(words[0])) {
        diag_.error(line_, name + ": invalid interface name " + quote(words[0]));
        return;
    }
    std::string addr = words[1];
    if (v6) {
        if (auto pct = addr.find('%'); pct != std::string::npos) {
            m.scope = addr.substr(pct + 1);
            addr = addr.substr(0, pct);
        }
        auto a = ha::Address::parse(addr);
        if (!a || !a->is_v6()) {
            diag_.error(line_, "ucast6: invalid IPv6 address " + quote(words[1]));
            return;
        }
    } else {
        auto a = ha::Address::parse(addr);
        bool ok = looks_ipv4(addr) ? (a && !a->is_v6()) : valid_hostname(addr);
        if (!ok) {
            diag_.error(line_, "ucast: invalid peer " + quote(addr) + " (IPv4 address or host name)");
            return;
        }
    }
    if (!first_media_line_) first_media_line_ = line_;
    m.device = words[0];
    m.address = addr;
    m.port = cfg_.udpport;
    add_medium(m);
}

void Parser::ping_group(const std::string& name, const std::string& rest) {
    auto words = split_tokens(rest, whitespace);
    if (!need(name, words, 2, "ping_group <name> <ip> [<ip>...]")) return;
    PingNode p;
    p.kind = PingNode::Kind::group;
    p.name = words[0];
    p.line = line_;
    for (std::size_t i = 1; i < words.size(); ++i) {
        auto a = ha::Address::parse(words[i]);
        if (!a || a->is_v6()) {
            diag_.error(line_, "ping_group: invalid IPv4 address " + quote(words[i]));
            return;
        }
        p.addresses.push_back(words[i]);
    }
    cfg_.ping_nodes.push_back(p);
}

// respawn and failfast.
void Parser::client(const std::string& name, const std::string& rest) {
    auto words = split_tokens(rest, whitespace);
    if (!need(name, words, 2, name + " <user> </absolute/path> [args...]")) return;
    if (words[1][0] != '/') {
        diag_.error(line_, name + ": program " + quote(words[1]) + " must be an absolute path");
        return;
    }
    ClientChild c;
    c.user = words[0];
    c.path = words[1];
    c.args.assign(words.begin() + 2, words.end());
    c.failfast = name == "failfast";
    c.line = line_;
    cfg_.clients.push_back(c);
}

// heartbeatd extension: the Prometheus text endpoint (heartbeat 3.0.6 rejects the key).
void Parser::metrics(const std::string&, const std::string& v) {
    std::string why;
    if (ha::metrics::parse_listen_address(v, why)) cfg_.metrics = v;
    else diag_.error(line_, "metrics: " + why);
}

void Parser::apiauth(const std::string& name, const std::string& rest) {
    auto words = split_tokens(rest, whitespace);
    if (!need(name, words, 2, "apiauth <client> [uid=a,b] [gid=c,d]")) return;
    ApiAuth a;
    a.client = words[0];
    for (std::size_t i = 1; i < words.size(); ++i) {
        auto& w = words[i];
        auto eq = w.find('=');
        std::string key = eq == std::string::npos ? w : w.substr(0, eq);
        std::string val = eq == std::string::npos ? "" : w.substr(eq + 1);
        auto list = split_tokens(val, ",");
        if ((key != "uid" && key != "gid") || list.empty()) {
            diag_.error(line_, "apiauth: expected uid=... or gid=..., got " + quote(w));
            return;
        }
        auto& dst = key == "uid" ? a.uids : a.gids;
        dst.insert(dst.end(), list.begin(), list.end());
    }
    cfg_.apiauth.push_back(a);
    // Never silently ignored: heartbeatd has no client API for it to govern.
    diag_.warning(line_, "apiauth " + a.client +
                             ": not acted on: heartbeatd has no client API (its control socket "
                             "answers root, and read-only queries to the haclient group)");
}

void Parser::stonith(const std::string&, const std::string& rest) {
    auto words = split_tokens(rest, whitespace);
    if (words.size() != 2) {
        diag_.error(line_, "stonith needs exactly 2 values: <type> <config-file>");
        return;
    }
    cfg_.stonith.push_back({words[0], words[1]});
}

void Parser::stonith_host(const std::string& name, const std::string& rest) {
    auto words = split_tokens(rest, whitespace);
    if (!need(name, words, 2, "stonith_host <fromhost|*> <type> [params...]")) return;
    StonithHost h;
    h.from_host = words[0] == "*" ? "*" : to_lower(words[0]);
    h.type = words[1];
    for (std::size_t i = 2; i < words.size(); ++i) h.params += (i > 2 ? " " : "") + words[i];
    cfg_.stonith_hosts.push_back(h);
}

void Parser::finish() {
    auto line_of = [&](const char* d) {
        auto it = cfg_.lines.find(d);
        return it == cfg_.lines.end() ? 0 : it->second;
    };

    // Defaults that depend on other values (heartbeat applies them after parsing).
    if (!warntime_set_) cfg_.warntime = cfg_.deadtime / 2;
    if (!deadping_set_) cfg_.deadping = cfg_.deadtime;
    if (!initdead_set_) {
        if (cfg_.deadtime > milliseconds(10000)) cfg_.initdead = cfg_.deadtime;
        else if (cfg_.deadtime < milliseconds(6000)) cfg_.initdead = milliseconds(12000);
        else cfg_.initdead = cfg_.deadtime * 2;
    }

    if (cfg_.keepalive.count() <= 0)
        diag_.error(line_of("keepalive"), "keepalive must be more than 0ms");
    if (cfg_.deadtime <= cfg_.keepalive * 2) {
        int l = line_of("deadtime") ? line_of("deadtime") : line_of("keepalive");
        diag_.error(l, "deadtime (" + format_msec(cfg_.deadtime) + ") must be more than twice keepalive (" +
                           format_msec(cfg_.keepalive) + ")");
    }
    if (warntime_set_) {
        if (cfg_.warntime >= cfg_.deadtime)
            diag_.warning(line_of("warntime"), "warntime (" + format_msec(cfg_.warntime) +
                                                   ") is not below deadtime (" + format_msec(cfg_.deadtime) +
                                                   "); late heartbeats will never be reported");
        else if (cfg_.warntime <= cfg_.keepalive)
            diag_.warning(line_of("warntime"), "warntime (" + format_msec(cfg_.warntime) +
                                                   ") is not above keepalive (" + format_msec(cfg_.keepalive) +
                                                   "); every heartbeat will be reported late");
    }
    if (cfg_.initdead < cfg_.deadtime) {
        diag_.error(line_of("initdead"), "initdead (" + format_msec(cfg_.initdead) +
                                             ") is smaller than deadtime (" + format_msec(cfg_.deadtime) + ")");
    } else if (cfg_.initdead < milliseconds(10000)) {
        diag_.warning(line_of("initdead"), "initdead (" + format_msec(cfg_.initdead) +
                                               ") may be too small: it should be at least 10s");
    }
    if (deadping_set_ && cfg_.deadping <= cfg_.keepalive * 2)
        diag_.error(line_of("deadping"), "deadping (" + format_msec(cfg_.deadping) +
                                             ") must be more than twice keepalive (" +
                                             format_msec(cfg_.keepalive) + ")");

    if (cfg_.nodes.empty())
        diag_.error(0, "no 'node' directive: list every cluster node (as `uname -n` prints it)");
    else if (opt_.local_node && !cfg_.has_node(to_lower(*opt_.local_node)))
        diag_.error(line_of("node"), "this machine's node name " + quote(to_lower(*opt_.local_node)) +
                                         " is not listed in any 'node' directive");
    for (auto& p : cfg_.ping_nodes)
        if (cfg_.has_node(to_lower(p.name)))
            diag_.error(p.line, "ping node " + quote(p.name) + " has the same name as a cluster node");

    if (cfg_.media.empty())
        diag_.error(0, "no heartbeat media defined (bcast, mcast, mcast6, ucast, ucast6 or serial)");

    if (!cfg_.auto_failback_set)
        diag_.warning(0, "auto_failback not set: using the deprecated 'legacy' mode (set auto_failback on or off)");

    // Logging: with no target at all, heartbeat falls back to logd.
    bool any_target = !cfg_.logfile.empty() || !cfg_.debugfile.empty() || !cfg_.logfacility.empty();
    if (use_logd_) cfg_.use_logd = *use_logd_;
    else cfg_.use_logd = !any_target;
    if (!any_target && use_logd_ && !*use_logd_)
        diag_.error(line_of("use_logd"), "no log target: set logfile, debugfile or logfacility, or use_logd on");
    if (!cfg_.logfacility.empty() && cfg_.logfile.empty() && !cfg_.use_logd) cfg_.logfile = "/dev/null";
}

} // namespace

std::string_view to_string(Medium::Kind k) {
    switch (k) {
    case Medium::Kind::bcast: return "bcast";
    case Medium::Kind::mcast: return "mcast";
    case Medium::Kind::mcast6: return "mcast6";
    case Medium::Kind::ucast: return "ucast";
    case Medium::Kind::ucast6: return "ucast6";
    case Medium::Kind::serial: return "serial";
    }
    return "?";
}

bool HaCf::has_node(std::string_view name) const {
    return std::find(nodes.begin(), nodes.end(), name) != nodes.end();
}

HaCfResult parse_ha_cf(std::string_view text, const HaCfOptions& options) {
    return Parser(options).run(text);
}

std::string local_node_name(std::string_view uname, std::optional<std::string_view> nodeinfo) {
    if (nodeinfo) {
        auto first = nodeinfo->substr(0, nodeinfo->find('\n'));
        first = trim(first);
        if (!first.empty()) return to_lower(first);
    }
    return to_lower(trim(uname));
}

} // namespace hb::config
