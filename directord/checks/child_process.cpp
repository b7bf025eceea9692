#include "directord/checks/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

extern char** environ;

namespace directord::checks {

namespace asio = boost::asio;

namespace {

struct ExecArgs {
    const char* path;
    char* const* argv;
    char* const* envp;
};

// Runs in the clone child: async-signal-safe calls only (the parent may have threads,
// so no glibc fork(), whose atfork handlers take locks other threads may hold).
// This intermediate never calls exec: exec would reset its exit signal to SIGCHLD and
// the daemon's waitpid(-1) reaper could take it. It forks the command, waits for it,
// and exits the same way, so the status reaches us through the pidfd alone.
int child_main(void* p) {
    auto* a = static_cast<ExecArgs*>(p);
    // The daemon's handlers (asio's signal pipe) must not run here.
    for (int sig = 1; sig < NSIG; ++sig)
        if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    setpgid(0, 0);   // the command inherits the group: one SIGKILL ends both
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
    }
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3, ~0U, 0) != 0)
#endif
        for (int fd = 3; fd < 4096; ++fd) close(fd);
    long pid = syscall(SYS_clone, (unsigned long)SIGCHLD, 0L, 0L, 0L, 0L);
    if (pid < 0) _exit(126);
    if (pid == 0) {
        execve(a->path, a->argv, a->envp);
        _exit(127);
    }
    int st = 0;
    while (waitpid((pid_t)pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(st)) kill(getpid(), WTERMSIG(st));   // same death as the command
    _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 126);
}

} // namespace

std::unique_ptr<ChildProcess> ChildProcess::spawn(asio::any_io_executor ex, const std::vector<std::string>& argv, std::string& err) {
    if (argv.empty()) {
        err = "no command";
        return nullptr;
    }
    // Everything the child needs is built before the clone.
    std::vector<char*> args;
    for (const auto& s : argv) args.push_back(const_cast<char*>(s.c_str()));
    args.push_back(nullptr);
    ExecArgs ea{argv[0].c_str(), args.data(), environ};
    // Without CLONE_VM the child runs on its own copy of this stack.
    constexpr std::size_t kStack = 64 * 1024;
    auto stack = std::make_unique<char[]>(kStack);
    int pidfd = -1;
    // Signals stay blocked until the child has reset the daemon's handlers.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    pid_t pid = ::clone(child_main, stack.get() + kStack, CLONE_PIDFD /* no exit signal */, &ea, &pidfd);
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    errno = saved;
    if (pid < 0) {
        err = std::string("cannot start ") + argv[0] + ": " + std::strerror(errno);
        return nullptr;
    }
    return std::unique_ptr<ChildProcess>(new ChildProcess(ex, pid, pidfd));
}

ChildProcess::ChildProcess(asio::any_io_executor ex, pid_t pid, int pidfd)
    : ex_(ex), pid_(pid), fd_(std::make_unique<asio::posix::stream_descriptor>(ex, pidfd)) {}

bool ChildProcess::try_reap(int& status) {
    siginfo_t info{};
    // __WALL: the child sends no exit signal, so plain WEXITED would not see it.
    if (waitid((idtype_t)P_PIDFD, (id_t)fd_->native_handle(), &info, WEXITED | WNOHANG | __WALL) != 0) return false;
    if (info.si_pid == 0) return false;   // still running
    reaped_ = true;
    status = info.si_code == CLD_EXITED ? (info.si_status & 0xff) << 8 : (info.si_status & 0x7f);
    return true;
}

asio::awaitable<std::optional<int>> ChildProcess::wait() {
    int status = 0;
    while (!reaped_) {
        if (try_reap(status)) co_return status;
        boost::system::error_code ec;
        co_await fd_->async_wait(asio::posix::descriptor_base::wait_read, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return std::nullopt;
    }
    co_return std::nullopt;
}

void ChildProcess::kill() {
    if (reaped_) return;
    ::kill(-pid_, SIGKILL);
    // Before the child's setpgid the group does not exist yet: signal it through its pidfd.
    syscall(SYS_pidfd_send_signal, fd_->native_handle(), SIGKILL, nullptr, 0);
}

ChildProcess::~ChildProcess() {
    if (reaped_) return;
    kill();
    int status;
    if (try_reap(status)) return;
    // Reap it when it is gone, so no zombie is left; the handler owns the descriptor.
    auto fd = std::shared_ptr<asio::posix::stream_descriptor>(std::move(fd_));
    fd->async_wait(asio::posix::descriptor_base::wait_read, [fd](const boost::system::error_code&) {
        siginfo_t info{};
        waitid((idtype_t)P_PIDFD, (id_t)fd->native_handle(), &info, WEXITED | __WALL);
    });
}

} // namespace directord::checks
