// Waiting on a socket that a client library owns (libmariadb, libpq): the library
// opens, replaces and closes it; we only learn when it is readable or writable.
// The fd is registered with the event loop for the length of one wait only, so the
// library may close or swap it between waits without asio ever holding a stale fd.
#pragma once
#include <chrono>
#include <optional>

#include "directord/checks/transport/coro.hpp"
#include "directord/checks/transport/deadline.hpp"

namespace directord::checks {

struct FdReady {
    bool readable = false;
    bool writable = false;
    bool timed_out = false;   // `timeout` passed first
    bool expired = false;     // the deadline passed (or the check is being stopped)
    bool bad_fd = false;      // nothing to wait on (-1, or not a descriptor)
};

// Until `fd` is readable (if `read`) or writable (if `write`), `timeout` has passed
// (if given), or `dl` expires, whichever comes first. Never blocks the loop.
boost::asio::awaitable<FdReady> wait_fd(int fd, bool read, bool write, std::optional<std::chrono::milliseconds> timeout,
                                        Deadline& dl);

} // namespace directord::checks
