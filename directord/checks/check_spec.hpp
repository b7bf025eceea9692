// What one health check does, derived from the config as ldirectord derives it, and
// its identity: two reals (in one or several virtuals) with equal specs share one
// check that runs once per interval (ldirectord's real id, section 2.4, minus the
// weight and forwarding method, which do not change what is checked).
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "directord/checks/transport/redirect_policy.hpp"
#include "directord/checks/transport/tls_policy.hpp"
#include "directord/config/config.hpp"

namespace directord::checks {

struct CheckSpec {
    enum class Kind { connect, ping, negotiate, external, combined };
    Kind kind = Kind::connect;

    ha::Address addr;               // the real server
    std::uint16_t port = 0;         // port checked (0: none, the check fails)
    bool udp = false;               // the virtual's protocol

    std::chrono::seconds interval{10};
    std::chrono::seconds checktimeout{5};      // connect, ping (per attempt), external
    std::chrono::seconds negotiatetimeout{30}; // negotiate
    int checkcount = 1;                        // ping attempts

    // negotiate (and the negotiate half of combined)
    std::string service;            // http, https, http_proxy
    std::string method = "GET";     // GET or HEAD
    std::string url;                // as ldirectord builds it: scheme://RIP:PORT/request
    std::string host;               // Host header: virtualhost or the RIP
    std::string receive;            // regex; empty = any 2xx
    std::optional<std::string> sni; // TLS server name: virtualhost when it is a name
    TlsPolicy tls;
    bool keepalive = false;         // httpkeepalive=yes: reuse the connection between runs (http)
    RedirectPolicy redirects = RedirectPolicy::same_host;   // httpredirects= (http family)
    // the text-protocol services (smtp, pop, ftp, simpletcp ...)
    std::string request;            // as ldirectord keeps it: always with a leading '/'
    std::string login, passwd;
    std::string secret;             // radius shared secret
    std::string database;           // mysql database, pgsql dbname

    // external / external-perl: argv[0] is the program, then VIP VPORT RIP RPORT
    std::vector<std::string> argv;

    int combined_connects = 0;      // checktype=N

    std::chrono::seconds deadline() const;  // hard limit of one run
    std::string key() const;                // identity
    std::string str() const;                // short form for logs: "http://10.0.0.2:80/"
};

// No check runs: the answer is fixed.
struct FixedHealth {
    bool up = false;
    std::string reason;
};

// The check of real `r` of virtual `v` (everything comes from the config, the TLS
// policy included: the virtual's tlsverify/tlscafile/tlscapath).
std::variant<CheckSpec, FixedHealth> spec_for(const Config& cfg, const Virtual& v, const Real& r);

// A message for the first virtual whose check this build cannot run, if any.
std::optional<std::string> unsupported_check(const Config& cfg);

// ldirectord's default port of a service (0 when it has none): config/services.hpp.
std::uint16_t service_port(const std::string& service);

} // namespace directord::checks
