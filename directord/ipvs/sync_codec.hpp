// The kernel's IPVS connection-sync daemon over generic netlink: requests and replies.
// Pure encoding and decoding, no socket (NetlinkKernel moves the bytes).
//
// A director running the "master" daemon multicasts its connection table changes on one
// interface; a "backup" daemon with the same sync id on the peer director inserts them into
// its own table, so established connections keep their real server after a failover.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <linux/netlink.h>

#include "directord/ipvs/netlink_codec.hpp"

namespace ipvs::nl {

enum class SyncRole : std::uint32_t { master = 1, backup = 2 };   // IP_VS_STATE_MASTER / _BACKUP

struct SyncDaemon {
    SyncRole role = SyncRole::master;
    std::string interface;     // multicast interface, e.g. "eth1"
    std::uint32_t syncid = 0;  // 0..255; a backup only takes messages carrying its id
    bool operator==(const SyncDaemon&) const = default;
};

// "master" / "backup" <-> role; nullopt for anything else.
std::optional<SyncRole> parse_sync_role(const std::string& word);
const char* sync_role_name(SyncRole r);

// Why a daemon cannot be asked for (empty interface, a name the kernel cannot hold,
// a sync id over 255); empty when it can.
std::string sync_daemon_problem(const SyncDaemon& d);

// IPVS_CMD_NEW_DAEMON with state, interface and sync id; false when sync_daemon_problem() says so.
bool encode_new_daemon(Bytes& out, int family, std::uint32_t seq, const SyncDaemon& d);
// IPVS_CMD_DEL_DAEMON for the daemon of that role.
void encode_del_daemon(Bytes& out, int family, std::uint32_t seq, SyncRole role);
// IPVS_CMD_GET_DAEMON: a dump, one reply per running daemon.
void encode_get_daemons(Bytes& out, int family, std::uint32_t seq);

// One GET_DAEMON reply (the kernel answers with IPVS_CMD_NEW_DAEMON messages carrying the
// same nested attributes as the request). nullopt when malformed.
std::optional<SyncDaemon> decode_daemon(nlmsghdr* nlh);

} // namespace ipvs::nl
