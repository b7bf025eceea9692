#include "directord/ipvs/sync_codec.hpp"

#include <cstring>
#include <memory>
#include <new>

#include "directord/ipvs/genl_request.hpp"

#include <linux/ip_vs.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

namespace ipvs::nl {
namespace {

using request::Msg;
using request::check;
using request::finish;
using request::start;

} // namespace

std::optional<SyncRole> parse_sync_role(const std::string& word) {
    if (word == "master") return SyncRole::master;
    if (word == "backup") return SyncRole::backup;
    return std::nullopt;
}

const char* sync_role_name(SyncRole r) { return r == SyncRole::master ? "master" : "backup"; }

std::string sync_daemon_problem(const SyncDaemon& d) {
    if (d.interface.empty()) return "no interface given";
    // The kernel keeps the name in a char[IP_VS_IFNAME_MAXLEN] (16) with its terminating NUL.
    if (d.interface.size() >= IP_VS_IFNAME_MAXLEN)
        return "interface name '" + d.interface + "' is longer than " + std::to_string(IP_VS_IFNAME_MAXLEN - 1) +
               " characters";
    if (d.interface.find('/') != std::string::npos || d.interface.find('\0') != std::string::npos)
        return "'" + d.interface + "' is not an interface name";
    // The sync message header carries the id in one byte.
    if (d.syncid > 255) return "sync id " + std::to_string(d.syncid) + " is over 255";
    return {};
}

bool encode_new_daemon(Bytes& out, int family, std::uint32_t seq, const SyncDaemon& d) {
    if (!sync_daemon_problem(d).empty()) return false;
    Msg m = start(family, seq, IPVS_CMD_NEW_DAEMON, NLM_F_ACK);
    nlattr* nest = nla_nest_start(m.get(), IPVS_CMD_ATTR_DAEMON);
    if (!nest) throw std::bad_alloc();
    check(nla_put_u32(m.get(), IPVS_DAEMON_ATTR_STATE, static_cast<std::uint32_t>(d.role)));
    check(nla_put_string(m.get(), IPVS_DAEMON_ATTR_MCAST_IFN, d.interface.c_str()));
    check(nla_put_u32(m.get(), IPVS_DAEMON_ATTR_SYNC_ID, d.syncid));
    nla_nest_end(m.get(), nest);
    finish(out, m);
    return true;
}

void encode_del_daemon(Bytes& out, int family, std::uint32_t seq, SyncRole role) {
    Msg m = start(family, seq, IPVS_CMD_DEL_DAEMON, NLM_F_ACK);
    nlattr* nest = nla_nest_start(m.get(), IPVS_CMD_ATTR_DAEMON);
    if (!nest) throw std::bad_alloc();
    check(nla_put_u32(m.get(), IPVS_DAEMON_ATTR_STATE, static_cast<std::uint32_t>(role)));
    nla_nest_end(m.get(), nest);
    finish(out, m);
}

void encode_get_daemons(Bytes& out, int family, std::uint32_t seq) {
    finish(out, start(family, seq, IPVS_CMD_GET_DAEMON, NLM_F_DUMP));
}

std::optional<SyncDaemon> decode_daemon(nlmsghdr* nlh) {
    nlattr* top[IPVS_CMD_ATTR_MAX + 1];
    if (genlmsg_parse(nlh, 0, top, IPVS_CMD_ATTR_MAX, nullptr) < 0 || !top[IPVS_CMD_ATTR_DAEMON])
        return std::nullopt;
    nlattr* a[IPVS_DAEMON_ATTR_MAX + 1];
    if (nla_parse_nested(a, IPVS_DAEMON_ATTR_MAX, top[IPVS_CMD_ATTR_DAEMON], nullptr) < 0) return std::nullopt;
    nlattr* state = a[IPVS_DAEMON_ATTR_STATE];
    nlattr* ifn = a[IPVS_DAEMON_ATTR_MCAST_IFN];
    nlattr* id = a[IPVS_DAEMON_ATTR_SYNC_ID];
    if (!state || !ifn || !id || nla_len(state) < 4 || nla_len(id) < 4) return std::nullopt;
    SyncDaemon d;
    std::uint32_t s = nla_get_u32(state);
    if (s != IP_VS_STATE_MASTER && s != IP_VS_STATE_BACKUP) return std::nullopt;
    d.role = static_cast<SyncRole>(s);
    const char* p = static_cast<const char*>(nla_data(ifn));
    std::size_t n = strnlen(p, static_cast<std::size_t>(nla_len(ifn)));
    if (n == static_cast<std::size_t>(nla_len(ifn))) return std::nullopt;   // not NUL-terminated
    d.interface.assign(p, n);
    d.syncid = nla_get_u32(id);
    if (!sync_daemon_problem(d).empty()) return std::nullopt;
    return d;
}

} // namespace ipvs::nl
