#include "heartbeatd/daemon/realtime.hpp"

#include <cerrno>
#include <cstring>
#include <sched.h>
#include <sys/mman.h>

namespace hb::daemon {

std::vector<std::string> enter_realtime(std::optional<int> rtprio) {
    std::vector<std::string> log;
    int lo = sched_get_priority_min(SCHED_FIFO), hi = sched_get_priority_max(SCHED_FIFO);
    int prio = rtprio.value_or((lo + hi) / 2);
    if (prio < lo || prio > hi) {
        log.push_back("rtprio " + std::to_string(prio) + " out of range " + std::to_string(lo) + ".." +
                      std::to_string(hi) + "; using " + std::to_string((lo + hi) / 2));
        prio = (lo + hi) / 2;
    }
    sched_param sp{};
    sp.sched_priority = prio;
    // RESET_ON_FORK: resource scripts and other children start back at SCHED_OTHER.
    if (sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &sp) != 0)
        log.push_back(std::string("realtime: SCHED_FIFO priority ") + std::to_string(prio) +
                      " not set: " + std::strerror(errno));
    else
        log.push_back("realtime: SCHED_FIFO priority " + std::to_string(prio));
    if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
        log.push_back(std::string("realtime: mlockall failed: ") + std::strerror(errno));
    else
        log.push_back("realtime: memory locked");
    return log;
}

void drop_realtime() {
    sched_param sp{};
    sp.sched_priority = 0;
    sched_setscheduler(0, SCHED_OTHER, &sp);
    munlockall();
}

} // namespace hb::daemon
