// How much a check keeps from a real server in one run, so a hostile or broken server
// cannot grow directord's memory. Beyond it, an FTP file, the lines of a text protocol,
// LDAP messages or SIP over TCP are a failed check; an HTTP Content-Length over it is
// refused on the header, and a chunked or close-delimited HTTP body keeps its first
// kReadCap bytes for matching and is read on, discarded, to its end (or the deadline).
// Documented in ldirectord.cf(5), "Read cap".
#pragma once
#include <cstddef>
#include <string>

namespace directord::checks {

constexpr std::size_t kReadCap = std::size_t(1) << 20;   // 1 MB
// One HTTP header section (status line and fields) or one trailer section.
constexpr std::size_t kMaxHttpHeader = 64 * 1024;

inline std::string read_cap_text() { return "the " + std::to_string(kReadCap >> 20) + " MB read cap"; }

} // namespace directord::checks
