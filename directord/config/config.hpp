// ldirectord.cf as plain values, after parsing and resolution (hostnames and service
// names resolved, defaults of ldirectord 4.12 applied, per-virtual overrides merged).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "directord/ipvs/model.hpp"
#include "lib/address.hpp"
#include "lib/diagnostic.hpp"

namespace directord {

enum class CheckType { negotiate, connect, ping, external, external_perl, on, off, combined };

// A diagnostic tied to a line of the file (lib's: "ldirectord.cf:12: message", the
// warnings with "warning: " before the message).
using ha::Diagnostic;

// directord extensions (ldirectord rejects these keys): how the TLS checks (https,
// ldaps, pops, imaps) treat the server's certificate; see checks/transport/tls_policy.hpp.
struct TlsSettings {
    std::string verify = "chain";   // tlsverify: chain, none or hostname
    std::string cafile, capath;     // tlscafile, tlscapath; empty = the system store
};

struct Real {
    ha::Address addr;
    std::uint16_t port = 0;         // as configured; 0 = not given
    ipvs::Fwd fwd = ipvs::Fwd::route;
    int weight = 1;
    std::uint32_t u_threshold = 0;  // u:N
    std::uint32_t l_threshold = 0;  // l:N
    std::optional<std::string> request;  // per-real "request", "receive"
    std::optional<std::string> receive;
    int line = 0;                   // line of its real= in the file
};

struct Fallback {
    ha::Address addr;
    std::uint16_t port = 0;         // 0 = the virtual's port
    ipvs::Fwd fwd = ipvs::Fwd::route;
};

struct Virtual {
    int line = 0;                   // line of virtual=/virtual6=
    bool v6 = false;                // virtual6=
    ipvs::ServiceKey key;           // af, protocol, addr, port or fwmark
    std::string text;               // as written after virtual= (for logs)

    std::vector<Real> reals;
    CheckType checktype = CheckType::negotiate;
    int combined_count = 0;         // checktype=N
    std::string service;            // http, https, ..., none (resolved default)
    bool service_explicit = false;
    std::string checkcommand = "/bin/true";
    std::uint16_t checkport = 0;    // 0 = real's port
    std::string request = "/";
    std::string receive;
    std::string httpmethod = "GET";
    std::optional<std::string> virtualhost;
    std::string login, passwd, database, secret;
    std::string scheduler = "wrr";
    std::optional<std::uint32_t> persistent;
    std::optional<std::string> netmask_text; // as written; applied only with persistent
    std::uint32_t netmask = 0xffffffff;      // IPv4 mask (host order) or IPv6 prefix length
    std::optional<std::string> schedflags;   // e.g. "mh-fallback,mh-port"
    bool ops = false;
    std::optional<Fallback> fallback;        // own or inherited global one (already merged)
    std::optional<std::string> fallbackcommand;
    bool quiescent = false;                  // merged with global
    bool httpkeepalive = false;              // directord: http checks reuse their connection
    std::string httpredirects = "samehost";  // directord: where http checks follow redirects
    bool cleanstop = true;
    std::string emailalert;
    int emailalertfreq = 0;
    std::string emailalertstatus = "all";    // canonical: all, none or a comma list (see alert_status_*)
    std::optional<std::string> smtp;
    int checktimeout = 5;                    // derived as ldirectord does (section 1.6)
    int negotiatetimeout = 30;
    int checkcount = 1;
    int failurecount = 1;
    int checkinterval = 10;
    std::optional<std::string> monitorfile;
    std::optional<std::string> servicename, comment;
    std::optional<std::string> load;         // parsed, never used (as in ldirectord)
    bool checkinterval_explicit = false;     // set in the section (honoured with fork=yes only)
    TlsSettings tls;                         // merged with the global

