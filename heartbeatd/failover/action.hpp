// What the failover policy asks the daemon to do. The daemon performs them in order and
// reports each finished group operation back with Policy::group_done().
#pragma once
#include <string>
#include <variant>

#include "heartbeatd/failover/messages.hpp"

namespace hb::failover {

// Run the group's resources' start, left to right (a failure stops what started).
struct StartGroup {
    std::string key;
    bool operator==(const StartGroup&) const = default;
};
// Run the group's resources' stop, right to left.
struct StopGroup {
    std::string key;
    bool operator==(const StopGroup&) const = default;
};
// Broadcast to the cluster (every medium); the daemon adds the standard fields.
struct Send {
    Msg msg;
    bool operator==(const Send&) const = default;
};
// A line for the log; crit lines are the ones an operator must see.
struct Note {
    enum class Level { info, warn, crit };
    Level level = Level::info;
    std::string text;
    bool operator==(const Note&) const = default;
};
// Graceful stop finished: everything released and shutdone sent; the daemon may exit.
struct ShutdownDone {
    bool operator==(const ShutdownDone&) const = default;
};

using Action = std::variant<StartGroup, StopGroup, Send, Note, ShutdownDone>;

} // namespace hb::failover
