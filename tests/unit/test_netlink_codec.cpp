// IPVS netlink codec without a kernel: a request we encode, read back by the reply decoder,
// must give the same values (the kernel's replies use the same attribute layout). The real
// kernel checks are in tests/vm/scenarios/10-netlink.sh.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <cstring>
#include <linux/ip_vs.h>

#include "directord/ipvs/netlink_codec.hpp"

using namespace ipvs;

namespace {

constexpr int kFamily = 0x42;   // any generic-netlink family id

ServiceKey key(std::uint16_t proto, const char* ip, std::uint16_t port) {
    ServiceKey k;
    k.addr = *ha::Address::parse(ip);
    k.af = k.addr.family;
    k.protocol = proto;
    k.port = port;
    return k;
}

nlmsghdr* hdr(nl::Bytes& b) { return reinterpret_cast<nlmsghdr*>(b.data()); }

Service round_trip_service(const ServiceKey& k, const ServiceOpts& o) {
    nl::Bytes b;
    BOOST_REQUIRE(nl::encode_op(b, kFamily, 7, Op{Op::add_service, k, o, {}}));
    auto s = nl::decode_service(hdr(b));
    BOOST_REQUIRE(s);
    return *s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(netlink_codec)

BOOST_AUTO_TEST_CASE(request_header_carries_family_seq_and_ack) {
    nl::Bytes b;
    BOOST_REQUIRE(nl::encode_op(b, kFamily, 1234, Op{Op::del_service, key(IPPROTO_TCP, "10.0.0.1", 80), {}, {}}));
    BOOST_TEST(hdr(b)->nlmsg_type == kFamily);
    BOOST_TEST(hdr(b)->nlmsg_seq == 1234u);
    BOOST_TEST((hdr(b)->nlmsg_flags & (NLM_F_REQUEST | NLM_F_ACK)) == (NLM_F_REQUEST | NLM_F_ACK));
    BOOST_TEST(hdr(b)->nlmsg_len <= b.size());
}

BOOST_AUTO_TEST_CASE(ipv4_service_keeps_port_mask_flags_timeout) {
    ServiceOpts o;
    o.scheduler = "mh";
    o.flags = kFlagPersistent | kFlagSched1 | kFlagSched2;
    o.timeout = 300;
    o.netmask = 0xffffff00;
    auto k = key(IPPROTO_TCP, "10.0.0.1", 8080);
    auto s = round_trip_service(k, o);
    BOOST_TEST((s.key == k));
    BOOST_TEST((s.opts == o));
}

BOOST_AUTO_TEST_CASE(ipv6_default_netmask_goes_out_as_prefix_128) {
    ServiceOpts o;   // netmask 0xffffffff: the model's "whole address"
    auto s = round_trip_service(key(IPPROTO_UDP, "2001:db8::1", 53), o);
    BOOST_TEST(s.opts.netmask == 128u);
    o.netmask = 64;
    BOOST_TEST(round_trip_service(key(IPPROTO_SCTP, "2001:db8::1", 53), o).opts.netmask == 64u);
}

BOOST_AUTO_TEST_CASE(fwmark_key_is_canonical_and_hashed_flag_dropped) {
    ServiceKey k;
    k.af = AF_INET6;
    k.addr.family = AF_INET6;
    k.protocol = 0;
    k.fwmark = 9;
    ServiceOpts o;
    o.flags = kFlagOnePacket | kFlagHashed;
    o.netmask = 48;
    o.pe_name = "sip";
    auto s = round_trip_service(k, o);
    BOOST_TEST((s.key == k));
    BOOST_TEST(s.opts.flags == kFlagOnePacket);
    BOOST_TEST(s.opts.pe_name == "sip");
}

BOOST_AUTO_TEST_CASE(dest_round_trip_all_settings) {
    Dest d;
    d.key = {*ha::Address::parse("2001:db8:1::7"), 8443};
    d.fwd = Fwd::tunnel;
    d.weight = 0;
    d.u_threshold = 100;
    d.l_threshold = 10;
    nl::Bytes b;
    BOOST_REQUIRE(nl::encode_op(b, kFamily, 1, Op{Op::edit_dest, key(IPPROTO_TCP, "10.0.0.1", 80), {}, d}));
    auto got = nl::decode_dest(hdr(b), AF_INET);   // family attribute wins over the service's
    BOOST_REQUIRE(got);
    BOOST_TEST((got->key == d.key));
    BOOST_TEST(got->same_settings(d));
}

BOOST_AUTO_TEST_CASE(unencodable_scheduler_name_is_refused) {
    ServiceOpts o;
    o.scheduler = "a-scheduler-name-too-long";
    nl::Bytes b;
    BOOST_TEST(!nl::encode_op(b, kFamily, 1, Op{Op::add_service, key(IPPROTO_TCP, "10.0.0.1", 80), o, {}}));
    BOOST_TEST(b.empty());
}

BOOST_AUTO_TEST_SUITE_END()