    // ServiceOpts for the kernel: scheduler, flags (persistent, ops, schedflags), timeout, netmask.
    ipvs::ServiceOpts service_opts() const;
};

struct Config {
    std::string path;               // resolved path of the file
    std::string name;               // CFGNAME: basename as given, "ldirectord" when none
    int checkinterval = 10;
    int checktimeout = 0;           // 0 = unset (derived per virtual)
    int negotiatetimeout = 0;
    int checkcount = 1;
    int failurecount = 1;
    bool autoreload = false;
    std::optional<std::string> callback;
    std::optional<Fallback> fallback, fallback6;
    std::optional<std::string> fallbackcommand;
    std::string logfile = "/var/log/ldirectord.log";  // '/...' file, else syslog facility
    std::string emailalert;
    std::optional<std::string> emailalertfrom;
    int emailalertfreq = 0;
    std::string emailalertstatus = "all";
    std::optional<std::string> smtp;
    std::vector<std::string> execute;
    bool supervised = false;
    bool fork = false;
    bool quiescent = false;         // code default (the man page says yes: it is wrong)
    bool readdquiescent = false;
    bool httpkeepalive = false;     // directord extension (see ldirectord.cf(5))
    std::string httpredirects = "samehost";   // directord extension: none, samehost, any
    bool cleanstop = true;
    std::optional<std::string> maintenancedir;
    TlsSettings tls;
    std::optional<std::string> metrics;   // directord extension: "ADDR:PORT" of /metrics

    std::vector<Virtual> virtuals;
    std::vector<Diagnostic> warnings;
};

// Daemon states in which alert mails are sent (emailalertstatus=), as a bit mask.
inline constexpr unsigned kAlertStarting = 1, kAlertRunning = 2, kAlertStopping = 4,
                          kAlertReloading = 8, kAlertAll = 15;
unsigned alert_status_mask(const std::string& canonical);   // "all" -> kAlertAll, "none" -> 0
std::string alert_status_text(unsigned mask);

struct ParseResult {
    std::optional<Config> config;       // set when there is no error
    std::vector<Diagnostic> errors;     // every error found (ldirectord stops at the first)
    std::vector<Diagnostic> warnings;
};

// Pure with respect to the file system except name resolution (getaddrinfo/getservbyname)
// and logfile/monitorfile checks, which go through the Resolver seam.
struct Resolver {
    virtual ~Resolver() = default;
    // First address of `host` in family af (AF_INET/AF_INET6); nullopt if it does not resolve.
    virtual std::optional<ha::Address> host(const std::string& host, int af) const;
    // Port of a service name for protocol "tcp", "udp" or "" (any).
    virtual std::optional<std::uint16_t> service(const std::string& name, const std::string& proto) const;
    // Could `path` be opened for appending? 0 or an errno. Does not create the file
    // (ldirectord opens logfile= and monitorfile= at parse time; we only check).
    virtual int can_append(const std::string& path) const;
    // maintenancedir= is only warned about when it is not a directory.
    virtual bool is_directory(const std::string& path) const;
    // $HOSTNAME, else uname's node name: used in the ftp/sip login defaults.
    virtual std::string local_hostname() const;

    // What getaddrinfo(AI_NUMERICHOST) makes of a literal (inet_aton forms for IPv4:
    // "5060" is 0.0.19.196). Never touches the network; fakes use it for literals.
    static std::optional<ha::Address> numeric_host(const std::string& host, int af);
};

// Parse text as ldirectord 4.12 does. `file` names the file in diagnostics.
ParseResult parse_config(const std::string& text, const std::string& file, const Resolver& r = Resolver{});

// Read the file at `path` and parse it; Config::path = path. An unreadable file is an error
// on line 0. Config::name is left to the caller (see config_name).
ParseResult load_config(const std::string& path, const Resolver& r = Resolver{});

// CFGNAME: basename of the argument as given; "ldirectord" when no argument was given.
std::string config_name(const std::optional<std::string>& arg);

// ldirectord's lookup: /etc/ha.d/NAME, then /etc/ha.d/conf/NAME, then NAME as given.
// Returns the path found, or nullopt. `root` prefixes /etc for tests.
std::optional<std::string> locate_config(const std::string& name, const std::string& root = "");

// The words of the config file: "external-perl", "masq" ...
const char* checktype_name(CheckType t);
const char* fwd_word(ipvs::Fwd f);

// The normalized config printed by `directord -t`: every virtual with all effective values.
std::string normalize(const Config& c);

} // namespace directord
