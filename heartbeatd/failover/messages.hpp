// The resource messages of a v1 pair, typed, and their conversion from and to wire messages.
// Only what the failover policy reads or writes; the standard fields (src, seq, ...) are
// the daemon's business.
#pragma once
#include <optional>
#include <string>
#include <variant>

#include "heartbeatd/failover/rsc_set.hpp"
#include "heartbeatd/wire/message.hpp"

namespace hb::failover {

// auto_failback on/off: "I am starting; tell me what you hold".
struct Starting {
    bool operator==(const Starting&) const = default;
};

// What the sender holds. `full` = false for the mach_down form (no rtype/isstable fields).
struct ResourceMsg {
    RscSet hold;
    bool stable = false;
    std::string info;   // "", "shutdown", "standby", "mach_down"...
    bool full = true;
    bool operator==(const ResourceMsg&) const = default;
};

// The three-phase standby protocol; hold is relative to the node giving resources up.
struct AskResources {
    enum class Info { me, other, done };
    RscSet hold;
    Info info = Info::me;
    bool operator==(const AskResources&) const = default;
};

// "Please go standby with the complement of `hold`" (hold relative to the sender, which
// wants to take it). "failback" on the wire means local: take my own groups back.
struct HbTakeover {
    RscSet hold;
    bool operator==(const HbTakeover&) const = default;
};

// auto_failback legacy: "release the group whose key is `key`".
struct IpRequest {
    std::string key;
    bool operator==(const IpRequest&) const = default;
};

struct IpRequestResp {
    std::string dest;
    std::string key;
    bool we_own = false;
    bool operator==(const IpRequestResp&) const = default;
};

// Sent after a graceful stop released everything: take over now, without waiting.
struct Shutdone {
    bool operator==(const Shutdone&) const = default;
};

// Outcome of the fencing step before a takeover: OK|badhost|bad|n_stnth|unneeded.
struct StonithMsg {
    std::string node;
    std::string result;
    bool operator==(const StonithMsg&) const = default;
};

using Msg = std::variant<Starting, ResourceMsg, AskResources, HbTakeover, IpRequest, IpRequestResp,
                         Shutdone, StonithMsg>;

// The creator's fields, in 3.0.6's order (t first).
wire::Message to_wire(const Msg& m);
// nullopt for other types, or a resource message with a value the policy cannot act on.
std::optional<Msg> from_wire(const wire::Message& m);
std::string describe(const Msg& m);   // for logs and test failures

} // namespace hb::failover
