#include "lib/pidfile.hpp"

#include <fstream>
#include <iterator>
#include <signal.h>
#include <unistd.h>

namespace ha {

PidStatus read_pidfile(const std::string& path, const std::string& needle) {
    std::ifstream in(path);
    if (!in) return {};
    long pid = 0;
    if (!(in >> pid) || pid <= 0) return {PidStatus::stale, 0};
    std::ifstream cmd("/proc/" + std::to_string(pid) + "/cmdline");
    std::string text((std::istreambuf_iterator<char>(cmd)), std::istreambuf_iterator<char>());
    if (!cmd || text.find(needle) == std::string::npos) return {PidStatus::stale, (pid_t)pid};
    return {PidStatus::running, (pid_t)pid};
}

bool write_pidfile(const std::string& path) {
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp);
        if (!out) return false;
        out << getpid() << "\n";
        if (!out.flush()) return false;
    }
    return ::rename(tmp.c_str(), path.c_str()) == 0;
}

} // namespace ha
