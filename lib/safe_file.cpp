#include "lib/safe_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ha {

namespace {

std::string dir_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string fail(const std::string& path, const char* what, int e) {
    return path + ": " + what + ": " + std::strerror(e);
}

} // namespace

int open_for_append(const std::string& path, std::string& why) {
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
    if (fd < 0) {
        why = errno == ELOOP ? path + ": is a symbolic link: refusing to write through it"
                             : fail(path, "cannot open", errno);
        return -1;
    }
    struct stat st{}, dir{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        why = path + ": not a regular file: refusing to write to it";
        return -1;
    }
    if (st.st_uid != ::geteuid() && ::stat(dir_of(path).c_str(), &dir) == 0 &&
        (dir.st_mode & (S_IWGRP | S_IWOTH))) {
        ::close(fd);
        why = path + ": owned by uid " + std::to_string(st.st_uid) + " in a directory others can write: "
              "refusing it (someone may have planted it; remove it or log elsewhere)";
        return -1;
    }
    ::fcntl(fd, F_SETFL, O_WRONLY | O_APPEND);   // blocking writes from here on
    return fd;
}

bool replace_file(const std::string& path, std::string_view content, mode_t mode, bool durable,
                  std::string& why) {
    std::string tmp = dir_of(path) + "/.tmp.XXXXXX";
    int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0) {
        why = fail(path, "cannot create a temporary file beside it", errno);
        return false;
    }
    bool ok = ::fchmod(fd, mode) == 0;
    std::size_t done = 0;
    while (ok && done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ok = false;
        else done += std::size_t(n);
    }
    if (ok && durable) ok = ::fsync(fd) == 0;
    int e = errno;
    ::close(fd);
    if (ok && ::rename(tmp.c_str(), path.c_str()) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        ::unlink(tmp.c_str());
        why = fail(path, "cannot write", e);
    }
    return ok;
}

} // namespace ha
