// directord status: IPVS counters decoded from netlink replies built here byte by byte
// (as the kernel lays them out), the --stats/--rate layouts of ipvsadm, the health records
// of the status socket and the JSON view.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <cstdio>
#include <cstring>
#include <linux/ip_vs.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "directord/ipvs/netlink_codec.hpp"
#include "directord/status/health_report.hpp"
#include "directord/status/status_report.hpp"

using namespace ipvs;

namespace {

ServiceKey tcp_key(const char* ip, std::uint16_t port) {
    ServiceKey k;
    k.addr = *ha::Address::parse(ip);
    k.af = k.addr.family;
    k.protocol = IPPROTO_TCP;
    k.port = port;
    return k;
}

// A kernel reply to IPVS_CMD_GET_SERVICE / GET_DEST carrying one stats nest.
struct Reply {
    nl_msg* m = nlmsg_alloc();
    ~Reply() { nlmsg_free(m); }
    nlmsghdr* hdr() { return nlmsg_hdr(m); }
};

void put_stats(nl_msg* m, int attr, bool wide, const Stats& s) {
    nlattr* n = nla_nest_start(m, attr);
    auto put = [&](int a, std::uint64_t v, bool is64) {
        if (is64) nla_put_u64(m, a, v);
        else nla_put_u32(m, a, std::uint32_t(v));
    };
    put(IPVS_STATS_ATTR_CONNS, s.conns, wide);
    put(IPVS_STATS_ATTR_INPKTS, s.inpkts, wide);
    put(IPVS_STATS_ATTR_OUTPKTS, s.outpkts, wide);
    put(IPVS_STATS_ATTR_INBYTES, s.inbytes, true);
    put(IPVS_STATS_ATTR_OUTBYTES, s.outbytes, true);
    put(IPVS_STATS_ATTR_CPS, s.cps, wide);
    put(IPVS_STATS_ATTR_INPPS, s.inpps, wide);
    put(IPVS_STATS_ATTR_OUTPPS, s.outpps, wide);
    put(IPVS_STATS_ATTR_INBPS, s.inbps, wide);
    put(IPVS_STATS_ATTR_OUTBPS, s.outbps, wide);
    nla_nest_end(m, n);
}

void service_reply(Reply& r, const Stats* s32, const Stats* s64) {
    genlmsg_put(r.m, 0, 1, 0x42, 0, 0, IPVS_CMD_NEW_SERVICE, IPVS_GENL_VERSION);
    nlattr* svc = nla_nest_start(r.m, IPVS_CMD_ATTR_SERVICE);
    nla_put_u16(r.m, IPVS_SVC_ATTR_AF, AF_INET);
    nla_put_u16(r.m, IPVS_SVC_ATTR_PROTOCOL, IPPROTO_TCP);
    std::uint8_t addr[16] = {10, 0, 0, 1};
    nla_put(r.m, IPVS_SVC_ATTR_ADDR, sizeof addr, addr);
    nla_put_u16(r.m, IPVS_SVC_ATTR_PORT, htons(80));
    nla_put_string(r.m, IPVS_SVC_ATTR_SCHED_NAME, "wlc");
    ip_vs_flags f{0, ~0u};
    nla_put(r.m, IPVS_SVC_ATTR_FLAGS, sizeof f, &f);
    nla_put_u32(r.m, IPVS_SVC_ATTR_TIMEOUT, 0);
    nla_put_u32(r.m, IPVS_SVC_ATTR_NETMASK, 0xffffffff);
    if (s32) put_stats(r.m, IPVS_SVC_ATTR_STATS, false, *s32);
    if (s64) put_stats(r.m, IPVS_SVC_ATTR_STATS64, true, *s64);
    nla_nest_end(r.m, svc);
}

Stats sample(std::uint64_t base) {
    return Stats{base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7, base + 8, base + 9, base + 10};
}

} // namespace

BOOST_AUTO_TEST_SUITE(status_stats)

