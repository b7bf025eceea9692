// A daemon's event loop that outlives a failing handler: an exception escaping one
// (a bug, bad_alloc on hostile input) would otherwise end io_context::run() and, from
// main, the daemon, freezing what it manages. It is logged as an error with its type
// and message, counted, and the loop carries on with the other handlers.
#pragma once
#include <cstdint>
#include <string>

#include "lib/asio.hpp"

namespace ha {

// Runs `io` until it is stopped or out of work. `who` names the daemon in the log.
void run_contained(boost::asio::io_context& io, const std::string& who);

// The exceptions run_contained() caught in this process so far.
std::uint64_t loop_exceptions();

} // namespace ha
