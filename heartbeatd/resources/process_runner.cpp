#include "heartbeatd/resources/process_runner.hpp"

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

namespace hb::resources {

namespace asio = boost::asio;

namespace {

constexpr Millis kPipeGrace{300};   // after the exit: how long a daemonized grandchild may hold our pipes

struct ChildArgs {
    const char* path;
    char* const* argv;
    char* const* envp;
    int out_fd, err_fd;
};

// Runs in the clone child (its own copy of memory): async-signal-safe calls only.
// It never execs (exec would restore SIGCHLD as its exit signal, visible to waitpid(-1));
// it forks the script, waits, and exits the same way the script did.
int intermediate(void* p) {
    auto* a = static_cast<ChildArgs*>(p);
    for (int sig = 1; sig < NSIG; ++sig)
        if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    setpgid(0, 0);
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) dup2(null, 0);
    dup2(a->out_fd, 1);
    dup2(a->err_fd, 2);
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3, ~0U, 0) != 0)
#endif
        for (int fd = 3; fd < 4096; ++fd) close(fd);
    long pid = syscall(SYS_clone, (unsigned long)SIGCHLD, 0L, 0L, 0L, 0L);
    if (pid < 0) _exit(126);
    if (pid == 0) {
        execve(a->path, a->argv, a->envp);
        static const char msg[] = "heartbeatd: exec failed\n";
        (void)!write(2, msg, sizeof msg - 1);
        _exit(127);
    }
    int st = 0;
    while (waitpid((pid_t)pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(st)) kill(getpid(), WTERMSIG(st));
    _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 126);
}

} // namespace

struct ProcessRunner::Job : std::enable_shared_from_this<Job> {
    Job(asio::any_io_executor ex, int pidfd, int out, int err)
        : pidfd(ex, pidfd), out(ex, out), err(ex, err), timer(ex), grace(ex) {}

    ProcessRunner* owner = nullptr;
    pid_t pid = -1;
    asio::posix::stream_descriptor pidfd, out, err;
    asio::steady_timer timer, grace;
    std::size_t max_output = 0;
    ScriptOutcome result;
    Done done;
    bool exited = false, out_eof = false, err_eof = false, finished = false;
    char out_buf[4096], err_buf[4096];

    void read(asio::posix::stream_descriptor& sd, char* buf, std::string& into, bool& eof) {
        auto self = shared_from_this();
        sd.async_read_some(asio::buffer(buf, 4096), [self, &sd, buf, &into, &eof](boost::system::error_code ec, std::size_t n) {
            if (self->finished) return;
            if (ec) {
                eof = true;
                self->maybe_finish();
                return;
            }
            std::size_t room = self->max_output > into.size() ? self->max_output - into.size() : 0;
            into.append(buf, std::min(n, room));
            self->read(sd, buf, into, eof);
        });
    }

    bool try_reap() {
        siginfo_t info{};
        if (waitid((idtype_t)P_PIDFD, (id_t)pidfd.native_handle(), &info, WEXITED | WNOHANG | __WALL) != 0) return false;
        if (info.si_pid == 0) return false;
        exited = true;
        if (result.end != ScriptOutcome::End::timed_out) {
            if (info.si_code == CLD_EXITED) {
                result.end = ScriptOutcome::End::exited;
                result.code = info.si_status & 0xff;
            } else {
                result.end = ScriptOutcome::End::signalled;
                result.code = info.si_status & 0x7f;
            }
        }
        return true;
    }

    void wait_exit() {
        auto self = shared_from_this();
        pidfd.async_wait(asio::posix::descriptor_base::wait_read, [self](boost::system::error_code ec) {
            if (self->finished || ec) return;
            if (!self->try_reap()) return self->wait_exit();
            self->timer.cancel();
            self->grace.expires_after(kPipeGrace);
            self->grace.async_wait([self](boost::system::error_code gec) {
                if (gec || self->finished) return;
                // A daemon the script left behind still holds the pipe: stop waiting for EOF.
                self->out_eof = self->err_eof = true;
                self->maybe_finish();
            });
            self->maybe_finish();
        });
    }

