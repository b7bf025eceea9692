#include "heartbeatd/daemon/client_children.hpp"

#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "heartbeatd/daemon/respawn_policy.hpp"
#include "lib/unreaped_child.hpp"

namespace hb::daemon {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

ClientSpec client_spec(const config::ClientChild& c, std::string& error) {
    ClientSpec s;
    s.line = c.line;
    s.command = c.path;
    for (auto& a : c.args) s.command += " " + a;
    passwd pw{}, *res = nullptr;
    std::vector<char> buf(16384);
    if (getpwnam_r(c.user.c_str(), &pw, buf.data(), buf.size(), &res) != 0 || !res) {
        error = "no user " + c.user;
        return s;
    }
    if (pw.pw_uid != geteuid()) {
        if (geteuid() != 0) {
            error = "cannot run it as " + c.user + " (heartbeatd is not root)";
            return s;
        }
        s.argv = {"/usr/bin/setpriv", "--reuid=" + std::to_string(pw.pw_uid), "--regid=" + std::to_string(pw.pw_gid),
                  "--init-groups", "--"};
    }
    s.argv.push_back(c.path);
    for (auto& a : c.args) s.argv.push_back(a);
    return s;
}

struct ClientChildren::Child {
    explicit Child(asio::any_io_executor ex) : pidfd(ex), delay(ex) {}
    ClientSpec spec;
    asio::posix::stream_descriptor pidfd;
    asio::steady_timer delay;
    pid_t pid = -1;
    Clock::time_point started;
    int short_runs = 0;
};

ClientChildren::ClientChildren(asio::any_io_executor ex, std::vector<ClientSpec> specs, std::vector<std::string> env,
                               Logger log)
    : ex_(ex), env_(std::move(env)), log_(std::move(log)) {
    for (auto& s : specs) {
        auto c = std::make_shared<Child>(ex);
        c->spec = std::move(s);
        children_.push_back(c);
    }
}

ClientChildren::~ClientChildren() {
    for (auto& c : children_) {
        if (c->pid > 0) {
            ha::kill_group(c->pid, c->pidfd.native_handle());
            siginfo_t info;
            ha::reap_pidfd(c->pidfd.native_handle(), info, true);
        }
        boost::system::error_code ignore;
        c->pidfd.close(ignore);
        c->delay.cancel();
    }
}

void ClientChildren::start_all() {
    if (started_) return;
    started_ = true;
    for (auto& c : children_) start(c);
}

void ClientChildren::start(const std::shared_ptr<Child>& c) {
    if (stopping_) return;
    std::vector<char*> envp;
    for (auto& s : env_) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string why;
    auto u = ha::spawn_unreaped(c->spec.argv, envp.data(), -1, -1, why);
    if (u.pid < 0) {
        log_("ERROR: cannot start client \"" + c->spec.command + "\": " + why);
        return;
    }
    c->pid = u.pid;
    c->pidfd.assign(u.pidfd);
    c->started = Clock::now();
    log_("Starting child client \"" + c->spec.command + "\" (pid " + std::to_string(u.pid) + ")");
    c->pidfd.async_wait(asio::posix::descriptor_base::wait_read, [this, c](boost::system::error_code ec) {
        if (ec) return;
        exited(c);
    });
}

void ClientChildren::exited(const std::shared_ptr<Child>& c) {
    siginfo_t info;
    if (!ha::reap_pidfd(c->pidfd.native_handle(), info, false)) {
        c->pidfd.async_wait(asio::posix::descriptor_base::wait_read, [this, c](boost::system::error_code ec) {
            if (!ec) exited(c);
        });
        return;
    }
    boost::system::error_code ignore;
    c->pidfd.close(ignore);
    c->pid = -1;
    ClientExit e;
    e.signalled = info.si_code != CLD_EXITED;
    e.code = e.signalled ? (info.si_status & 0x7f) : (info.si_status & 0xff);
    e.ran_for = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - c->started);
    e.shutting_down = stopping_;
    auto d = after_client_exit(c->spec.command, e, c->short_runs);
    log_((stopping_ ? "" : "ERROR: ") + d.why);
    if (stopping_) return maybe_stopped();
    if (!d.restart) return;
    c->delay.expires_after(d.delay);
    c->delay.async_wait([this, c](boost::system::error_code ec) {
        if (!ec) start(c);
    });
}

void ClientChildren::stop_all(std::function<void()> done) {
    stopping_ = true;
    stopped_ = std::move(done);
    for (auto& c : children_) {
        c->delay.cancel();
        if (c->pid > 0) {
            log_("killing client \"" + c->spec.command + "\" process group " + std::to_string(c->pid) + " with signal 15");
            ::kill(-c->pid, SIGTERM);
        }
    }
    kill_timer_ = std::make_unique<asio::steady_timer>(ex_, std::chrono::seconds(5));
    kill_timer_->async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        for (auto& c : children_)
            if (c->pid > 0) {
                log_("WARN: client \"" + c->spec.command + "\" ignored SIGTERM for 5 s: SIGKILL");
                ha::kill_group(c->pid, c->pidfd.native_handle());
            }
    });
    maybe_stopped();
}

void ClientChildren::maybe_stopped() {
    for (auto& c : children_)
        if (c->pid > 0) return;
    if (kill_timer_) kill_timer_->cancel();
    if (auto d = std::move(stopped_)) {
        stopped_ = nullptr;
        asio::post(ex_, d);
    }
}

std::vector<int> ClientChildren::pids() const {
    std::vector<int> out;
    for (auto& c : children_)
        if (c->pid > 0) out.push_back(c->pid);
    return out;
}

} // namespace hb::daemon
