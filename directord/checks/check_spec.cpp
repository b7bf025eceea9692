#include "directord/checks/check_spec.hpp"
#include "directord/checks/transport/sql_libraries.hpp"
#include "directord/config/services.hpp"

#include <cstdlib>
#include <sstream>
#include <unistd.h>

namespace directord::checks {

namespace {

std::optional<std::string> why_unsupported(const Virtual& v) {
    bool negotiating = v.checktype == CheckType::negotiate || v.checktype == CheckType::combined;
    if (!negotiating) return std::nullopt;
    const ServiceInfo* svc = find_service(v.service);
    if (v.service == "oracle")
        return std::string("service=oracle is not supported: directord has no Oracle client; use checktype=connect, "
                           "or checktype=external with a script running your Oracle client");
    if (!svc || svc->protocol == Protocol::unsupported) return "service=" + v.service + " checks are not implemented yet";
    // The client libraries are opened only where a check needs them (sql_libraries.hpp).
    std::string lib_error;
    if (svc->protocol == Protocol::mysql && !mariadb_api(lib_error)) return "service=mysql: " + lib_error;
    if (svc->protocol == Protocol::pgsql && !libpq_api(lib_error)) return "service=pgsql: " + lib_error;
    return std::nullopt;
}

// ldirectord keeps IPv6 addresses in brackets everywhere, URLs and check arguments included.
std::string server_of(const ha::Address& a) { return a.bracketed(); }

// The interval ldirectord honours: a section value only with fork=yes.
int interval_of(const Config& cfg, const Virtual& v) {
    if (v.checkinterval_explicit && !cfg.fork) return cfg.checkinterval;
    return v.checkinterval_explicit ? v.checkinterval : cfg.checkinterval;
}

// Searched once when the config is loaded, as exec(LIST) would at each run.
std::string find_program(const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos) return name;
    const char* path = std::getenv("PATH");
    std::stringstream ss(path ? path : "/usr/local/bin:/usr/bin:/bin");
    std::string dir;
    while (std::getline(ss, dir, ':')) {
        std::string p = (dir.empty() ? "." : dir) + "/" + name;
        if (::access(p.c_str(), X_OK) == 0) return p;
    }
    return name;
}

void fill_http(CheckSpec& s, const Virtual& v, const Real& r) {
    s.service = v.service;
    s.method = v.httpmethod;
    for (auto& c : s.method) c = (char)std::toupper((unsigned char)c);
    std::string scheme = v.service == "http_proxy" ? "http" : v.service;
    std::string server = server_of(r.addr);
    std::string prefix = scheme + "://" + server + ":" + std::to_string(s.port) + "/";
    auto strip = [](std::string u) {
        if (!u.empty() && u[0] == '/') u.erase(0, 1);
        return u;
    };
    if (r.request && r.receive) {
        // A per-real request naming the scheme is a complete URL.
        std::string uri = strip(*r.request);
        s.url = r.request->find(scheme + "://") != std::string::npos ? uri : prefix + uri;
        s.receive = *r.receive;
    } else {
        std::string uri = strip(v.request);
        s.url = v.service == "http_proxy" ? uri : prefix + uri;
        s.receive = v.receive;
    }
    s.host = v.virtualhost ? *v.virtualhost : server;
    s.request = r.request && r.receive ? *r.request : v.request;
    s.login = v.login;
    s.passwd = v.passwd;
    s.keepalive = v.httpkeepalive && (v.service == "http" || v.service == "http_proxy");
    s.redirects = parse_redirect_policy(v.httpredirects).value_or(RedirectPolicy::same_host);   // checked by the parser
    s.secret = v.secret;
    s.database = v.database;
    // SNI only for names: an IP literal is not a valid server name (RFC 6066).
    if (v.virtualhost && !ha::Address::parse(*v.virtualhost)) s.sni = *v.virtualhost;
}

} // namespace

std::uint16_t service_port(const std::string& s) {
    const ServiceInfo* svc = find_service(s);
    return svc ? svc->port : 0;
}

std::chrono::seconds CheckSpec::deadline() const {
    switch (kind) {
    case Kind::connect: return udp ? checktimeout * checkcount : checktimeout;
    case Kind::ping: return checktimeout * checkcount;
    case Kind::negotiate: {
        const ServiceInfo* svc = find_service(service);
        return svc && svc->limit == TimeLimit::shorter_of_both ? std::min(checktimeout, negotiatetimeout) : negotiatetimeout;
    }
    case Kind::external: return checktimeout;
    case Kind::combined: return std::max(negotiatetimeout, checktimeout);
    }
    return checktimeout;
}

