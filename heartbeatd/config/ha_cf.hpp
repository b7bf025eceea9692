// /etc/ha.d/ha.cf as heartbeat 3.0.6 reads it (haresources/v1 mode only), typed.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeatd/config/diagnostic.hpp"

namespace hb::config {

using std::chrono::milliseconds;

enum class AutoFailback { legacy, on, off };
enum class MsgFmt { classic, netstring };
enum class GenMethod { file, time };
enum class UuidFrom { file, nodename };
enum class AutoJoin { none, other, any };

// One heartbeat medium (one per interface for bcast, one per line for the others).
struct Medium {
    enum class Kind { bcast, mcast, mcast6, ucast, ucast6, serial };
    Kind kind = Kind::bcast;
    std::string device;   // interface name, or tty path for serial
    std::string address;  // mcast group or ucast peer (IP or host name); empty for bcast/serial
    std::string scope;    // ucast6 "%scope" suffix, without the '%'
    std::uint16_t port = 0;   // udpport in force when the line was read (mcast: its own port)
    int ttl = 0;          // mcast/mcast6 ttl or hops
    bool loop = false;    // mcast/mcast6
    int baud = 0;         // serial: baud in force when the line was read
    int line = 0;

    // Name heartbeat uses for the link in status queries: interface or tty path.
    const std::string& link_name() const { return device; }
};

std::string_view to_string(Medium::Kind k);

// A pseudo-node watched by ICMP: one address (ping/ping6/hbaping) or a group.
struct PingNode {
    enum class Kind { ping, ping6, hbaping, group };
    Kind kind = Kind::ping;
    std::string name;                   // the address itself, or the group name
    std::vector<std::string> addresses;
    int line = 0;
};

// respawn / failfast: a client process heartbeat keeps running.
struct ClientChild {
    std::string user;
    std::string path;   // absolute
    std::vector<std::string> args;
    bool failfast = false;   // reboot when it dies (failfast) instead of restarting it
    int line = 0;
};

struct ApiAuth {
    std::string client;
    std::vector<std::string> uids;
    std::vector<std::string> gids;
};

struct StonithDevice {
    std::string type;
    std::string config_file;
};

struct StonithHost {
    std::string from_host;   // "*" for any
    std::string type;
    std::string params;      // rest of the line
};

struct HaCf {
    std::vector<std::string> nodes;   // lowercased, in order of appearance

    milliseconds keepalive{1000};
    milliseconds deadtime{30000};
    milliseconds warntime{15000};     // default deadtime/2, resolved after parsing
    milliseconds initdead{60000};     // default depends on deadtime, resolved after parsing
    milliseconds deadping{30000};     // default deadtime
    std::uint16_t udpport = 694;
    int baud = 19200;
    std::vector<Medium> media;
    std::vector<PingNode> ping_nodes;

    AutoFailback auto_failback = AutoFailback::legacy;
    bool auto_failback_set = false;

    std::vector<ClientChild> clients;   // respawn and failfast, in order
    std::vector<ApiAuth> apiauth;       // explicit lines only (defaults are the daemon's business)

    std::string logfacility;   // "" = none
    std::string logfile;
    std::string debugfile;
    bool use_logd = false;     // resolved: true when set, or implied by having no log target
    int conn_logd_time = 60;   // seconds
    bool syslogmsgfmt = true;
    bool log_badpack = true;
    int debug = 0;

    std::string compression = "zlib";
    int compression_threshold = 2;   // KB
    bool traditional_compression = false;

    MsgFmt msgfmt = MsgFmt::classic;
    int hopfudge = 1;
    bool realtime = true;
    std::optional<int> rtprio;
    GenMethod hbgenmethod = GenMethod::file;
    UuidFrom uuidfrom = UuidFrom::file;
    AutoJoin autojoin = AutoJoin::none;
    std::string watchdog;

    std::vector<StonithDevice> stonith;
    std::vector<StonithHost> stonith_hosts;
    std::string cluster = "linux-ha";
    bool coredumps = true;
    bool coreroot = true;
    std::vector<std::pair<std::string, std::string>> env;   // NAME, value (exported as HA_NAME)
    milliseconds max_rexmit_delay{250};
    int memreserve = 6500;   // KB
    bool use_apphbd = false;
    bool normalpoll = true;
    std::string metrics;   // heartbeatd extension: "ADDR:PORT" of the /metrics endpoint, "" = off

    // Directive -> value exactly as last written (for "hbparameter"-style queries).
    std::map<std::string, std::string> raw;
    // Directive -> line of its last occurrence.
    std::map<std::string, int> lines;

    // hopfudge + node count (ping nodes included): the ttl field of outgoing messages.
    int ttl() const { return hopfudge + int(nodes.size() + ping_nodes.size()); }
    bool has_node(std::string_view name) const;
};

struct HaCfOptions {
    std::string file_name = "ha.cf";          // used in diagnostics
    std::optional<std::string> local_node;    // when known, it must be a listed node
    std::uint16_t default_udpport = 694;      // from /etc/services when the caller looked it up
};

struct HaCfResult {
    HaCf config;
    Diagnostics diagnostics;
    bool ok() const { return !diagnostics.has_errors(); }
};

HaCfResult parse_ha_cf(std::string_view text, const HaCfOptions& options = {});

// heartbeat's node name: the first line of /etc/ha.d/nodeinfo when that file exists and is
// not empty, else `uname -n`; lowercased like ha.cf node names.
std::string local_node_name(std::string_view uname, std::optional<std::string_view> nodeinfo);

} // namespace hb::config
