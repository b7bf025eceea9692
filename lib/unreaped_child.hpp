// Child processes whose exit only their owner sees, for daemons that also reap with
// waitpid(-1) (lib/child.hpp). The direct child is an intermediate made with
// clone(CLONE_PIDFD) and no exit signal: waitpid(-1) without __WALL never sees it. It never
// execs (exec would restore SIGCHLD as its exit signal); it forks the command, waits, and
// exits the way the command did, so the status reaches the owner through the pidfd alone.
// Both lead a new process group, so one SIGKILL ends the command and its children.
// Used by directord's external checks and heartbeatd's resource scripts.
#pragma once
#include <csignal>
#include <string>
#include <sys/types.h>
#include <vector>

namespace ha {

struct UnreapedChild {
    pid_t pid = -1;
    int pidfd = -1;   // owned by the caller; readable when the child has exited
};

// argv[0] is the program path (no PATH search). envp: nullptr = this process's environment.
// stdin comes from in_fd (-1: /dev/null); stdout goes to out_fd (-1: /dev/null); stderr to
// err_fd (-1: inherited). No other descriptor is passed on. On failure pid is -1 and `err` says why.
UnreapedChild spawn_unreaped(const std::vector<std::string>& argv, char* const* envp, int out_fd, int err_fd,
                             std::string& err, int in_fd = -1);

// waitid() on the pidfd. block=false returns at once. True when the child was reaped,
// with `info` filled (si_code CLD_EXITED: si_status is the exit code, else the signal).
// Blocking works even on a descriptor an event loop has made non-blocking.
bool reap_pidfd(int pidfd, siginfo_t& info, bool block);

// SIGKILL to the child's process group and, before it has one, to the child itself.
void kill_group(pid_t pid, int pidfd);

} // namespace ha
