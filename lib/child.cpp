#include "lib/child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ha {

pid_t spawn_shell(const std::string& command) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    int fd = open("/dev/null", O_RDONLY);
    if (fd >= 0) dup2(fd, 0);
    execl("/bin/sh", "sh", "-c", command.c_str(), (char*)nullptr);
    _exit(127);
}

int reap_children() {
    int n = 0, status;
    while (waitpid(-1, &status, WNOHANG) > 0) ++n;
    return n;
}

} // namespace ha
