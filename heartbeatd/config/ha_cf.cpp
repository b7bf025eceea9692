#include "heartbeatd/config/ha_cf.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "heartbeatd/config/time_value.hpp"
#include "heartbeatd/config/values.hpp"
#include "lib/address.hpp"
#include "lib/metrics_text.hpp"

namespace hb::config {

namespace {

constexpr std::size_t kMaxNodes = 100;       // heartbeat's MAXNODE
constexpr std::size_t kMaxNodeName = 100;
constexpr std::size_t kMaxMedia = 64;        // MAXMEDIA
constexpr std::size_t kMaxLine = 5120;       // MAXLINE

// Directives whose handler receives the rest of the line as one string.
const std::set<std::string_view> kWholeLine = {
    "stonith", "stonith_host", "apiauth", "respawn", "failfast",
    "mcast", "mcast6", "ucast", "ucast6", "ping_group",
};

// Accepted for compatibility but meaningless without Pacemaker.
const std::set<std::string_view> kPacemakerOnly = {
    "crm_daemon_dir", "crmd_spawns_pengine", "record_config_changes",
    "record_pengine_inputs", "enable_config_writes", "quorum_server",
};

// Directives that may legitimately repeat (each occurrence adds something).
const std::set<std::string_view> kRepeatable = {
    "node", "bcast", "mcast", "mcast6", "ucast", "ucast6", "serial", "ping", "ping6",
    "hbaping", "ping_group", "respawn", "failfast", "apiauth", "stonith", "stonith_host", "env",
};

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

class Parser {
public:
    Parser(const HaCfOptions& opt) : opt_(opt), diag_(opt.file_name) {
        cfg_.udpport = opt.default_udpport;
    }

    HaCfResult run(std::string_view text);

private:
    void directive(std::string_view name, std::string_view rest);
    void option(const std::string& name, const std::string& value);
    void whole_line(const std::string& name, std::string_view rest);
    void finish();

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
    if (name == "udp") {
        diag_.warning(line_, "directive 'udp' is obsolete, treated as 'bcast'");
        name = "bcast";
    }

    static const std::set<std::string_view> known = {
        "node", "keepalive", "deadtime", "warntime", "initdead", "udpport", "bcast", "mcast",
        "mcast6", "ucast", "ucast6", "serial", "baud", "ping", "ping6", "hbaping", "ping_group",
        "deadping", "auto_failback", "nice_failback", "respawn", "failfast", "apiauth", "crm",
        "pacemaker", "logfacility", "logfile", "debugfile", "use_logd", "conn_logd_time",
        "syslogmsgfmt", "log_badpack", "debug", "compression", "compression_threshold",
        "traditional_compression", "msgfmt", "hopfudge", "realtime", "rtprio", "hbgenmethod",
        "uuidfrom", "autojoin", "watchdog", "stonith", "stonith_host", "cluster", "coredumps",
        "coreroot", "env", "max_rexmit_delay", "memreserve", "use_apphbd", "normalpoll",
        "metrics",   // heartbeatd extension
    };
    if (!known.count(name) && !kPacemakerOnly.count(name)) {
        diag_.error(line_, "unknown directive " + quote(name));
        return;
    }
    if (rest.empty()) {
        diag_.error(line_, name + " needs a value");
        return;
    }

    if (!kRepeatable.count(name)) {
        auto [it, fresh] = seen_.emplace(name, line_);
        if (!fresh)
            diag_.warning(line_, name + " already set on line " + std::to_string(it->second) +
                                     "; this line overrides it");
    }
    cfg_.raw[name] = std::string(rest);
    cfg_.lines[name] = line_;

