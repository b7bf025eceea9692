#include "directord/ipvs/ipvsadm_kernel.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include "directord/ipvs/ipvsadm_parse.hpp"
#include "directord/ipvs/ipvsadm_restore.hpp"
#include "lib/unreaped_child.hpp"

namespace ipvs {

namespace {

// One ipvsadm call never legitimately takes this long; a hung tool must not hang the daemon.
constexpr int kRunLimitMs = 30000;
// ... plus this much per line of a -R (a stand-in that forks per line takes ~10 ms).
constexpr int kRestoreLineMs = 50;
// Tool runs a failed -R may add to find which ops failed (split and retry).
constexpr int kRetryRuns = 64;

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

} // namespace

IpvsadmKernel::IpvsadmKernel(std::string path, std::chrono::milliseconds max_age)
    : path_(std::move(path)), max_age_(max_age) {
    if (::access(path_.c_str(), X_OK) != 0)
        throw KernelError("cannot run " + path_ + ": " + std::strerror(errno));
}

IpvsadmKernel::Run IpvsadmKernel::run(const std::vector<std::string>& args, const std::string& input,
                                      std::chrono::milliseconds limit) const {
    Run r;
    ++runs_;
    if (interrupted_) {
        r.err = path_ + " not run: directord is stopping";
        return r;
    }
    int out[2] = {-1, -1}, err[2] = {-1, -1}, in[2] = {-1, -1};
    auto close_all = [&] {
        for (int* p : {out, err, in})
            for (int i = 0; i < 2; ++i)
                if (p[i] >= 0) ::close(p[i]), p[i] = -1;
    };
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 || (!input.empty() && ::pipe2(in, O_CLOEXEC) != 0)) {
        r.err = std::string("pipe: ") + std::strerror(errno);
        close_all();
        return r;
    }
    std::vector<std::string> argv;
    argv.reserve(args.size() + 1);
    argv.push_back(path_);
    argv.insert(argv.end(), args.begin(), args.end());
    std::string why;
    ha::UnreapedChild child = ha::spawn_unreaped(argv, nullptr, out[1], err[1], why, in[0]);
    ::close(out[1]), out[1] = -1;
    ::close(err[1]), err[1] = -1;
    if (in[0] >= 0) ::close(in[0]), in[0] = -1;
    if (child.pid < 0) {
        close_all();
        r.err = why;
        return r;
    }
    if (in[1] >= 0) ::fcntl(in[1], F_SETFL, O_NONBLOCK);

    // A tool that exits without reading its input must not kill us with SIGPIPE.
    sigset_t pipe_sig, old_mask;
    sigemptyset(&pipe_sig);
    sigaddset(&pipe_sig, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_sig, &old_mask);
    bool broken_pipe = false;

