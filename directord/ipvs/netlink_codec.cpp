#include "directord/ipvs/netlink_codec.hpp"

#include <arpa/inet.h>
#include <cstring>
#include <memory>

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

// The kernel reads addresses as a 16-byte union nf_inet_addr whatever the family.
void put_addr(nl_msg* m, int attr, const ha::Address& a) {
    std::uint8_t buf[16] = {};
    std::memcpy(buf, a.bytes.data(), a.is_v6() ? 16 : 4);
    check(nla_put(m, attr, sizeof buf, buf));
}

void put_service_key(nl_msg* m, const ServiceKey& k) {
    check(nla_put_u16(m, IPVS_SVC_ATTR_AF, static_cast<std::uint16_t>(k.af)));
    if (k.is_fwmark()) {
        check(nla_put_u32(m, IPVS_SVC_ATTR_FWMARK, k.fwmark));
        return;
    }
    check(nla_put_u16(m, IPVS_SVC_ATTR_PROTOCOL, k.protocol));
    put_addr(m, IPVS_SVC_ATTR_ADDR, k.addr);
    check(nla_put_u16(m, IPVS_SVC_ATTR_PORT, htons(k.port)));   // the kernel wants it in network order
}

// IPv4 persistence mask travels as a big-endian mask; IPv6 as a plain prefix length (1..128).
std::uint32_t wire_netmask(int af, std::uint32_t netmask) {
    if (af == AF_INET6) return netmask == 0xffffffff ? 128 : netmask;   // the model's default: whole address
    return htonl(netmask);
}

bool put_service(nl_msg* m, const ServiceKey& k, const ServiceOpts* o) {
    nlattr* nest = nla_nest_start(m, IPVS_CMD_ATTR_SERVICE);
    if (!nest) throw std::bad_alloc();
    put_service_key(m, k);
    if (o) {
        if (o->scheduler.empty() || o->scheduler.size() >= IP_VS_SCHEDNAME_MAXLEN) return false;
        if (o->pe_name.size() >= IP_VS_PENAME_MAXLEN) return false;
        check(nla_put_string(m, IPVS_SVC_ATTR_SCHED_NAME, o->scheduler.c_str()));
        if (!o->pe_name.empty()) check(nla_put_string(m, IPVS_SVC_ATTR_PE_NAME, o->pe_name.c_str()));
        // Mask ~0 makes the kernel take every bit from us, so an edit can also clear flags.
        ip_vs_flags f{o->flags & ~kFlagHashed, ~0u};
        check(nla_put(m, IPVS_SVC_ATTR_FLAGS, sizeof f, &f));
        check(nla_put_u32(m, IPVS_SVC_ATTR_TIMEOUT, o->timeout));
        check(nla_put_u32(m, IPVS_SVC_ATTR_NETMASK, wire_netmask(k.af, o->netmask)));
    }
    nla_nest_end(m, nest);
    return true;
}

void put_dest(nl_msg* m, const Dest& d, bool full) {
    nlattr* nest = nla_nest_start(m, IPVS_CMD_ATTR_DEST);
    if (!nest) throw std::bad_alloc();
    put_addr(m, IPVS_DEST_ATTR_ADDR, d.key.addr);
    check(nla_put_u16(m, IPVS_DEST_ATTR_PORT, htons(d.key.port)));
    // Explicit family: lets an IPv6 real server sit behind an IPv4 tunnel service and back.
    check(nla_put_u16(m, IPVS_DEST_ATTR_ADDR_FAMILY, static_cast<std::uint16_t>(d.key.addr.family)));
    if (full) {
        check(nla_put_u32(m, IPVS_DEST_ATTR_FWD_METHOD, static_cast<std::uint32_t>(d.fwd)));
        check(nla_put_u32(m, IPVS_DEST_ATTR_WEIGHT, static_cast<std::uint32_t>(d.weight)));
        check(nla_put_u32(m, IPVS_DEST_ATTR_U_THRESH, d.u_threshold));
        check(nla_put_u32(m, IPVS_DEST_ATTR_L_THRESH, d.l_threshold));
    }
    nla_nest_end(m, nest);
}

// --- decoding -------------------------------------------------------------------------

template <class T>
std::optional<T> get(nlattr* a) {
    if (!a || nla_len(a) < static_cast<int>(sizeof(T))) return std::nullopt;
    T v;
    std::memcpy(&v, nla_data(a), sizeof v);
    return v;
}

std::optional<std::string> get_string(nlattr* a) {
    if (!a) return std::nullopt;
    const char* p = static_cast<const char*>(nla_data(a));
    return std::string(p, strnlen(p, static_cast<std::size_t>(nla_len(a))));
}

std::optional<ha::Address> get_addr(nlattr* a, int af) {
    if (!a || (af != AF_INET && af != AF_INET6)) return std::nullopt;
    int need = af == AF_INET6 ? 16 : 4;
    if (nla_len(a) < need) return std::nullopt;
    ha::Address addr;
    addr.family = af;
    std::memcpy(addr.bytes.data(), nla_data(a), static_cast<std::size_t>(need));
    return addr;
}

