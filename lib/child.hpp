// Fire-and-forget shell commands (fallbackcommand, callback) with bounded run time.
#pragma once
#include <string>
#include <sys/types.h>

namespace ha {

// Runs `/bin/sh -c command` in its own process group with stdin from /dev/null.
// Returns the pid, or -1. The caller reaps with reap_children().
pid_t spawn_shell(const std::string& command);
// Reaps every exited child without blocking; returns how many.
int reap_children();

} // namespace ha
