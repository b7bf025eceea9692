// Where haresources' scripts are looked up. heartbeatd's own scripts live in a directory of
// their own (<prefix>/lib/heartbeatd/resource.d), so installing them never touches another
// package's files in /etc/ha.d; that directory comes first, then the admin's
// <ha.d>/resource.d, then /etc/init.d. Pure.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace hb::resources {

// The own directory of the executable at `exe` ("/usr/sbin/heartbeatd" ->
// "/usr/lib/heartbeatd/resource.d"): where `make install` and the package put the scripts.
std::string own_resource_dir(const std::string& exe);

// The search order. `override_path` (HEARTBEATD_RESOURCE_PATH, "dir:dir:..."), when set,
// replaces the whole list; empty elements are dropped.
std::vector<std::string> resource_search_path(const std::string& own_dir, const std::string& ha_dir,
                                              const std::optional<std::string>& override_path);

} // namespace hb::resources