std::string CheckSpec::key() const {
    // Every field that changes what is sent or how the answer is judged.
    std::ostringstream k;
    k << (int)kind << '|' << addr.bracketed() << '|' << port << '|' << (udp ? "udp" : "tcp") << '|'
      << interval.count() << '|' << checktimeout.count() << '|' << negotiatetimeout.count() << '|' << checkcount;
    if (kind == Kind::negotiate || kind == Kind::combined) {
        k << '|' << service << '|' << method << '|' << url.size() << ':' << url << '|' << host.size() << ':' << host << '|'
          << receive.size() << ':' << receive << '|' << (sni ? *sni : "-") << '|' << combined_connects;
        // Every service: an http check may be redirected to https.
        k << '|' << tls.key();
        if (keepalive) k << "|keepalive";
        if (redirects != RedirectPolicy::same_host) k << "|redirects=" << redirect_policy_name(redirects);
        k << '|' << request.size() << ':' << request << '|' << login.size() << ':' << login << '|' << passwd.size() << ':' << passwd
          << '|' << secret << '|' << database.size() << ':' << database;
    }
    if (kind == Kind::external)
        for (const auto& a : argv) k << '|' << a.size() << ':' << a;
    return k.str();
}

std::string CheckSpec::str() const {
    switch (kind) {
    case Kind::connect: return (udp ? "connect (ping) " : "connect ") + ha::endpoint(addr, port);
    case Kind::ping: return "ping " + addr.str();
    case Kind::negotiate: return service + " " + url;
    case Kind::combined: return "combined " + std::to_string(combined_connects) + " " + service + " " + url;
    case Kind::external: {
        std::string s = "external";
        for (const auto& a : argv) s += " " + a;
        return s;
    }
    }
    return "?";
}

std::variant<CheckSpec, FixedHealth> spec_for(const Config& cfg, const Virtual& v, const Real& r) {
    switch (v.checktype) {
    case CheckType::on: return FixedHealth{true, "checktype=on"};
    case CheckType::off: return FixedHealth{false, "checktype=off"};
    case CheckType::negotiate:
        if (v.service == "none") return FixedHealth{true, "service=none is never checked"};
        break;
    default: break;
    }
    if (auto why = why_unsupported(v)) return FixedHealth{false, *why};

    CheckSpec s;
    s.addr = r.addr;
    s.udp = v.key.protocol == IPPROTO_UDP && !v.key.is_fwmark();
    s.interval = std::chrono::seconds(std::max(1, interval_of(cfg, v)));
    s.checktimeout = std::chrono::seconds(std::max(1, v.checktimeout));
    s.negotiatetimeout = std::chrono::seconds(std::max(1, v.negotiatetimeout));
    s.checkcount = std::max(1, v.checkcount);
    // tlsverify/tlscafile/tlscapath, already checked by the parser.
    if (!parse_verify(v.tls.verify, s.tls.verify)) s.tls.verify = TlsPolicy::Verify::chain;
    s.tls.ca_file = v.tls.cafile;
    s.tls.ca_path = v.tls.capath;
    // checkport, else the real's port, else (directord) the virtual's port, which is where
    // the kernel sends traffic for a real without a port, else the service's default.
    // ldirectord skips the virtual's port and checks the service default.
    s.port = v.checkport ? v.checkport : r.port ? r.port : !v.key.is_fwmark() ? v.key.port : service_port(v.service);

    switch (v.checktype) {
    case CheckType::connect:
        s.kind = s.udp ? CheckSpec::Kind::ping : CheckSpec::Kind::connect;
        break;
    case CheckType::ping:
        s.kind = CheckSpec::Kind::ping;
        break;
    case CheckType::negotiate:
        s.kind = CheckSpec::Kind::negotiate;
        fill_http(s, v, r);
        break;
    case CheckType::combined:
        if (v.service == "none") {
            // ldirectord: the negotiate half of "none" always passes: connects in between.
            s.kind = CheckSpec::Kind::connect;
            break;
        }
        s.kind = CheckSpec::Kind::combined;
        s.combined_connects = v.combined_count;
        fill_http(s, v, r);
        break;
    case CheckType::external:
    case CheckType::external_perl: {
        s.kind = CheckSpec::Kind::external;
        // exec(LIST) as ldirectord does: checkcommand is a program, not a shell line.
        // external-perl runs in a perl process, never inside the daemon.
        if (v.checktype == CheckType::external_perl) s.argv = {find_program("perl"), v.checkcommand};
        else s.argv = {find_program(v.checkcommand)};
        if (v.key.is_fwmark()) {
            s.argv.insert(s.argv.end(), {std::to_string(v.key.fwmark), "0"});
        } else {
            s.argv.insert(s.argv.end(), {server_of(v.key.addr), std::to_string(v.key.port)});
        }
        s.argv.insert(s.argv.end(), {server_of(r.addr), std::to_string(r.port)});
        break;
    }
    default: break;
    }
    return s;
}

std::optional<std::string> unsupported_check(const Config& cfg) {
    for (const auto& v : cfg.virtuals)
        if (auto why = why_unsupported(v))
            return cfg.path + ":" + std::to_string(v.line) + ": virtual " + v.text + ": " + *why;
    return std::nullopt;
}

} // namespace directord::checks
