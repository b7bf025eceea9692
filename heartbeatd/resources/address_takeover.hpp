// The seam for heartbeatd's own takeover of an address resource (IPaddr2, IPaddr): in a
// group start, before the resource's start script runs, the address is added and announced
// by the daemon itself (over netlink and a packet socket: native_address.*), so the VIP
// answers without waiting for two shell scripts to get a CPU. The script still runs its
// start afterwards, finds the address there, and its exit status decides; status and stop
// stay the script's. Only scripts that declare it (kNativeTakeoverMarker in their first
// kMarkerWindow bytes: resource.d/IPaddr2 and IPaddr shipped here) are taken this way; others
// (Debian's OCF wrappers: IPaddr would then fail on an address it did not add as an alias)
// keep the plain status/start path. Tests plug in a fake.
#pragma once
#include <string>
#include <string_view>

#include "heartbeatd/config/haresources.hpp"

namespace hb::resources {

class AddressTakeover {
public:
    enum class Result {
        not_handled,   // not an address resource this knows, or the argument is not one it parses
        present,       // the address is already on its interface: the usual status/start path
        added,         // added and the gratuitous ARPs started
        failed,        // tried and could not: the script is left to do it (detail says why)
    };
    virtual ~AddressTakeover() = default;
    // `script`: the resource script's path (its marker is looked for there).
    virtual Result take(const config::Resource& r, const std::string& script, std::string& detail) = 0;
};

inline constexpr std::string_view kNativeTakeoverMarker = "# heartbeatd: native-takeover";
inline constexpr std::size_t kMarkerWindow = 1024;

// Whether the head of a script (its first kMarkerWindow bytes) declares the marker at the
// start of a line.
bool declares_native_takeover(std::string_view head);

} // namespace hb::resources
