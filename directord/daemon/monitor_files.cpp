#include "directord/daemon/monitor_files.hpp"

#include <cerrno>
#include <cstring>
#include <set>
#include <unistd.h>

#include "directord/director/monitor_line.hpp"
#include "lib/log.hpp"
#include "lib/safe_file.hpp"

namespace directord {

void MonitorFiles::configure(const Config& cfg) {
    std::set<std::string> wanted;
    for (const auto& v : cfg.virtuals)
        if (v.monitorfile) wanted.insert(*v.monitorfile);
    // Its own copy only when used: with 10,000 reals a config copy is megabytes.
    cfg_ = wanted.empty() ? Config{} : cfg;
    for (auto it = files_.begin(); it != files_.end();) it = wanted.count(it->first) ? std::next(it) : files_.erase(it);
    for (const auto& p : wanted) open(p);
}

MonitorFiles::File* MonitorFiles::open(const std::string& path) {
    auto& file = files_[path];
    if (!file.f) {
        std::string why;
        int fd = ha::open_for_append(path, why);   // never through a planted symlink
        if (fd >= 0) {
            file.f.reset(::fdopen(fd, "a"));
            if (!file.f) {
                why = "Cannot open monitorfile " + path + ": " + std::strerror(errno);
                ::close(fd);
            }
        }
        if (!file.f && !file.failing) {
            ha::log().warning("Cannot open monitorfile: " + why);
            file.failing = true;
        }
    }
    return file.f ? &file : nullptr;
}

void MonitorFiles::write(health::RealRef ref, bool up, const std::string& msg) {
    if (ref.vi >= cfg_.virtuals.size()) return;
    const Virtual& v = cfg_.virtuals[ref.vi];
    if (!v.monitorfile || ref.ri >= v.reals.size()) return;
    File* file = open(*v.monitorfile);
    if (!file) return;
    std::string line = monitor_line(std::time(nullptr), (long)::getpid(), monitor_real_id(v, v.reals[ref.ri]), up, msg);
    bool ok = std::fputs(line.c_str(), file->f.get()) >= 0 && std::fflush(file->f.get()) == 0;
    if (!ok && !file->failing) {
        ha::log().warning("Cannot write monitorfile " + *v.monitorfile + ": " + std::strerror(errno));
        file->f.reset();   // reopened on the next line (the disk may have room again)
    }
    file->failing = !ok;
}

} // namespace directord
