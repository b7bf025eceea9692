#include "heartbeatd/media/uucp_lock.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
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

static std::string read_all(const std::string& path) {
    std::string out;
    if (FILE* f = std::fopen(path.c_str(), "r")) {
        char buf[64];
        std::size_t n = std::fread(buf, 1, sizeof buf, f);
        out.assign(buf, n);
        std::fclose(f);
    }
    return out;
}

bool UucpLock::acquire(const std::string& lock_dir, const std::string& device, std::string& error) {
    release();
    std::string path = uucp_lock_path(lock_dir, device);
    for (int attempt = 0; attempt < 2; ++attempt) {
        // Write a temp file and link() it into place: the lock appears complete or not at all.
        std::string tmp = lock_dir + "/TMP.heartbeatd." + std::to_string(getpid());
        int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) return error = tmp + ": " + std::strerror(errno), false;
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
        pid_t owner = parse_lock_pid(read_all(path));
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
