#include "lib/daemonize.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace ha {

namespace {
// First byte on the pipe: ready, or failed with the text after it.
constexpr char kReady = '+', kFailed = '-';
}

Daemonizer::Role Daemonizer::fork_and_detach(Detach how) {
    int p[2];
    // Close-on-exec: a program the daemon runs before it is ready must not hold the pipe open.
    if (::pipe2(p, O_CLOEXEC) != 0) return Role::error;
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(p[0]);
        ::close(p[1]);
        return Role::error;
    }
    if (pid > 0) {
        ::close(p[1]);
        std::string msg;
        char buf[512];
        ssize_t n;
        while ((n = ::read(p[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
            if (n > 0) msg.append(buf, std::size_t(n));
        ::close(p[0]);
        report_.ready = !msg.empty() && msg[0] == kReady;
        report_.text = msg.empty() ? msg : msg.substr(1);
        return Role::starter;
    }
    ::close(p[0]);
    fd_ = p[1];
    ::setsid();
    if (how == Detach::fork_twice && ::fork() > 0) ::_exit(0);
    (void)!::chdir("/");
    return Role::daemon;
}

void Daemonizer::null_stdio() {
    int null = ::open("/dev/null", O_RDWR);
    if (null < 0) return;
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    if (null > 2) ::close(null);
}

void Daemonizer::ready() {
    if (fd_ < 0) return;
    null_stdio();
    (void)!::write(fd_, &kReady, 1);
    ::close(fd_);
    fd_ = -1;
}

void Daemonizer::failed(const std::string& why) {
    if (fd_ < 0) return;
    std::string msg = kFailed + why;
    (void)!::write(fd_, msg.data(), msg.size());
    ::close(fd_);
    fd_ = -1;
}

} // namespace ha
