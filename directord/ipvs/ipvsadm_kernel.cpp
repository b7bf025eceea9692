#include "directord/ipvs/ipvsadm_kernel.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "directord/ipvs/ipvsadm_parse.hpp"

extern char** environ;

namespace ipvs {

namespace {

// One ipvsadm call never legitimately takes this long; a hung tool must not hang the daemon.
constexpr int kRunLimitMs = 30000;

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

IpvsadmKernel::Run IpvsadmKernel::run(const std::vector<std::string>& args) const {
    Run r;
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0) {
        r.err = std::string("pipe: ") + std::strerror(errno);
        return r;
    }
    if (::pipe2(err, O_CLOEXEC) != 0) {
        r.err = std::string("pipe: ") + std::strerror(errno);
        ::close(out[0]);
        ::close(out[1]);
        return r;
    }
    std::vector<std::string> argv_s;
    argv_s.reserve(args.size() + 1);
    argv_s.push_back(path_);
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // The tool starts with default signal handling and nothing blocked, whatever the daemon set.
    sigset_t none, dfl;
    sigemptyset(&none);
    sigemptyset(&dfl);
    sigaddset(&dfl, SIGPIPE);
    sigaddset(&dfl, SIGCHLD);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &dfl);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, path_.c_str(), &fa, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(out[1]);
    ::close(err[1]);
    if (rc != 0) {
        ::close(out[0]);
        ::close(err[0]);
        r.err = "cannot run " + path_ + ": " + std::strerror(rc);
        return r;
    }

    // Read both pipes together: a tool that fills one while we wait on the other would hang.
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    std::string* dst[2] = {&r.out, &r.err};
    int open_fds = 2;
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(kRunLimitMs);
    bool killed = false;
    char buf[65536];
    while (open_fds > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            ::kill(pid, SIGKILL);
            killed = true;
            break;
        }
        int n = ::poll(fds, 2, (int)left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
            if (got > 0) {
                dst[i]->append(buf, (std::size_t)got);
            } else if (got == 0 || errno != EINTR) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            }
        }
    }
    for (auto& f : fds)
        if (f.fd >= 0) ::close(f.fd);
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (killed) r.err += "\n" + path_ + " killed after " + std::to_string(kRunLimitMs / 1000) + " s";
    r.status = WIFEXITED(st) && !killed ? WEXITSTATUS(st) : -1;
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
    std::vector<OpResult> results;
    results.reserve(ops.size());
    for (const auto& op : ops) {
        auto r = run(op_args(op));
        if (r.status == 0) {
            // Keep the cached read true to the table; if it disagrees, read again next time.
            if (cache_ && apply_op(*cache_, op) != 0) cache_.reset();
            results.push_back({});
            continue;
        }
        cache_.reset();
        std::string msg = trim(r.err);
        if (msg.empty()) msg = path_ + " exited with status " + std::to_string(r.status);
        results.push_back({errno_of_message(msg), msg});
    }
    return results;
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
    if (has("Invalid argument") || has("Illegal")) return EINVAL;
    if (has("out of range")) return ERANGE;
    return EIO;
}

} // namespace ipvs