// The first-level attribute `which` of a reply, parsed one level down into tb.
template <int Max>
bool parse_nested(nlmsghdr* nlh, int which, nlattr* (&tb)[Max + 1]) {
    nlattr* top[IPVS_CMD_ATTR_MAX + 1];
    if (genlmsg_parse(nlh, 0, top, IPVS_CMD_ATTR_MAX, nullptr) < 0 || !top[which]) return false;
    return nla_parse_nested(tb, Max, top[which], nullptr) >= 0;
}

// One stats nest: 64-bit attributes throughout (STATS64), or the old layout where
// only the byte counts are 64-bit (STATS).
std::optional<Stats> decode_stats_nest(nlattr* nest, bool wide) {
    if (!nest) return std::nullopt;
    nlattr* a[IPVS_STATS_ATTR_MAX + 1];
    if (nla_parse_nested(a, IPVS_STATS_ATTR_MAX, nest, nullptr) < 0) return std::nullopt;
    auto num = [&](int attr, bool is64) -> std::uint64_t {
        if (is64) return get<std::uint64_t>(a[attr]).value_or(0);
        return get<std::uint32_t>(a[attr]).value_or(0);
    };
    Stats s;
    s.conns = num(IPVS_STATS_ATTR_CONNS, wide);
    s.inpkts = num(IPVS_STATS_ATTR_INPKTS, wide);
    s.outpkts = num(IPVS_STATS_ATTR_OUTPKTS, wide);
    s.inbytes = num(IPVS_STATS_ATTR_INBYTES, true);
    s.outbytes = num(IPVS_STATS_ATTR_OUTBYTES, true);
    s.cps = num(IPVS_STATS_ATTR_CPS, wide);
    s.inpps = num(IPVS_STATS_ATTR_INPPS, wide);
    s.outpps = num(IPVS_STATS_ATTR_OUTPPS, wide);
    s.inbps = num(IPVS_STATS_ATTR_INBPS, wide);
    s.outbps = num(IPVS_STATS_ATTR_OUTBPS, wide);
    return s;
}

} // namespace

std::optional<Stats> decode_service_stats(nlmsghdr* nlh) {
    nlattr* a[IPVS_SVC_ATTR_MAX + 1];
    if (!parse_nested<IPVS_SVC_ATTR_MAX>(nlh, IPVS_CMD_ATTR_SERVICE, a)) return std::nullopt;
    if (a[IPVS_SVC_ATTR_STATS64]) return decode_stats_nest(a[IPVS_SVC_ATTR_STATS64], true);
    return decode_stats_nest(a[IPVS_SVC_ATTR_STATS], false);
}

std::optional<Stats> decode_dest_stats(nlmsghdr* nlh) {
    nlattr* a[IPVS_DEST_ATTR_MAX + 1];
    if (!parse_nested<IPVS_DEST_ATTR_MAX>(nlh, IPVS_CMD_ATTR_DEST, a)) return std::nullopt;
    if (a[IPVS_DEST_ATTR_STATS64]) return decode_stats_nest(a[IPVS_DEST_ATTR_STATS64], true);
    return decode_stats_nest(a[IPVS_DEST_ATTR_STATS], false);
}

bool encode_op(Bytes& out, int family, std::uint32_t seq, const Op& op) {
    static constexpr std::uint8_t cmds[] = {IPVS_CMD_NEW_SERVICE, IPVS_CMD_SET_SERVICE,
                                            IPVS_CMD_DEL_SERVICE, IPVS_CMD_NEW_DEST,
                                            IPVS_CMD_SET_DEST,    IPVS_CMD_DEL_DEST};
    if (op.kind > Op::del_dest) return false;
    Msg m = start(family, seq, cmds[op.kind], NLM_F_ACK);
    bool svc_opts = op.kind == Op::add_service || op.kind == Op::edit_service;
    if (!put_service(m.get(), op.svc, svc_opts ? &op.opts : nullptr)) return false;
    if (op.kind == Op::add_dest || op.kind == Op::edit_dest) put_dest(m.get(), op.dest, true);
    if (op.kind == Op::del_dest) put_dest(m.get(), op.dest, false);
    finish(out, m);
    return true;
}

void encode_get_services(Bytes& out, int family, std::uint32_t seq) {
    finish(out, start(family, seq, IPVS_CMD_GET_SERVICE, NLM_F_DUMP));
}

void encode_get_dests(Bytes& out, int family, std::uint32_t seq, const ServiceKey& svc) {
    Msg m = start(family, seq, IPVS_CMD_GET_DEST, NLM_F_DUMP);
    put_service(m.get(), svc, nullptr);
    finish(out, m);
}

