#include "heartbeatd/resources/search_path.hpp"

namespace hb::resources {

namespace {
std::string parent(const std::string& p) {
    auto end = p.find_last_not_of('/');
    if (end == std::string::npos) return "/";
    auto slash = p.rfind('/', end);
    if (slash == std::string::npos) return ".";
    auto keep = p.find_last_not_of('/', slash);
    return keep == std::string::npos ? "/" : p.substr(0, keep + 1);
}
} // namespace

std::string own_resource_dir(const std::string& exe) {
    std::string prefix = parent(parent(exe));   // <prefix>/sbin/heartbeatd -> <prefix>
    return (prefix == "/" ? "" : prefix) + "/lib/heartbeatd/resource.d";
}

std::vector<std::string> resource_search_path(const std::string& own_dir, const std::string& ha_dir,
                                              const std::optional<std::string>& override_path) {
    std::vector<std::string> dirs;
    if (override_path) {
        std::string::size_type at = 0;
        while (at <= override_path->size()) {
            auto colon = override_path->find(':', at);
            if (colon == std::string::npos) colon = override_path->size();
            if (colon > at) dirs.push_back(override_path->substr(at, colon - at));
            at = colon + 1;
        }
        return dirs;
    }
    if (!own_dir.empty()) dirs.push_back(own_dir);
    dirs.push_back(ha_dir + "/resource.d");
    dirs.push_back("/etc/init.d");
    return dirs;
}

} // namespace hb::resources
