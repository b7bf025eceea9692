// One kind of check (connect, http, ping, external ...): runs once when asked.
// Envoy-style split: the CheckScheduler owns timing (interval, jitter, deadline, reporting);
// a Probe only knows its protocol. A probe object belongs to one check identity and
// may keep state between runs (combined checks do).
#pragma once
#include "directord/checks/check_result.hpp"
#include "directord/checks/transport/deadline.hpp"
#include "directord/checks/transport/coro.hpp"

namespace directord::checks {

class Probe {
public:
    virtual ~Probe() = default;
    // One run. Everything it waits on must be closed through dl.on_expire() so the
    // run ends soon after the deadline; the scheduler reports a timeout then.
    virtual boost::asio::awaitable<CheckResult> run(Deadline& dl) = 0;
    // True when the probe arms `dl` itself (external: once it has a process slot;
    // combined: with the timeout of the half it runs).
    virtual bool arms_deadline() const { return false; }
};

} // namespace directord::checks
