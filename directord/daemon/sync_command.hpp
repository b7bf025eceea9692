// `directord sync ...`: starts, stops and shows the kernel's IPVS connection-sync daemons.
//   directord sync master|backup INTERFACE SYNCID
//   directord sync stop [master|backup]
//   directord sync status
// The resource script resource.d/IPVSsyncd calls it on takeover (master) and release (backup).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "directord/ipvs/sync_codec.hpp"

namespace directord {

struct SyncRequest {
    enum Action { start, stop, status } action = status;
    ipvs::nl::SyncDaemon daemon;                  // start: role, interface, id
    std::optional<ipvs::nl::SyncRole> stop_role;  // stop: none = both
    std::string error;                            // non-empty: bad usage
};

// True when argv (after the program name) is a sync command line: "sync" then a sync verb.
bool is_sync_command(const std::vector<std::string>& args);
// Pure: the words after "sync".
SyncRequest parse_sync(const std::vector<std::string>& words);
std::string sync_usage();

// Exit codes: 0 done (also: stopping what was not running, starting what already runs
// as asked), 1 the kernel refused, 2 bad usage, 3 status with no daemon running.
int run_sync(const SyncRequest& r);

} // namespace directord
