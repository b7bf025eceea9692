// IPVS generic-netlink messages <-> ipvs model values.
// Pure encoding and decoding, no socket: NetlinkKernel moves the bytes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <linux/netlink.h>

#include "directord/ipvs/model.hpp"
#include "directord/ipvs/stats.hpp"

namespace ipvs::nl {

// One netlink request as raw bytes (nlmsghdr first), ready to append to a send batch.
using Bytes = std::string;

// Request builders. `flags` are NLM_F_* beyond NLM_F_REQUEST (which is always set).
// Return false only when the op cannot be expressed (e.g. scheduler name too long).
bool encode_op(Bytes& out, int family, std::uint32_t seq, const Op& op);
void encode_get_services(Bytes& out, int family, std::uint32_t seq);
void encode_get_dests(Bytes& out, int family, std::uint32_t seq, const ServiceKey& svc);
void encode_command(Bytes& out, int family, std::uint32_t seq, std::uint8_t cmd, std::uint16_t flags);

// Reply decoders; nullopt when the message is not the expected kind or is malformed.
std::optional<Service> decode_service(nlmsghdr* nlh);
std::optional<Dest> decode_dest(nlmsghdr* nlh, int service_af);
// The counters of a service or destination reply (IPVS_*_ATTR_STATS64, else the older
// IPVS_*_ATTR_STATS with 32-bit counts and rates); nullopt when the reply has neither.
std::optional<Stats> decode_service_stats(nlmsghdr* nlh);
std::optional<Stats> decode_dest_stats(nlmsghdr* nlh);
// IPVS_CMD_GET_INFO reply: the kernel's IPVS version, "1.2.1".
std::optional<std::string> decode_info_version(nlmsghdr* nlh);

} // namespace ipvs::nl
