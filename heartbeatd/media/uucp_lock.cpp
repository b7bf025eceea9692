#include "heartbeatd/media/uucp_lock.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <cstdlib>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hb::media {

std::string uucp_lock_path(std::string_view lock_dir, std::string_view device) {
    auto slash = device.rfind('/');
    std::string_view base = slash == std::string_view::npos ? device : device.substr(slash + 1);
    return std::string(lock_dir) + "/LCK.." + std::string(base);
}

std::string format_lock_pid(pid_t pid) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%10d\n", int(pid));
    return buf;
}

pid_t parse_lock_pid(std::string_view text) {
    if (text.size() == 4 && (text[0] < '0' || text[0] > '9') && text[0] != ' ') {
        int v;
        std::memcpy(&v, text.data(), 4);   // old binary locks
        return v;
    }
    long v = 0;
    bool any = false;
    for (char c : text) {
        if (c == ' ' && !any) continue;
        if (c < '0' || c > '9') break;
        v = v * 10 + (c - '0');
        any = true;
        if (v > 1 << 30) return 0;
    }
    return any ? pid_t(v) : 0;
}

// Reads a lock file without following a symlink or blocking on a FIFO planted in the
// (world-writable) lock directory; anything but a small regular file reads as empty.
static std::string read_lock(const std::string& path) {
    std::string out;
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return out;
    struct stat st{};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        char buf[64];
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) out.assign(buf, std::size_t(n));
    }
    ::close(fd);
    return out;
}

bool UucpLock::acquire(const std::string& lock_dir, const std::string& device, std::string& error) {
    release();
    std::string path = uucp_lock_path(lock_dir, device);
    for (int attempt = 0; attempt < 2; ++attempt) {
        // Write a temp file and link() it into place: the lock appears complete or not at all.
        // The lock directory is writable by others: a new file with an unguessable name,
        // created exclusively (mkostemp: O_CREAT|O_EXCL, so a planted symlink is never followed).
        std::string tmp = lock_dir + "/TMP.heartbeatd.XXXXXX";
        int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
        if (fd < 0) return error = lock_dir + ": cannot create a lock file: " + std::strerror(errno), false;
        ::fchmod(fd, 0644);   // readable by the other programs that honour UUCP locks
        std::string text = format_lock_pid(getpid());
        bool wrote = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
        ::close(fd);
        int rc = wrote ? ::link(tmp.c_str(), path.c_str()) : -1;
        int e = errno;
        ::unlink(tmp.c_str());
        if (rc == 0) {
            path_ = path;
            return true;
        }
        if (e != EEXIST) return error = path + ": " + std::strerror(e), false;
        pid_t owner = parse_lock_pid(read_lock(path));
        if (owner == getpid()) {
            path_ = path;
            return true;
        }
        if (owner > 0 && (::kill(owner, 0) == 0 || errno == EPERM))
            return error = device + " is locked by pid " + std::to_string(owner) + " (" + path + ")", false;
        ::unlink(path.c_str());   // stale: its owner is gone
    }
    return error = path + ": could not take over a stale lock", false;
}

void UucpLock::release() {
    if (!path_.empty()) ::unlink(path_.c_str());
    path_.clear();
}

} // namespace hb::media
