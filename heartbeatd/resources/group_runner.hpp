// Starts and stops haresources groups the way heartbeat's ResourceManager does:
//  start: left to right; a resource whose status already says running is skipped; on a
//         failure the whole group is stopped right to left and the start reports failure.
//         An address the AddressTakeover added (it was not there) skips the status call:
//         its start script runs at once and its exit status decides as before.
//  stop:  right to left; a failing stop is retried (1 s apart, 10 times); if it still fails
//         and status says running, the group's stop fails LOUDLY. Heartbeat would then
//         reboot the machine; heartbeatd never does (doc/heartbeatd-differences.md).
// Calls for one group must not overlap (the failover policy serialises them).
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "heartbeatd/config/haresources.hpp"
#include "heartbeatd/resources/address_takeover.hpp"
#include "heartbeatd/resources/resource_env.hpp"
#include "heartbeatd/resources/script_runner.hpp"
#include "lib/asio.hpp"

namespace hb::resources {

class GroupRunner {
public:
    enum class Level { debug, info, warn, crit };
    using Logger = std::function<void(Level, const std::string&)>;
    using Done = std::function<void(bool ok)>;

    GroupRunner(boost::asio::any_io_executor ex, ScriptRunner& runner, ResourceEnv env,
                std::vector<config::ResourceGroup> groups, Logger log = {});

    // `key` is the group key (first resource as written). Unknown keys fail at once.
    void start(const std::string& key, Done done);
    void stop(const std::string& key, Done done);
    // Status of every resource of the group: done(true) when all say running.
    void status(const std::string& key, Done done);

    // Address resources taken by the daemon itself before their start script (none: scripts only).
    void set_address_takeover(AddressTakeover* t) { takeover_ = t; }

    // argv for one resource action: <path> [args...] <action>; nullopt if no script.
    std::optional<std::vector<std::string>> command(const config::Resource& r, const std::string& action) const;

    struct Op;

private:
    friend struct Op;
    const config::ResourceGroup* find(const std::string& key) const;
    void log(Level l, const std::string& s) const;
    void call(const config::Resource& r, const std::string& action, std::function<void(ScriptOutcome)> then);

    boost::asio::any_io_executor ex_;
    ScriptRunner& runner_;
    ResourceEnv env_;
    std::vector<std::string> environment_;
    std::vector<config::ResourceGroup> groups_;
    Logger log_;
    AddressTakeover* takeover_ = nullptr;
};

} // namespace hb::resources
