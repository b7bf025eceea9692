// IPVS sync-daemon requests and replies without a kernel, and `directord sync`'s argument
// parsing. The kernel's GET_DAEMON replies carry the same nested attributes as NEW_DAEMON, so
// a request we encode must decode back to the same daemon. The real kernel checks are in
// tests/vm/scenarios/50-sync-daemon.sh.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <linux/ip_vs.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "directord/daemon/sync_command.hpp"
#include "directord/ipvs/sync_codec.hpp"

using namespace ipvs::nl;

namespace {

constexpr int kFamily = 0x42;
nlmsghdr* hdr(Bytes& b) { return reinterpret_cast<nlmsghdr*>(b.data()); }

SyncDaemon daemon(SyncRole r, const char* ifn, std::uint32_t id) { return SyncDaemon{r, ifn, id}; }

// The nested daemon attributes of a message, as the kernel's parser would see them.
struct Parsed {
    std::uint8_t cmd = 0;
    nlattr* a[IPVS_DAEMON_ATTR_MAX + 1] = {};
};
Parsed parse(Bytes& b) {
    Parsed p;
    p.cmd = static_cast<genlmsghdr*>(nlmsg_data(hdr(b)))->cmd;
    nlattr* top[IPVS_CMD_ATTR_MAX + 1];
    BOOST_REQUIRE(genlmsg_parse(hdr(b), 0, top, IPVS_CMD_ATTR_MAX, nullptr) >= 0);
    if (top[IPVS_CMD_ATTR_DAEMON])
        BOOST_REQUIRE(nla_parse_nested(p.a, IPVS_DAEMON_ATTR_MAX, top[IPVS_CMD_ATTR_DAEMON], nullptr) >= 0);
    return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sync_codec)

BOOST_AUTO_TEST_CASE(new_daemon_carries_state_interface_and_id) {
    Bytes b;
    BOOST_REQUIRE(encode_new_daemon(b, kFamily, 9, daemon(SyncRole::backup, "eth1", 7)));
    BOOST_TEST(hdr(b)->nlmsg_type == kFamily);
    BOOST_TEST(hdr(b)->nlmsg_seq == 9u);
    BOOST_TEST((hdr(b)->nlmsg_flags & (NLM_F_REQUEST | NLM_F_ACK)) == (NLM_F_REQUEST | NLM_F_ACK));
    auto p = parse(b);
    BOOST_TEST(p.cmd == IPVS_CMD_NEW_DAEMON);
    BOOST_REQUIRE(p.a[IPVS_DAEMON_ATTR_STATE]);
    BOOST_TEST(nla_get_u32(p.a[IPVS_DAEMON_ATTR_STATE]) == static_cast<std::uint32_t>(IP_VS_STATE_BACKUP));
    BOOST_REQUIRE(p.a[IPVS_DAEMON_ATTR_MCAST_IFN]);
    BOOST_TEST(std::string(nla_get_string(p.a[IPVS_DAEMON_ATTR_MCAST_IFN])) == "eth1");
    BOOST_REQUIRE(p.a[IPVS_DAEMON_ATTR_SYNC_ID]);
    BOOST_TEST(nla_get_u32(p.a[IPVS_DAEMON_ATTR_SYNC_ID]) == 7u);
}

BOOST_AUTO_TEST_CASE(reply_decodes_to_the_daemon_asked_for) {
    for (auto d : {daemon(SyncRole::master, "hb", 0), daemon(SyncRole::backup, "enp0s31f6.100", 255)}) {
        Bytes b;
        BOOST_REQUIRE(encode_new_daemon(b, kFamily, 1, d));
        auto got = decode_daemon(hdr(b));
        BOOST_REQUIRE(got);
        BOOST_TEST((*got == d));
    }
}

BOOST_AUTO_TEST_CASE(del_daemon_names_only_the_role) {
    Bytes b;
    encode_del_daemon(b, kFamily, 3, SyncRole::master);
    auto p = parse(b);
    BOOST_TEST(p.cmd == IPVS_CMD_DEL_DAEMON);
    BOOST_REQUIRE(p.a[IPVS_DAEMON_ATTR_STATE]);
    BOOST_TEST(nla_get_u32(p.a[IPVS_DAEMON_ATTR_STATE]) == static_cast<std::uint32_t>(IP_VS_STATE_MASTER));
    BOOST_TEST(!p.a[IPVS_DAEMON_ATTR_MCAST_IFN]);
    BOOST_TEST(!decode_daemon(hdr(b)));   // no interface, no id: not a daemon record
}

BOOST_AUTO_TEST_CASE(get_daemons_is_a_dump_without_attributes) {
    Bytes b;
    encode_get_daemons(b, kFamily, 4);
    BOOST_TEST((hdr(b)->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP);
    auto p = parse(b);
    BOOST_TEST(p.cmd == IPVS_CMD_GET_DAEMON);
    BOOST_TEST(!decode_daemon(hdr(b)));
}

BOOST_AUTO_TEST_CASE(unexpressible_daemons_are_refused_with_a_reason) {
    Bytes b;
    BOOST_TEST(!encode_new_daemon(b, kFamily, 1, daemon(SyncRole::master, "", 1)));
    BOOST_TEST(!encode_new_daemon(b, kFamily, 1, daemon(SyncRole::master, "sixteen-chars-xx", 1)));
    BOOST_TEST(!encode_new_daemon(b, kFamily, 1, daemon(SyncRole::master, "eth0", 256)));
    BOOST_TEST(b.empty());
    BOOST_TEST(sync_daemon_problem(daemon(SyncRole::master, "sixteen-chars-xx", 1)).find("longer than 15") !=
               std::string::npos);
    BOOST_TEST(sync_daemon_problem(daemon(SyncRole::master, "eth0", 256)).find("over 255") != std::string::npos);
    BOOST_TEST(sync_daemon_problem(daemon(SyncRole::master, "fifteen-chars-x", 255)).empty());
}

BOOST_AUTO_TEST_CASE(reply_with_unknown_state_or_unterminated_name_is_malformed) {
    Bytes b;
    BOOST_REQUIRE(encode_new_daemon(b, kFamily, 1, daemon(SyncRole::master, "eth1", 1)));
    auto p = parse(b);
    // State 3 (both bits) is not a single daemon.
    *static_cast<std::uint32_t*>(nla_data(p.a[IPVS_DAEMON_ATTR_STATE])) = 3;
    BOOST_TEST(!decode_daemon(hdr(b)));
    *static_cast<std::uint32_t*>(nla_data(p.a[IPVS_DAEMON_ATTR_STATE])) = IP_VS_STATE_MASTER;
    BOOST_TEST(decode_daemon(hdr(b)).has_value());
    // Overwrite the name's NUL and padding: the name runs off its attribute.
    char* name = static_cast<char*>(nla_data(p.a[IPVS_DAEMON_ATTR_MCAST_IFN]));
    std::memset(name, 'x', static_cast<std::size_t>(nla_len(p.a[IPVS_DAEMON_ATTR_MCAST_IFN])));
    BOOST_TEST(!decode_daemon(hdr(b)));
}

BOOST_AUTO_TEST_CASE(sync_command_line) {
    using directord::parse_sync;
    using directord::SyncRequest;
    BOOST_TEST(directord::is_sync_command({"sync", "master", "eth1", "1"}));
    BOOST_TEST(!directord::is_sync_command({"sync", "start"}));   // a config file named "sync"
    BOOST_TEST(!directord::is_sync_command({"ldirectord.cf", "status"}));

    auto r = parse_sync({"backup", "eth1", "12"});
    BOOST_TEST(r.error == "");
    BOOST_TEST(r.action == SyncRequest::start);
    BOOST_TEST((r.daemon == SyncDaemon{SyncRole::backup, "eth1", 12}));

    r = parse_sync({"stop"});
    BOOST_TEST((r.action == SyncRequest::stop && !r.stop_role && r.error.empty()));
    r = parse_sync({"stop", "master"});
    BOOST_TEST((r.stop_role && *r.stop_role == SyncRole::master));
    BOOST_TEST(parse_sync({"status"}).action == SyncRequest::status);

    BOOST_TEST(parse_sync({"master", "eth1"}).error == "sync master needs INTERFACE and SYNCID");
    BOOST_TEST(parse_sync({"master", "eth1", "256"}).error == "sync: syncid '256' is not a number from 0 to 255");
    BOOST_TEST(parse_sync({"master", "eth1", "-1"}).error == "sync: syncid '-1' is not a number from 0 to 255");
    BOOST_TEST(parse_sync({"stop", "primary"}).error == "sync stop: unknown role 'primary' (master or backup)");
    BOOST_TEST(parse_sync({"status", "x"}).error == "sync status takes no arguments");
    BOOST_TEST(parse_sync({"master", "a-very-long-ifname", "1"}).error.find("longer than 15") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