    void kill_group() {
        if (exited) return;
        ::kill(-pid, SIGKILL);
        // Before the child's setpgid the group does not exist yet.
        syscall(SYS_pidfd_send_signal, pidfd.native_handle(), SIGKILL, nullptr, 0);
    }

    void maybe_finish() {
        if (finished || !exited || !out_eof || !err_eof) return;
        finished = true;
        timer.cancel();
        grace.cancel();
        boost::system::error_code ignore;
        out.close(ignore);
        err.close(ignore);
        pidfd.close(ignore);
        auto self = shared_from_this();
        if (owner) owner->jobs_.erase(self);
        if (done) done(std::move(result));
    }
};

ProcessRunner::ProcessRunner(asio::any_io_executor ex, std::size_t max_output) : ex_(ex), max_output_(max_output) {}

ProcessRunner::~ProcessRunner() {
    for (auto& job : jobs_) {
        job->owner = nullptr;
        job->done = nullptr;
        job->kill_group();
        siginfo_t info{};
        if (!job->exited) {
            // asio made the pidfd non-blocking, and waitid on such a pidfd returns EAGAIN
            // instead of waiting: clear the flag first (SIGKILL was sent, this is short).
            int fd = job->pidfd.native_handle();
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
            while (waitid((idtype_t)P_PIDFD, (id_t)fd, &info, WEXITED | __WALL) != 0 && errno == EINTR) {
            }
        }
        job->finished = true;
        boost::system::error_code ignore;
        job->out.close(ignore);
        job->err.close(ignore);
        job->pidfd.close(ignore);
        job->timer.cancel();
        job->grace.cancel();
    }
}

void ProcessRunner::run(ScriptCall call, Done done) {
    auto fail = [&](std::string why) {
        ScriptOutcome r;
        r.end = ScriptOutcome::End::spawn_failed;
        r.error = std::move(why);
        asio::post(ex_, [done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
    };
    if (call.argv.empty()) return fail("no command");
    int outp[2], errp[2];
    if (pipe2(outp, O_CLOEXEC) != 0) return fail(std::strerror(errno));
    if (pipe2(errp, O_CLOEXEC) != 0) {
        close(outp[0]);
        close(outp[1]);
        return fail(std::strerror(errno));
    }
    // Everything the child touches is built before the clone.
    std::vector<char*> argv, envp;
    for (auto& s : call.argv) argv.push_back(s.data());
    argv.push_back(nullptr);
    for (auto& s : call.env) envp.push_back(s.data());
    envp.push_back(nullptr);
    ChildArgs ca{call.argv[0].c_str(), argv.data(), envp.data(), outp[1], errp[1]};
    constexpr std::size_t kStack = 64 * 1024;
    auto stack = std::make_unique<char[]>(kStack);
    int pidfd = -1;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);   // until the child has reset our handlers
    pid_t pid = ::clone(intermediate, stack.get() + kStack, CLONE_PIDFD, &ca, &pidfd);
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    close(outp[1]);
    close(errp[1]);
    if (pid < 0) {
        close(outp[0]);
        close(errp[0]);
        return fail(std::string("clone: ") + std::strerror(saved));
    }
    auto job = std::make_shared<Job>(ex_, pidfd, outp[0], errp[0]);
    job->owner = this;
    job->pid = pid;
    job->max_output = max_output_;
    job->done = std::move(done);
    jobs_.insert(job);
    job->read(job->out, job->out_buf, job->result.out, job->out_eof);
    job->read(job->err, job->err_buf, job->result.err, job->err_eof);
    job->wait_exit();
    job->timer.expires_after(call.timeout);
    job->timer.async_wait([job](boost::system::error_code ec) {
        if (ec || job->finished || job->exited) return;
        job->result.end = ScriptOutcome::End::timed_out;
        job->kill_group();
    });
}

} // namespace hb::resources
