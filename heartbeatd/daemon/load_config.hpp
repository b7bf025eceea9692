// Reads <config dir>/{ha.cf,authkeys,haresources} and works out the local node name
// (nodeinfo, else uname -n), with every diagnostic as "file:line: message".
#pragma once
#include <ctime>
#include <string>
#include <vector>

#include "heartbeatd/config/authkeys.hpp"
#include "heartbeatd/config/ha_cf.hpp"
#include "heartbeatd/config/haresources.hpp"
#include "lib/expected.hpp"

namespace hb::daemon {

struct LoadedConfig {
    std::string dir;
    std::string local;
    config::HaCf cf;
    config::AuthKeys keys;
    std::vector<config::ResourceGroup> groups;
    std::vector<std::string> warnings;
    std::time_t hacf_mtime = 0, authkeys_mtime = 0;
};

ha::Expected<LoadedConfig> load_config(const std::string& dir);
// Only authkeys (SIGHUP reload without a restart, as 3.0.6).
ha::Expected<config::AuthKeys> load_authkeys(const std::string& dir, std::vector<std::string>& warnings);
std::time_t file_mtime(const std::string& path);

} // namespace hb::daemon
