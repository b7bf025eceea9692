#include "directord/daemon/fd_limit.hpp"

#include <algorithm>
#include <fstream>
#include <sys/resource.h>

namespace directord {

std::size_t fds_wanted(const Config& cfg) {
    std::size_t n = 256;
    for (const auto& v : cfg.virtuals) n += v.reals.size();
    return n;
}

std::string raise_fd_limit(std::size_t wanted) {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return "";
    if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur >= wanted) return "";
    rlim_t want = wanted;
    if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < want) {
        // The kernel's ceiling for any process (fs.nr_open).
        long nr_open = 0;
        std::ifstream("/proc/sys/fs/nr_open") >> nr_open;
        if (nr_open > 0 && rlim_t(nr_open) < want) want = rlim_t(nr_open);
        rlimit up{want, want};
        if (::setrlimit(RLIMIT_NOFILE, &up) == 0) return "";
    }
    rlimit soft{lim.rlim_max == RLIM_INFINITY ? want : std::min(want, lim.rlim_max), lim.rlim_max};
    ::setrlimit(RLIMIT_NOFILE, &soft);
    ::getrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur >= wanted) return "";
    return "open-file limit " + std::to_string(lim.rlim_cur) + " is below the " + std::to_string(wanted) +
           " the checks may hold at once: checks past it fail with \"Too many open files\" (raise LimitNOFILE / ulimit -n)";
}

} // namespace directord
