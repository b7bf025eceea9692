// The monitorfile= of each virtual, kept open for appending. A write error is logged
// once per file until writing works again (ldirectord dies on it).
#pragma once
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "directord/config/config.hpp"
#include "directord/health/health_event.hpp"

namespace directord {

class MonitorFiles {
public:
    // Opens the files the config names, closes the others.
    void configure(const Config& cfg);
    void write(health::RealRef ref, bool up, const std::string& msg);

private:
    struct Closer {
        void operator()(std::FILE* f) const { if (f) std::fclose(f); }
    };
    struct File {
        std::unique_ptr<std::FILE, Closer> f;
        bool failing = false;
    };
    File* open(const std::string& path);

    Config cfg_;
    std::map<std::string, File> files_;
};

} // namespace directord
