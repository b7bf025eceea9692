#include "directord/config/services.hpp"

#include <string>

namespace directord {

namespace {

using P = Protocol;
constexpr TimeLimit negotiate = TimeLimit::negotiatetimeout;
constexpr TimeLimit shorter = TimeLimit::shorter_of_both;

constexpr ServiceInfo kServices[] = {
    // name         port  protocol        tls    time limit
    {"dns",          53,  P::dns,         false, negotiate},
    {"ftp",          21,  P::ftp,         false, negotiate},
    {"http",         80,  P::http,        false, negotiate},
    {"https",       443,  P::http,        true,  negotiate},
    {"http_proxy", 3128,  P::http,        false, negotiate},
    {"imap",        143,  P::imap,        false, negotiate},
    {"imaps",       993,  P::imap,        true,  negotiate},
    {"ldap",        389,  P::ldap,        false, shorter},
    {"ldaps",       636,  P::ldap,        true,  shorter},
    {"mysql",      3306,  P::mysql,       false, negotiate},
    {"nntp",        119,  P::nntp,        false, negotiate},
    {"none",          0,  P::none,        false, negotiate},
    {"oracle",     1521,  P::unsupported, false, negotiate},
    {"pgsql",      5432,  P::pgsql,       false, negotiate},
    {"pop",         110,  P::pop,         false, negotiate},
    {"pops",        995,  P::pop,         true,  negotiate},
    {"radius",     1812,  P::radius,      false, shorter},
    {"simpletcp",     0,  P::simpletcp,   false, negotiate},
    {"sip",        5060,  P::sip,         false, negotiate},
    {"smtp",         25,  P::smtp,        false, negotiate},
    {"submission",  587,  P::smtp,        false, negotiate},
};

} // namespace

std::span<const ServiceInfo> services() { return kServices; }

const ServiceInfo* find_service(std::string_view name) {
    for (const auto& s : kServices)
        if (s.name == name) return &s;
    return nullptr;
}

std::string_view service_of_port(std::string_view port_text) {
    for (const auto& s : kServices)
        if (s.port != 0 && port_text == std::to_string(s.port)) return s.name;
    return "none";
}

} // namespace directord
