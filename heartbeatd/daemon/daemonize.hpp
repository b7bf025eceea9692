// Classic daemon start with a readiness pipe: the parent returns only once the child has
// opened its media and control socket (or failed), so init scripts get a true exit code.
#pragma once
#include <string>

namespace hb::daemon {

class Daemonizer {
public:
    // In the parent this never returns: it waits for the child's verdict and exits.
    // In the child (new session, cwd /) it returns true.
    bool fork_and_detach();
    // Child: report success (stdio then goes to /dev/null) or failure (parent prints it).
    void ready();
    void failed(const std::string& why);

private:
    int fd_ = -1;
};

} // namespace hb::daemon