BOOST_AUTO_TEST_CASE(service_stats64_preferred_over_stats) {
    Reply r;
    Stats old32 = sample(100), wide = sample(5'000'000'000ULL);
    service_reply(r, &old32, &wide);
    auto svc = nl::decode_service(r.hdr());
    BOOST_REQUIRE(svc);
    BOOST_TEST((svc->key == tcp_key("10.0.0.1", 80)));
    auto s = nl::decode_service_stats(r.hdr());
    BOOST_REQUIRE(s);
    BOOST_TEST((*s == wide));
}

BOOST_AUTO_TEST_CASE(old_kernels_stats_nest_read_with_32_bit_counts) {
    Reply r;
    Stats s32 = sample(1000);
    s32.inbytes = 7'000'000'000ULL;   // bytes are 64-bit even in the old nest
    service_reply(r, &s32, nullptr);
    auto s = nl::decode_service_stats(r.hdr());
    BOOST_REQUIRE(s);
    BOOST_TEST((*s == s32));
    Reply none;
    service_reply(none, nullptr, nullptr);
    BOOST_TEST(!nl::decode_service_stats(none.hdr()));
}

BOOST_AUTO_TEST_CASE(dest_stats_decoded) {
    Reply r;
    genlmsg_put(r.m, 0, 1, 0x42, 0, 0, IPVS_CMD_NEW_DEST, IPVS_GENL_VERSION);
    nlattr* d = nla_nest_start(r.m, IPVS_CMD_ATTR_DEST);
    std::uint8_t addr[16] = {10, 0, 0, 2};
    nla_put(r.m, IPVS_DEST_ATTR_ADDR, sizeof addr, addr);
    nla_put_u16(r.m, IPVS_DEST_ATTR_PORT, htons(8080));
    nla_put_u32(r.m, IPVS_DEST_ATTR_FWD_METHOD, IP_VS_CONN_F_MASQ);
    nla_put_u32(r.m, IPVS_DEST_ATTR_WEIGHT, 3);
    Stats s = sample(40);
    put_stats(r.m, IPVS_DEST_ATTR_STATS64, true, s);
    nla_nest_end(r.m, d);
    auto dest = nl::decode_dest(r.hdr(), AF_INET);
    BOOST_REQUIRE(dest);
    BOOST_TEST(dest->weight == 3);
    auto got = nl::decode_dest_stats(r.hdr());
    BOOST_REQUIRE(got);
    BOOST_TEST((*got == s));
}

BOOST_AUTO_TEST_CASE(large_numbers_as_ipvsadm_prints_them) {
    BOOST_TEST(directord::large_number(0) == "        0");
    BOOST_TEST(directord::large_number(99'999'999) == " 99999999");
    BOOST_TEST(directord::large_number(100'000'000) == "  100000K");
    BOOST_TEST(directord::large_number(1'234'567'890) == "    1234M");
    BOOST_TEST(directord::large_number(123'456'789'012ULL) == "     123G");
    BOOST_TEST(directord::large_number(123'456'789'012'345ULL) == "     123T");
}

BOOST_AUTO_TEST_CASE(stats_and_rate_layouts_match_ipvsadm_with_state_beside) {
    Table t;
    auto k = tcp_key("10.0.0.1", 80);
    Service svc{k, {}, {}};
    Dest a;
    a.key = {*ha::Address::parse("10.0.0.2"), 80};
    Dest b;
    b.key = {*ha::Address::parse("10.0.0.3"), 80};
    svc.dests[a.key] = a;
    svc.dests[b.key] = b;
    t[k] = svc;
    TableStats st;
    st.services[k] = Stats{12, 340, 0, 23456, 0, 2, 30, 0, 2048, 0};
    st.dests[{k, a.key}] = Stats{12, 340, 0, 23456, 0, 2, 30, 0, 2048, 0};
    std::vector<directord::status::RealHealth> h = {
        {"tcp 10.0.0.1:80", "10.0.0.2:80", "up", "up", 1200, "HTTP/1.1 200 OK"},
        {"tcp 10.0.0.1:80", "10.0.0.3:80", "quiescent", "down", 300, "connect: Connection refused"}};
    // ipvsadm -Ln --stats: "%-33s %8s ..." title, "%-33s" + 9-wide numbers per service,
    // "  -> %-28s" + 9-wide numbers per destination.
    std::string want =
        "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes  State\n"
        "  -> RemoteAddress:Port\n"
        "TCP  10.0.0.1:80                        12      340        0    23456        0\n"
        "  -> 10.0.0.2:80                        12      340        0    23456        0  up\n"
        "  -> 10.0.0.3:80                         0        0        0        0        0  quiescent\n";
    BOOST_TEST(directord::stats_report(t, st, &h, directord::StatsLayout::stats) == want);
    std::string rate =
        "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS  State\n"
        "  -> RemoteAddress:Port\n"
        "TCP  10.0.0.1:80                         2       30        0     2048        0\n"
        "  -> 10.0.0.2:80                         2       30        0     2048        0  up\n"
        "  -> 10.0.0.3:80                         0        0        0        0        0  quiescent\n";
    BOOST_TEST(directord::stats_report(t, st, &h, directord::StatsLayout::rate) == rate);
    // Without a daemon: numbers, state unknown.
    auto nodaemon = directord::stats_report(t, st, nullptr, directord::StatsLayout::stats);
    BOOST_TEST(nodaemon.find("0  unknown\n") != std::string::npos, nodaemon);
}

BOOST_AUTO_TEST_CASE(health_records_round_trip_and_reject_garbage) {
    using directord::status::RealHealth;
    std::vector<RealHealth> recs = {
        {"tcp 10.0.0.1:80", "10.0.0.2:80", "up", "up", 1234, "HTTP/1.1 200 OK"},
        {"tcp 10.0.0.1:80", "10.0.0.3:80", "pending", "", -1, ""},
        {"fwm 5", "10.0.0.4:0", "down", "down", 0, "tab\there"}};
    auto text = directord::status::encode_health(recs);
    auto back = directord::status::decode_health(text);
    BOOST_REQUIRE(back);
    BOOST_TEST(back->size() == 3u);
    BOOST_TEST(((*back)[0] == recs[0]));
    BOOST_TEST(((*back)[1] == recs[1]));
    BOOST_TEST((*back)[2].reason == "tab here");   // a record stays one line of 6 fields
    BOOST_TEST(!directord::status::decode_health("ERR permission denied: root only\n"));
    BOOST_TEST(!directord::status::decode_health("directord-health 1\na\tb\tc\n"));
    BOOST_TEST(!directord::status::decode_health("directord-health 1\na\tb\tc\td\tx12\tf\n"));
    BOOST_TEST(directord::status::format_age(1234) == "1.2s ago");
    BOOST_TEST(directord::status::format_age(185'000) == "3m05s ago");
    BOOST_TEST(directord::status::format_age(7'800'000) == "2h10m ago");
}

BOOST_AUTO_TEST_CASE(status_lines_show_daemon_state_not_weight) {
    Table t;
    auto k = tcp_key("10.0.0.1", 80);
    Service svc{k, {}, {}};
    Dest a;
    a.key = {*ha::Address::parse("10.0.0.2"), 80};
    a.weight = 0;   // configured weight 0 and up: not "quiescent"
    svc.dests[a.key] = a;
    t[k] = svc;
    std::vector<directord::status::RealHealth> h = {
        {"tcp 10.0.0.1:80", "10.0.0.2:80", "up", "up", 2500, "HTTP/1.1 200 OK"}};
    auto out = directord::status_report(t, nullptr, &h);
    BOOST_TEST(out.find("  -> 10.0.0.2:80                  Route   0      0          0          up          up 2.5s ago: HTTP/1.1 200 OK\n") !=
                   std::string::npos,
               out);
    auto unknown = directord::status_report(t, nullptr, nullptr);
    BOOST_TEST(unknown.find("states unknown") != std::string::npos, unknown);
    auto json = directord::json_report({true, 42, "/etc/ha.d/ldirectord.cf"}, t, nullptr, &h, nullptr);
    BOOST_TEST(json.find("\"running\":true,\"pid\":42") != std::string::npos, json);
    BOOST_TEST(json.find("\"address\":\"10.0.0.2:80\",\"in_table\":true,\"forward\":\"Route\",\"weight\":0") != std::string::npos, json);
    BOOST_TEST(json.find("\"state\":\"up\",\"last_check\":{\"result\":\"up\",\"age_ms\":2500,\"reason\":\"HTTP/1.1 200 OK\"}") !=
                   std::string::npos,
               json);
}

BOOST_AUTO_TEST_SUITE_END()