    // Feed stdin and drain stdout and stderr together: a tool that fills one pipe while
    // we wait on another would hang.
    std::size_t fed = 0;
    std::string* dst[2] = {&r.out, &r.err};
    auto until = std::chrono::steady_clock::now() + limit;
    bool killed = false, stopped = false;
    char buf[65536];
    while (out[0] >= 0 || err[0] >= 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
        if (left <= 0 || interrupted_) {
            ha::kill_group(child.pid, child.pidfd);
            killed = true;
            stopped = left > 0;
            break;
        }
        pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {in[1], POLLOUT, 0}};
        // Short slices: interrupt() is seen within 100 ms.
        int n = ::poll(fds, 3, (int)std::min<long long>(left, 100));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        for (int i = 0; i < 2; ++i) {
            int& fd = i == 0 ? out[0] : err[0];
            if (fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t got = ::read(fd, buf, sizeof buf);
            if (got > 0) dst[i]->append(buf, (std::size_t)got);
            else if (got == 0 || errno != EINTR) ::close(fd), fd = -1;
        }
        if (in[1] >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t put = ::write(in[1], input.data() + fed, input.size() - fed);
            if (put > 0) fed += (std::size_t)put;
            else if (put < 0 && errno == EPIPE) broken_pipe = true;
            if (fed == input.size() || (put < 0 && errno != EAGAIN && errno != EINTR)) ::close(in[1]), in[1] = -1;
        }
    }
    close_all();
    if (broken_pipe) {
        timespec zero{};
        sigtimedwait(&pipe_sig, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);

    siginfo_t info;
    bool reaped = ha::reap_pidfd(child.pidfd, info, true);
    ::close(child.pidfd);
    r.killed = killed;
    if (killed)
        r.err += "\n" + path_ + (stopped ? " killed: directord is stopping"
                                         : " killed after " + std::to_string(limit.count() / 1000) + " s");
    r.status = reaped && !killed && info.si_code == CLD_EXITED ? (info.si_status & 0xff) : -1;
    return r;
}

Table IpvsadmKernel::dump() {
    auto now = std::chrono::steady_clock::now();
    if (cache_ && now - read_at_ < max_age_) return *cache_;
    cache_.reset();
    Table t = read();
    cache_ = t;
    read_at_ = now;
    return t;
}

Table IpvsadmKernel::read() {
    auto save = run({"-S", "-n"});
    if (save.status != 0)
        throw KernelError(path_ + " -S -n failed: " + (trim(save.err).empty() ? "exit status " + std::to_string(save.status) : trim(save.err)));
    Table t;
    try {
        t = parse_save(save.out);
    } catch (const std::exception& e) {
        throw KernelError(e.what());
    }
    // -S never shows thresholds; only a table with real servers needs the second call.
    bool any_dest = false;
    for (const auto& [k, s] : t) any_dest = any_dest || !s.dests.empty();
    if (!any_dest) return t;
    auto thr = run({"-L", "-n", "--thresholds"});
    if (thr.status != 0)
        throw KernelError(path_ + " -L -n --thresholds failed: " + (trim(thr.err).empty() ? "exit status " + std::to_string(thr.status) : trim(thr.err)));
    merge_thresholds(t, thr.out);
    return t;
}

std::vector<OpResult> IpvsadmKernel::apply(std::span<const Op> ops) {
    std::vector<OpResult> results(ops.size());
    if (ops.empty()) return results;
    std::vector<std::size_t> all(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) all[i] = i;
    // Tool runs allowed after the first -R when ops fail: a split costs two per level.
    int budget = kRetryRuns;
    restore(ops, std::move(all), results, budget);
    // A read older than max_age_ is never served again: keeping it would hold a second
    // copy of the table (~1 MB at 10,000 reals) for good after the start-up's last apply.
    if (cache_ && std::chrono::steady_clock::now() - read_at_ >= max_age_) cache_.reset();
    return results;
}

void IpvsadmKernel::note_success(const Op& op) {
    // Keep the cached read true to the table; if it disagrees, read again next time.
    if (cache_ && apply_op(*cache_, op) != 0) cache_.reset();
}

OpResult IpvsadmKernel::apply_one(const Op& op) {
    auto r = run(op_args(op));
    if (r.status == 0) {
        note_success(op);
        return {};
    }
    cache_.reset();
    std::string msg = trim(r.err);
    if (msg.empty()) msg = path_ + " exited with status " + std::to_string(r.status);
    return {errno_of_message(msg), msg};
}

// Applies ops[which] (in order) with one `-R`; on a reported failure, reads the table
// back: ops in effect succeeded; the others take the stderr lines in order when there are
// exactly as many, else are split in two and retried. A single op runs on its own for its
// exact message.
void IpvsadmKernel::restore(std::span<const Op> ops, std::vector<std::size_t> which, std::vector<OpResult>& results,
                            int& budget) {
    if (which.empty()) return;
    if (which.size() == 1) {
        results[which[0]] = apply_one(ops[which[0]]);
        return;
    }
    auto limit = std::chrono::milliseconds(kRunLimitMs) + std::chrono::milliseconds(kRestoreLineMs) * which.size();
    auto r = run({"-R"}, restore_script(ops, which), limit);
    auto errors = error_lines(r.err);
    if (r.status == 0 && errors.empty()) {
        for (auto i : which) note_success(ops[i]);
        return;
    }
    cache_.reset();
    std::string summary = errors.empty() ? path_ + " -R exited with status " + std::to_string(r.status)
                          : r.killed           ? errors.back()   // the kill, said last
                                               : errors.front();
    auto fail_all = [&](const std::vector<std::size_t>& idx, const std::string& why) {
        for (auto i : idx) results[i] = {errno_of_message(why), why};
    };
    Table after;
    try {
        after = read();
    } catch (const std::exception& e) {
        fail_all(which, summary + " (and the table cannot be read back: " + e.what() + ")");
        return;
    }
    cache_ = after;
    read_at_ = std::chrono::steady_clock::now();
    std::vector<Op> batch;
    batch.reserve(which.size());
    for (auto i : which) batch.push_back(ops[i]);
    auto done = ops_in_effect(after, batch);
    std::vector<std::size_t> failed;
    for (std::size_t k = 0; k < which.size(); ++k)
        if (done[k]) results[which[k]] = {};
        else failed.push_back(which[k]);
    if (failed.empty()) return;
    // ipvsadm prints one line per refused line and goes on: the lines match in order.
    if (errors.size() == failed.size()) {
        for (std::size_t k = 0; k < failed.size(); ++k) results[failed[k]] = {errno_of_message(errors[k]), errors[k]};
        return;
    }
    // It stopped early (a line its parser rejects ends the run) or said something else.
    // A tool that hung is not told apart by splitting: each part would hang as long.
    if (budget <= 0 || r.killed) {
        fail_all(failed, summary);
        return;
    }
    budget -= 2;
    std::size_t half = failed.size() / 2;
    restore(ops, std::vector<std::size_t>(failed.begin(), failed.begin() + (std::ptrdiff_t)half), results, budget);
    restore(ops, std::vector<std::size_t>(failed.begin() + (std::ptrdiff_t)half, failed.end()), results, budget);
}

std::vector<std::string> op_args(const Op& op) {
    // op_str() is the one rendering of an op as ipvsadm arguments; its words never hold spaces.
    std::vector<std::string> args;
    std::string s = op_str(op);
    std::size_t i = 0;
    while (i < s.size()) {
        auto j = s.find(' ', i);
        if (j == std::string::npos) j = s.size();
        if (j > i) args.emplace_back(s, i, j - i);
        i = j + 1;
    }
    return args;
}

int errno_of_message(const std::string& m) {
    auto has = [&](const char* s) { return m.find(s) != std::string::npos; };
    // ipvsadm's own wording (ipvs_strerror) first, then strerror texts.
    if (has("already exists")) return EEXIST;
    if (has("No such service") || has("Service not defined")) return ESRCH;
    if (has("No such destination")) return ENOENT;
    if (has("cheduler not found")) return ENOENT;
    if (has("Memory allocation")) return ENOMEM;
    if (has("Permission denied")) return EPERM;
    if (has("Protocol not available")) return ENOPROTOOPT;
    if (has("Invalid argument") || has("Illegal") || has("illegal")) return EINVAL;   // also -R's parser: "illegal real server address..."
    if (has("out of range")) return ERANGE;
    return EIO;
}

} // namespace ipvs
