// The negotiate services of ldirectord.cf, one row each (services.cpp): the parser
// (service=, the service a virtual's port implies), the check spec (default port, time
// limit) and the probe factory (protocol, TLS) all read this one table.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

namespace directord {

// What a probe speaks; services sharing one (smtp and submission, pop and pops) share
// a probe. The probe factory has one case per protocol (the compiler flags a missing one).
enum class Protocol : std::uint8_t {
    none,          // service=none: never checked
    unsupported,   // known to ldirectord, refused at start (oracle)
    http, smtp, nntp, ftp, simpletcp, pop, imap, ldap, dns, radius, sip, mysql, pgsql,
};

// How long one negotiate run may take.
enum class TimeLimit : std::uint8_t {
    negotiatetimeout,
    // ldirectord's alarm of checktimeout around the library's own negotiatetimeout:
    // whichever is shorter ends the check.
    shorter_of_both,
};

struct ServiceInfo {
    std::string_view name;   // as written after service=
    std::uint16_t port;      // ldirectord's default port (0: none); a virtual on it defaults to this service
    Protocol protocol;
    bool tls;                // TLS from the first byte
    TimeLimit limit;
};

// In the order ldirectord's error message lists them.
std::span<const ServiceInfo> services();
const ServiceInfo* find_service(std::string_view name);
// The service ldirectord assumes for a virtual's port as written ("080" is not 80), or "none".
std::string_view service_of_port(std::string_view port_text);

} // namespace directord
