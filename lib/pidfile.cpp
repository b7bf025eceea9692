#include "lib/pidfile.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace ha {

namespace {

int held_fd = -1;   // the claimed pid file's descriptor, kept open to keep the lock

long pid_in(int fd) {
    char buf[32] = {};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return 0;
    return std::strtol(buf, nullptr, 10);
}

// True when some open file description holds a lock on the file. Probing takes a shared
// lock for an instant; claim_pidfile retries briefly so such a probe cannot make it fail.
bool locked(int fd) {
    if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
        ::flock(fd, LOCK_UN);
        return false;
    }
    return errno == EWOULDBLOCK;
}

} // namespace

PidStatus read_pidfile(const std::string& path, const std::string& needle) {
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return errno == ENOENT ? PidStatus{} : PidStatus{PidStatus::stale, 0};
    long pid = pid_in(fd);
    bool held = fd == held_fd || locked(fd);
    ::close(fd);
    if (held) return {PidStatus::running, pid > 0 ? (pid_t)pid : 0};
    if (pid <= 0) return {PidStatus::stale, 0};
    std::ifstream cmd("/proc/" + std::to_string(pid) + "/cmdline");
    std::string text((std::istreambuf_iterator<char>(cmd)), std::istreambuf_iterator<char>());
    if (!cmd || text.find(needle) == std::string::npos) return {PidStatus::stale, (pid_t)pid};
    return {PidStatus::running, (pid_t)pid};
}

PidClaim claim_pidfile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) return {false, false, "cannot open pid file " + path + ": " + std::strerror(errno)};
    // A status query probes the lock for microseconds: retry for up to 200 ms before
    // concluding that another daemon holds it.
    int rc = -1;
    for (int i = 0; i < 20; ++i) {
        rc = ::flock(fd, LOCK_EX | LOCK_NB);
        if (rc == 0 || errno != EWOULDBLOCK) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (rc != 0) {
        int e = errno;
        long other = pid_in(fd);
        ::close(fd);
        if (e == EWOULDBLOCK)
            return {false, true, "pid file " + path + " is held by another running process" +
                                     (other > 0 ? " (pid " + std::to_string(other) + ")" : std::string())};
        return {false, false, "cannot lock pid file " + path + ": " + std::strerror(e)};
    }
    std::string text = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.data(), text.size(), 0) != (ssize_t)text.size()) {
        int e = errno;
        ::close(fd);
        return {false, false, "cannot write pid file " + path + ": " + std::strerror(e)};
    }
    if (held_fd >= 0 && held_fd != fd) ::close(held_fd);
    held_fd = fd;
    return {true, false, ""};
}

void release_pidfile(const std::string& path) {
    if (!path.empty()) ::unlink(path.c_str());
    if (held_fd >= 0) {
        ::close(held_fd);
        held_fd = -1;
    }
}

} // namespace ha
