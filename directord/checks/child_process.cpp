#include "directord/checks/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/sched.h>
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

// Runs in the child: async-signal-safe calls only (the parent may have threads).
int child_main(void* p) {
    auto* a = static_cast<ExecArgs*>(p);
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    signal(SIGPIPE, SIG_DFL);   // ignored in the daemon; exec would keep it ignored
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
    }
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3, ~0U, 0) != 0)
#endif
        for (int fd = 3; fd < 4096; ++fd) close(fd);
    execve(a->path, a->argv, a->envp);
    _exit(127);
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
    pid_t pid = ::clone(child_main, stack.get() + kStack, CLONE_PIDFD /* exit signal 0 */, &ea, &pidfd);
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
