#include "heartbeatd/daemon/daemonize.hpp"

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace hb::daemon {

bool Daemonizer::fork_and_detach() {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) return false;
    pid_t pid = ::fork();
    if (pid < 0) return false;
    if (pid > 0) {
        ::close(p[1]);
        std::string msg;
        char buf[512];
        ssize_t n;
        while ((n = ::read(p[0], buf, sizeof buf)) > 0) msg.append(buf, std::size_t(n));
        if (msg == "OK") std::_Exit(0);
        if (msg.empty()) msg = "heartbeatd: daemon exited during start-up";
        std::fprintf(stderr, "%s\n", msg.c_str());
        std::_Exit(1);
    }
    ::close(p[0]);
    fd_ = p[1];
    ::setsid();
    if (::chdir("/") != 0) {}
    return true;
}

void Daemonizer::ready() {
    if (fd_ < 0) return;
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(null, 2);
        if (null > 2) ::close(null);
    }
    if (::write(fd_, "OK", 2) != 2) {}
    ::close(fd_);
    fd_ = -1;
}

void Daemonizer::failed(const std::string& why) {
    if (fd_ < 0) return;
    if (::write(fd_, why.data(), why.size()) < 0) {}
    ::close(fd_);
    fd_ = -1;
}

} // namespace hb::daemon
