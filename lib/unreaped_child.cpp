#include "lib/unreaped_child.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/sched.h>
#include <memory>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

extern char** environ;

namespace ha {

namespace {

struct ChildArgs {
    const char* path;
    char* const* argv;
    char* const* envp;
    int out_fd, err_fd, in_fd;
};

// Runs in the clone child (its own copy of memory): async-signal-safe calls only, since
// the parent may have threads (no glibc fork(): its atfork handlers take locks).
int intermediate(void* p) {
    auto* a = static_cast<ChildArgs*>(p);
    // The daemon's handlers (asio's signal pipe) must not run here.
    for (int sig = 1; sig < NSIG; ++sig)
        if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    setpgid(0, 0);   // the command inherits the group: one SIGKILL ends both
    int null = open("/dev/null", O_RDWR);
    if (a->in_fd >= 0) dup2(a->in_fd, 0);
    else if (null >= 0) dup2(null, 0);
    dup2(a->out_fd >= 0 ? a->out_fd : null, 1);
    if (a->err_fd >= 0) dup2(a->err_fd, 2);
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3, ~0U, 0) != 0)
#endif
        for (int fd = 3; fd < 4096; ++fd) close(fd);
    long pid = syscall(SYS_clone, (unsigned long)SIGCHLD, 0L, 0L, 0L, 0L);
    if (pid < 0) _exit(126);
    if (pid == 0) {
        execve(a->path, a->argv, a->envp);
        static const char msg[] = "exec failed\n";
        (void)!write(2, msg, sizeof msg - 1);
        _exit(127);
    }
    int st = 0;
    while (waitpid((pid_t)pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(st)) kill(getpid(), WTERMSIG(st));   // the same death as the command
    _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 126);
}

} // namespace

UnreapedChild spawn_unreaped(const std::vector<std::string>& argv, char* const* envp, int out_fd, int err_fd,
                             std::string& err, int in_fd) {
    if (argv.empty()) {
        err = "no command";
        return {};
    }
    // Everything the child touches is built before the clone.
    std::vector<char*> args;
    for (const auto& s : argv) args.push_back(const_cast<char*>(s.c_str()));
    args.push_back(nullptr);
    ChildArgs ca{argv[0].c_str(), args.data(), envp ? envp : environ, out_fd, err_fd, in_fd};
    // Without CLONE_VM the child runs on its own copy of this stack.
    constexpr std::size_t kStack = 64 * 1024;
    auto stack = std::make_unique<char[]>(kStack);
    int pidfd = -1;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);   // until the child has reset our handlers
    pid_t pid = ::clone(intermediate, stack.get() + kStack, CLONE_PIDFD /* no exit signal */, &ca, &pidfd);
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (pid < 0) {
        err = std::string("cannot start ") + argv[0] + ": " + std::strerror(saved);
        return {};
    }
    return {pid, pidfd};
}

bool reap_pidfd(int pidfd, siginfo_t& info, bool block) {
    info = {};
    if (block) {
        // waitid on a non-blocking pidfd answers EAGAIN instead of waiting.
        int fl = fcntl(pidfd, F_GETFL);
        if (fl >= 0 && (fl & O_NONBLOCK)) fcntl(pidfd, F_SETFL, fl & ~O_NONBLOCK);
    }
    // __WALL: the child sends no exit signal, so plain WEXITED would not see it.
    int flags = WEXITED | __WALL | (block ? 0 : WNOHANG);
    int rc;
    while ((rc = waitid((idtype_t)P_PIDFD, (id_t)pidfd, &info, flags)) != 0 && errno == EINTR) {
    }
    return rc == 0 && info.si_pid != 0;
}

void kill_group(pid_t pid, int pidfd) {
    if (pid > 0) ::kill(-pid, SIGKILL);
    // Before the child's setpgid the group does not exist yet: signal it through its pidfd.
    if (pidfd >= 0) syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0);
}

} // namespace ha
