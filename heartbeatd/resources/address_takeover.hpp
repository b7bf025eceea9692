// The seam for heartbeatd's own takeover of an address resource (IPaddr2, IPaddr): in a
// group start, before the resource's start script runs, the address is added and announced
// by the daemon itself (over netlink and a packet socket: native_address.*), so the VIP
// answers without waiting for two shell scripts to get a CPU. The script still runs its
// start afterwards, finds the address there, and its exit status decides; status and stop
// stay the script's. Tests plug in a fake.
#pragma once
#include <string>

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
    virtual Result take(const config::Resource& r, std::string& detail) = 0;
};

} // namespace hb::resources
