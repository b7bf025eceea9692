// The pure half of heartbeatd's own takeover of an IPaddr2 address (native_address.* does the
// I/O): what the resource's argument means, which interface and prefix it lands on, its
// broadcast address, the gratuitous ARP frame that announces it, and the ARP train settings.
// The argument follows resource.d/IPaddr2: ip[/cidr[/nic[:label][/broadcast]]]; a third
// part starting with a digit is the broadcast address (nic then found like heartbeat's findif).
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hb::resources {

struct AddressSpec {
    std::uint32_t ip = 0;                  // host order
    std::optional<int> prefix;             // as written
    std::string nic;                       // empty: found from the configured networks
    std::string label;                     // "nic:label" as written, or empty
    std::optional<std::uint32_t> broadcast;
};

// nullopt (and `why`) when the argument is not a well-formed IPaddr2 spec.
std::optional<AddressSpec> parse_address_spec(const std::string& arg, std::string& why);

// One IPv4 address configured on an interface.
struct InterfaceAddress {
    std::string nic;
    std::uint32_t ip = 0;   // host order
    int prefix = 0;
};

// Where the address goes: the nic as written, else the first interface whose network
// (prefix > 0) contains it; the prefix as written, else that network's, else 32.
struct AddressPlacement {
    std::string nic;
    int prefix = 32;
    std::optional<std::uint32_t> broadcast;   // none: no broadcast address set (/31, /32)
};
std::optional<AddressPlacement> place_address(const AddressSpec& spec, const std::vector<InterfaceAddress>& configured,
                                              std::string& why);

// A gratuitous ARP request (sender = target = ip, to the Ethernet broadcast), as arping -U
// sends it: 42 bytes, Ethernet header included.
std::vector<std::uint8_t> gratuitous_arp(const std::array<std::uint8_t, 6>& mac, std::uint32_t ip);

// How many gratuitous ARPs and how far apart: the script's HA_ARP_COUNT / HA_ARP_INTERVAL_MS
// (ha.cf "env ARP_COUNT=n") over its defaults (IPaddr2 5 x 200 ms, IPaddr 10 x 500 ms).
// Unparsable values keep the defaults, as the scripts' arithmetic would not run with them.
struct ArpTrain {
    int count = 5;
    std::chrono::milliseconds interval{200};
};
ArpTrain arp_train(const std::vector<std::string>& environment, ArpTrain defaults);

// Whether heartbeatd takes IPaddr2 addresses itself: yes unless HA_NATIVE_TAKEOVER is a false
// word (ha.cf "env NATIVE_TAKEOVER=no").
bool native_takeover_enabled(const std::vector<std::string>& environment);

std::string dotted(std::uint32_t ip);

} // namespace hb::resources
