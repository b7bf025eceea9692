// The IPVS table as plain values: what the kernel holds, or what we want it to hold.
// Pure data; the reconciler diffs two of these, the netlink layer reads and writes them.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>
#include <netinet/in.h>

#include "lib/address.hpp"

namespace ipvs {

// Kernel IP_VS_CONN_F_* forwarding values.
enum class Fwd : std::uint8_t { masq = 0, local = 1, tunnel = 2, route = 3 };
const char* fwd_name(Fwd f);         // Masq, Local, Tunnel, Route (ipvsadm -L)
const char* fwd_flag(Fwd f);         // -m, -g, -i (ipvsadm -a)

// Kernel IP_VS_SVC_F_* flags we manage.
inline constexpr std::uint32_t kFlagPersistent = 0x0001;
inline constexpr std::uint32_t kFlagHashed = 0x0002;     // set by the kernel, ignored in diffs
inline constexpr std::uint32_t kFlagOnePacket = 0x0004;
inline constexpr std::uint32_t kFlagSched1 = 0x0008;     // sh-fallback / mh-fallback
inline constexpr std::uint32_t kFlagSched2 = 0x0010;     // sh-port / mh-port
inline constexpr std::uint32_t kFlagSched3 = 0x0020;
inline constexpr std::uint32_t kFlagsManaged =
    kFlagPersistent | kFlagOnePacket | kFlagSched1 | kFlagSched2 | kFlagSched3;

struct ServiceKey {
    int af = AF_INET;                 // AF_INET / AF_INET6
    std::uint16_t protocol = IPPROTO_TCP; // TCP, UDP, SCTP; 0 for fwmark services
    ha::Address addr;                 // unspecified for fwmark services
    std::uint16_t port = 0;
    std::uint32_t fwmark = 0;         // non-zero: a firewall-mark service

    bool is_fwmark() const { return fwmark != 0; }
    auto operator<=>(const ServiceKey&) const = default;
};

struct ServiceOpts {
    std::string scheduler = "wlc";
    std::uint32_t flags = 0;          // kFlag* (kFlagHashed masked out)
    std::uint32_t timeout = 0;        // persistence timeout, seconds
    std::uint32_t netmask = 0xffffffff; // IPv4: mask in host order; IPv6: prefix length
    std::string pe_name;              // persistence engine ("sip"), usually empty

    auto operator<=>(const ServiceOpts&) const = default;
};

struct DestKey {
    ha::Address addr;
    std::uint16_t port = 0;
    auto operator<=>(const DestKey&) const = default;
};

struct Dest {
    DestKey key;
    Fwd fwd = Fwd::route;
    std::int32_t weight = 1;
    std::uint32_t u_threshold = 0;
    std::uint32_t l_threshold = 0;
    // Read-only counters filled by a dump; never compared.
    std::uint32_t active_conns = 0, inactive_conns = 0, persist_conns = 0;

    // Everything the kernel lets us set (not the counters).
    bool same_settings(const Dest& o) const {
        return fwd == o.fwd && weight == o.weight && u_threshold == o.u_threshold &&
               l_threshold == o.l_threshold;
    }
};

struct Service {
    ServiceKey key;
    ServiceOpts opts;
    std::map<DestKey, Dest> dests;
};

using Table = std::map<ServiceKey, Service>;

// One change to the kernel table. Ops carry full values, so each is self-contained.
struct Op {
    enum Kind : std::uint8_t { add_service, edit_service, del_service, add_dest, edit_dest, del_dest };
    Kind kind;
    ServiceKey svc;
    ServiceOpts opts;   // add_service, edit_service
    Dest dest;          // *_dest
};

// "tcp 10.0.0.1:80", "fwm 5", "fwm6 5", "udp [::1]:53"
std::string service_str(const ServiceKey& k);
// The ipvsadm command line equivalent of an op (for logs and dry runs).
std::string op_str(const Op& op);
// `ipvsadm -S -n` rendering of a table: one line per service and destination, sorted.
std::string save_format(const Table& t);
// `ipvsadm -L -n` rendering.
std::string list_format(const Table& t);

// Apply one op to an in-memory table with the kernel's error semantics.
// Returns 0 or a positive errno (EEXIST, ENOENT, ESRCH ...).
int apply_op(Table& t, const Op& op);

} // namespace ipvs
