#include "heartbeatd/resources/process_runner.hpp"
#include "lib/unreaped_child.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace hb::resources {

namespace asio = boost::asio;

namespace {

constexpr Millis kPipeGrace{300};   // after the exit: how long a daemonized grandchild may hold our pipes

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
        siginfo_t info;
        if (!ha::reap_pidfd(pidfd.native_handle(), info, false)) return false;
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
        if (!exited) ha::kill_group(pid, pidfd.native_handle());
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
        siginfo_t info;
        if (!job->exited) ha::reap_pidfd(job->pidfd.native_handle(), info, true);   // SIGKILLed: short
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
    std::vector<char*> envp;
    for (auto& s : call.env) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string why;
    ha::UnreapedChild c = ha::spawn_unreaped(call.argv, envp.data(), outp[1], errp[1], why);
    close(outp[1]);
    close(errp[1]);
    if (c.pid < 0) {
        close(outp[0]);
        close(errp[0]);
        return fail(why);
    }
    int pidfd = c.pidfd;
    pid_t pid = c.pid;
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
