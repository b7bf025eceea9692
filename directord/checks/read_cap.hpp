// How much a check reads from a real server in one run: any reply (HTTP body, FTP
// file, the lines of a text protocol, LDAP messages, SIP over TCP) beyond this is a
// failed check, so a hostile or broken server cannot grow directord's memory.
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
