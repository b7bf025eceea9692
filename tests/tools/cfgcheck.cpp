// cfgcheck [cfg]: what `directord -t [cfg]` does for the config file, without the daemon.
// Prints the normalized config on stdout (exit 0), or every error on stderr (exit 2);
// warnings on stderr as "file:line: warning: ...". Exit 1 when the file is not found.
#include "directord/config/config.hpp"

#include <cstdio>
#include <optional>
#include <string>

int main(int argc, char** argv) {
    std::optional<std::string> arg;
    if (argc > 1) arg = argv[1];
    std::string name = arg.value_or("ldirectord.cf");
    auto path = directord::locate_config(name);
    if (!path) {
        std::fprintf(stderr, "Config file %s not found\n", name.c_str());
        return 1;
    }
    auto res = directord::load_config(*path);
    for (const auto& w : res.warnings) std::fprintf(stderr, "%s\n", w.str().c_str());   // "file:line: warning: ..."
    for (const auto& e : res.errors) std::fprintf(stderr, "%s\n", e.str().c_str());
    if (!res.config) return 2;
    res.config->name = directord::config_name(arg);
    std::fputs(directord::normalize(*res.config).c_str(), stdout);
    return 0;
}
