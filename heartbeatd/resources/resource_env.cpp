#include "heartbeatd/resources/resource_env.hpp"

#include <sys/stat.h>
#include <unistd.h>

namespace hb::resources {

std::optional<std::string> locate_script(const std::vector<std::string>& dirs, const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") return std::nullopt;
    for (const auto& d : dirs) {
        std::string path = d + "/" + name;
        struct stat st {};
        if (stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0) return path;
    }
    return std::nullopt;
}

std::vector<std::string> script_environment(const ResourceEnv& e) {
    std::vector<std::string> v = {
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG=C",
        "LC_ALL=C",
        "HA_DIR=" + e.ha_dir,
        "HA_RCDIR=" + e.ha_dir + "/rc.d",
        "HA_FUNCS=" + e.ha_dir + "/shellfuncs",
        "HA_CURHOST=" + e.node,
        "HA_debug=" + std::to_string(e.debug),
        "OCF_ROOT=/usr/lib/ocf",
        "OCF_FUNCTIONS_DIR=/usr/lib/ocf/lib/heartbeat",
        "HA_RSCTMP=/run/resource-agents",
    };
    if (e.nice_failback) v.push_back("HA_NICEFAILBACK=yes");
    if (!e.logfile.empty()) v.push_back("HA_LOGFILE=" + e.logfile);
    if (!e.debugfile.empty()) v.push_back("HA_DEBUGLOG=" + e.debugfile);
    if (!e.logfacility.empty()) v.push_back("HA_LOGFACILITY=" + e.logfacility);
    for (const auto& x : e.extra) v.push_back(x);
    return v;
}

namespace {

bool has_running(const std::string& s, std::size_t from) {
    for (std::size_t i = s.find("unning", from); i != std::string::npos; i = s.find("unning", i + 1))
        if (i > 0 && (s[i - 1] == 'R' || s[i - 1] == 'r')) return true;
    return false;
}

// "[Nn]ot *[Rr]unning" anywhere.
bool has_not_running(const std::string& s) {
    for (std::size_t i = 0; i + 3 <= s.size(); ++i) {
        if ((s[i] != 'N' && s[i] != 'n') || s.compare(i + 1, 2, "ot") != 0) continue;
        std::size_t j = i + 3;
        while (j < s.size() && s[j] == ' ') ++j;
        if (j + 7 <= s.size() && (s[j] == 'R' || s[j] == 'r') && s.compare(j + 1, 6, "unning") == 0) return true;
    }
    return false;
}

} // namespace

bool status_text_running(const std::string& out) {
    if (has_not_running(out)) return false;
    return has_running(out, 0) || out.find("OK") != std::string::npos;
}

} // namespace hb::resources
