// Where a probe goes: the part of a CheckSpec every protocol family reads. Each family's
// own options (FtpOptions, SqlOptions, HttpOptions ... beside its probe) are this target
// plus only the fields that protocol reads, as Seesaw's typed checkers; they convert
// implicitly from a CheckSpec, so a spec still builds any probe (the factory, the tests).
#pragma once
#include <cstdint>

#include "directord/checks/check_spec.hpp"

namespace directord::checks {

struct CheckTarget {
    ha::Address addr;          // the real server
    std::uint16_t port = 0;    // 0: none, the check fails
    bool udp = false;          // the virtual's protocol (dns and sip follow it)

    CheckTarget() = default;
    CheckTarget(const CheckSpec& s) : addr(s.addr), port(s.port), udp(s.udp) {}   // implicit: see above
};

} // namespace directord::checks