void encode_command(Bytes& out, int family, std::uint32_t seq, std::uint8_t cmd, std::uint16_t flags) {
    finish(out, start(family, seq, cmd, flags));
}

std::optional<Service> decode_service(nlmsghdr* nlh) {
    nlattr* a[IPVS_SVC_ATTR_MAX + 1];
    if (!parse_nested<IPVS_SVC_ATTR_MAX>(nlh, IPVS_CMD_ATTR_SERVICE, a)) return std::nullopt;
    Service s;
    auto af = get<std::uint16_t>(a[IPVS_SVC_ATTR_AF]);
    if (!af || (*af != AF_INET && *af != AF_INET6)) return std::nullopt;
    s.key.af = *af;
    if (auto mark = get<std::uint32_t>(a[IPVS_SVC_ATTR_FWMARK]); mark && *mark) {
        // Canonical fwmark key: no protocol, no port, the all-zero address of the family.
        s.key.fwmark = *mark;
        s.key.protocol = 0;
        s.key.addr.family = s.key.af;
    } else {
        auto proto = get<std::uint16_t>(a[IPVS_SVC_ATTR_PROTOCOL]);
        auto addr = get_addr(a[IPVS_SVC_ATTR_ADDR], s.key.af);
        auto port = get<std::uint16_t>(a[IPVS_SVC_ATTR_PORT]);
        if (!proto || !addr || !port) return std::nullopt;
        s.key.protocol = *proto;
        s.key.addr = *addr;
        s.key.port = ntohs(*port);
    }
    auto sched = get_string(a[IPVS_SVC_ATTR_SCHED_NAME]);
    auto flags = get<ip_vs_flags>(a[IPVS_SVC_ATTR_FLAGS]);
    auto timeout = get<std::uint32_t>(a[IPVS_SVC_ATTR_TIMEOUT]);
    auto netmask = get<std::uint32_t>(a[IPVS_SVC_ATTR_NETMASK]);
    if (!sched || !flags || !timeout || !netmask) return std::nullopt;
    s.opts.scheduler = *sched;
    s.opts.flags = flags->flags & ~kFlagHashed;
    s.opts.timeout = *timeout;
    s.opts.netmask = s.key.af == AF_INET6 ? *netmask : ntohl(*netmask);
    s.opts.pe_name = get_string(a[IPVS_SVC_ATTR_PE_NAME]).value_or("");
    return s;
}

std::optional<Dest> decode_dest(nlmsghdr* nlh, int service_af) {
    nlattr* a[IPVS_DEST_ATTR_MAX + 1];
    if (!parse_nested<IPVS_DEST_ATTR_MAX>(nlh, IPVS_CMD_ATTR_DEST, a)) return std::nullopt;
    int af = get<std::uint16_t>(a[IPVS_DEST_ATTR_ADDR_FAMILY]).value_or(static_cast<std::uint16_t>(service_af));
    auto addr = get_addr(a[IPVS_DEST_ATTR_ADDR], af);
    auto port = get<std::uint16_t>(a[IPVS_DEST_ATTR_PORT]);
    auto fwd = get<std::uint32_t>(a[IPVS_DEST_ATTR_FWD_METHOD]);
    auto weight = get<std::uint32_t>(a[IPVS_DEST_ATTR_WEIGHT]);
    if (!addr || !port || !fwd || !weight) return std::nullopt;
    Dest d;
    d.key.addr = *addr;
    d.key.port = ntohs(*port);
    d.fwd = static_cast<Fwd>(*fwd & IP_VS_CONN_F_FWD_MASK);
    d.weight = static_cast<std::int32_t>(*weight);
    d.u_threshold = get<std::uint32_t>(a[IPVS_DEST_ATTR_U_THRESH]).value_or(0);
    d.l_threshold = get<std::uint32_t>(a[IPVS_DEST_ATTR_L_THRESH]).value_or(0);
    d.active_conns = get<std::uint32_t>(a[IPVS_DEST_ATTR_ACTIVE_CONNS]).value_or(0);
    d.inactive_conns = get<std::uint32_t>(a[IPVS_DEST_ATTR_INACT_CONNS]).value_or(0);
    d.persist_conns = get<std::uint32_t>(a[IPVS_DEST_ATTR_PERSIST_CONNS]).value_or(0);
    return d;
}

std::optional<std::string> decode_info_version(nlmsghdr* nlh) {
    nlattr* top[IPVS_INFO_ATTR_MAX + 1];
    if (genlmsg_parse(nlh, 0, top, IPVS_INFO_ATTR_MAX, nullptr) < 0) return std::nullopt;
    auto v = get<std::uint32_t>(top[IPVS_INFO_ATTR_VERSION]);
    if (!v) return std::nullopt;
    return std::to_string((*v >> 16) & 0xff) + "." + std::to_string((*v >> 8) & 0xff) + "." +
           std::to_string(*v & 0xff);
}

} // namespace ipvs::nl