    if (kPacemakerOnly.count(name)) {
        diag_.warning(line_, name + " only matters to Pacemaker; ignored");
        return;
    }
    if (kWholeLine.count(name)) {
        whole_line(name, rest);
        return;
    }
    auto values = split_tokens(rest, ha_cf_delims);
    if (values.empty()) {
        diag_.error(line_, name + " needs a value");
        return;
    }
    static const std::set<std::string_view> multi = {"node", "bcast", "serial", "ping", "ping6",
                                                     "hbaping"};
    if (!multi.count(name) && !single(name, values.size())) return;
    for (auto& v : values) option(name, v);
}

void Parser::option(const std::string& name, const std::string& v) {
    if (name == "node") {
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
    } else if (name == "metrics") {
        // heartbeatd extension: Prometheus text endpoint (heartbeat 3.0.6 rejects the key).
        std::string why;
        if (ha::metrics::parse_listen_address(v, why)) cfg_.metrics = v;
        else diag_.error(line_, "metrics: " + why);
    } else if (name == "keepalive") {
        if (auto t = time_value(name, v)) cfg_.keepalive = *t;
    } else if (name == "deadtime") {
        if (auto t = time_value(name, v)) cfg_.deadtime = *t;
    } else if (name == "warntime") {
        if (auto t = time_value(name, v)) { cfg_.warntime = *t; warntime_set_ = true; }
    } else if (name == "initdead") {
        if (auto t = time_value(name, v)) { cfg_.initdead = *t; initdead_set_ = true; }
    } else if (name == "deadping") {
        if (auto t = time_value(name, v)) { cfg_.deadping = *t; deadping_set_ = true; }
    } else if (name == "udpport") {
        if (auto p = port(name, v)) {
            cfg_.udpport = *p;
            if (first_media_line_)
                diag_.warning(line_, "udpport must come before the media lines it applies to; "
                                     "media from line " + std::to_string(first_media_line_) +
                                     " on keep the earlier port");
        }
    } else if (name == "baud") {
        auto n = parse_integer(v, 1, 10000000);
        if (!n || !kBauds.count(int(*n))) {
            diag_.error(line_, "invalid baud rate " + quote(v) +
                                   " (9600, 19200, 38400, 57600, 115200, 230400 or 460800)");
        } else {
            cfg_.baud = int(*n);
            bool serial_before = std::any_of(cfg_.media.begin(), cfg_.media.end(),
                                             [](auto& m) { return m.kind == Medium::Kind::serial; });
            if (serial_before)
                diag_.warning(line_, "baud must come before the serial lines it applies to");
        }
    } else if (name == "bcast") {
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
    } else if (name == "serial") {
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
    } else if (name == "ping" || name == "ping6" || name == "hbaping") {
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
    } else if (name == "auto_failback") {
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
    } else if (name == "nice_failback") {
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
    } else if (name == "crm" || name == "pacemaker") {
        auto b = parse_boolean(v);
        if (b && !*b) return;   // explicitly off: fine
        diag_.error(line_, name + " " + v + ": heartbeatd runs haresources (v1) clusters only and "
                           "cannot host Pacemaker's CRM; use Pacemaker with Corosync for that, or set '" +
                           name + " off'");
    } else if (name == "logfacility") {
        auto l = to_lower(v);
        if (l == "none") cfg_.logfacility.clear();
        else if (kFacilities.count(l)) cfg_.logfacility = l;
        else diag_.error(line_, "unknown syslog facility " + quote(v));
    } else if (name == "logfile") {
        cfg_.logfile = v;
    } else if (name == "debugfile") {
        cfg_.debugfile = v;
    } else if (name == "use_logd") {
        if (auto b = boolean(name, v)) use_logd_ = *b;
    } else if (name == "conn_logd_time") {
        if (auto n = integer(name, v, 1, 86400)) cfg_.conn_logd_time = int(*n);
    } else if (name == "syslogmsgfmt") {
        if (auto b = boolean(name, v)) cfg_.syslogmsgfmt = *b;
    } else if (name == "log_badpack") {
        if (auto b = boolean(name, v)) cfg_.log_badpack = *b;
    } else if (name == "debug") {
        if (auto n = integer(name, v, 0, 255)) cfg_.debug = int(*n);
    } else if (name == "compression") {
        auto l = to_lower(v);
        if (l == "zlib" || l == "bz2") cfg_.compression = l;
        else diag_.error(line_, "unknown compression " + quote(v) + " (zlib or bz2)");
    } else if (name == "compression_threshold") {
        if (auto n = integer(name, v, 1, 256)) cfg_.compression_threshold = int(*n);
    } else if (name == "traditional_compression") {
        if (auto b = boolean(name, v)) cfg_.traditional_compression = *b;
    } else if (name == "msgfmt") {
        auto l = to_lower(v);
        if (l == "classic") cfg_.msgfmt = MsgFmt::classic;
        else if (l == "netstring") cfg_.msgfmt = MsgFmt::netstring;
        else diag_.error(line_, "invalid msgfmt " + quote(v) + " (classic or netstring)");
    } else if (name == "hopfudge") {
        if (auto n = integer(name, v, 0, 255)) cfg_.hopfudge = int(*n);
    } else if (name == "realtime") {
        if (auto b = boolean(name, v)) cfg_.realtime = *b;
    } else if (name == "rtprio") {
        if (auto n = integer(name, v, 1, 99)) cfg_.rtprio = int(*n);
    } else if (name == "hbgenmethod") {
        auto l = to_lower(v);
        if (l == "file") cfg_.hbgenmethod = GenMethod::file;
        else if (l == "time") cfg_.hbgenmethod = GenMethod::time;
        else diag_.error(line_, "invalid hbgenmethod " + quote(v) + " (file or time)");
    } else if (name == "uuidfrom") {
        auto l = to_lower(v);
        if (l == "file") cfg_.uuidfrom = UuidFrom::file;
        else if (l == "nodename") cfg_.uuidfrom = UuidFrom::nodename;
        else diag_.error(line_, "invalid uuidfrom " + quote(v) + " (file or nodename)");
    } else if (name == "autojoin") {
        auto l = to_lower(v);
        if (l == "none") cfg_.autojoin = AutoJoin::none;
        else if (l == "other" || l == "any")
            diag_.error(line_, "autojoin " + l + " is not allowed with haresources; list every node with 'node'");
        else diag_.error(line_, "invalid autojoin " + quote(v) + " (none, other or any)");
    } else if (name == "watchdog") {
        if (v.empty() || v[0] != '/') diag_.error(line_, "watchdog: " + quote(v) + " is not an absolute device path");
        else cfg_.watchdog = v;
    } else if (name == "cluster") {
        cfg_.cluster = v;
    } else if (name == "coredumps") {
        if (auto b = boolean(name, v)) cfg_.coredumps = *b;
    } else if (name == "coreroot") {
        if (auto b = boolean(name, v)) cfg_.coreroot = *b;
    } else if (name == "env") {
        auto eq = v.find('=');
        auto key = v.substr(0, eq);
        bool ok = eq != std::string::npos && !key.empty() &&
                  std::all_of(key.begin(), key.end(), [](char c) {
                      return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                  }) && !(key[0] >= '0' && key[0] <= '9');
        if (!ok) diag_.error(line_, "env: expected NAME=value, got " + quote(v));
        else cfg_.env.emplace_back(key, v.substr(eq + 1));
    } else if (name == "max_rexmit_delay") {
        if (auto t = time_value(name, v)) {
            if (t->count() <= 0) diag_.error(line_, "max_rexmit_delay must be positive");
            else {
                cfg_.max_rexmit_delay = *t;
                if (*t > milliseconds(10000))
                    diag_.warning(line_, "max_rexmit_delay " + v + " means " + format_msec(*t) +
                                             " (a bare number is seconds; write e.g. 250ms)");
            }
        }
    } else if (name == "memreserve") {
        if (auto n = integer(name, v, 0, 1 << 20)) cfg_.memreserve = int(*n);
    } else if (name == "use_apphbd") {
        if (auto b = boolean(name, v)) cfg_.use_apphbd = *b;
    } else if (name == "normalpoll") {
        if (auto b = boolean(name, v)) cfg_.normalpoll = *b;
    }
}

void Parser::whole_line(const std::string& name, std::string_view rest) {
    auto words = split_tokens(rest, whitespace);
    auto need = [&](std::size_t n, const char* usage) {
        if (words.size() < n) {
            diag_.error(line_, name + ": missing arguments (usage: " + usage + ")");
            return false;
        }
        return true;
    };

    if (name == "mcast" || name == "mcast6") {
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
    } else if (name == "ucast" || name == "ucast6") {
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
    } else if (name == "ping_group") {
        if (!need(2, "ping_group <name> <ip> [<ip>...]")) return;
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
    } else if (name == "respawn" || name == "failfast") {
        if (!need(2, (name + " <user> </absolute/path> [args...]").c_str())) return;
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
    } else if (name == "apiauth") {
        if (!need(2, "apiauth <client> [uid=a,b] [gid=c,d]")) return;
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
    } else if (name == "stonith") {
        if (words.size() != 2) {
            diag_.error(line_, "stonith needs exactly 2 values: <type> <config-file>");
            return;
        }
        cfg_.stonith.push_back({words[0], words[1]});
    } else if (name == "stonith_host") {
        if (!need(2, "stonith_host <fromhost|*> <type> [params...]")) return;
        StonithHost h;
        h.from_host = words[0] == "*" ? "*" : to_lower(words[0]);
        h.type = words[1];
        for (std::size_t i = 2; i < words.size(); ++i) h.params += (i > 2 ? " " : "") + words[i];
        cfg_.stonith_hosts.push_back(h);
    }
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
