// heartbeatd's own takeover of IPaddr2/IPaddr addresses: the argument as resource.d/IPaddr2
// reads it, where the address lands (findif), the gratuitous ARP frame, the ARP train
// settings, and how a group start uses the takeover (status skipped, script still decides).
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeatd/resources/address_spec.hpp"
#include "heartbeatd/resources/group_runner.hpp"
#include "heartbeatd/resources/recording_runner.hpp"

using namespace hb::resources;
namespace asio = boost::asio;

namespace {

std::uint32_t ip(int a, int b, int c, int d) {
    return (std::uint32_t(a) << 24) | (std::uint32_t(b) << 16) | (std::uint32_t(c) << 8) | std::uint32_t(d);
}

AddressSpec spec(const std::string& s) {
    std::string why;
    auto r = parse_address_spec(s, why);
    BOOST_TEST_REQUIRE(r.has_value(), s << ": " << why);
    return *r;
}

std::string rejected(const std::string& s) {
    std::string why;
    auto r = parse_address_spec(s, why);
    BOOST_TEST(!r.has_value(), s);
    return why;
}

} // namespace

BOOST_AUTO_TEST_SUITE(hb_address_takeover)

BOOST_AUTO_TEST_CASE(spec_forms_of_ipaddr2) {
    auto a = spec("192.168.77.100");
    BOOST_TEST(a.ip == ip(192, 168, 77, 100));
    BOOST_TEST(!a.prefix.has_value());
    BOOST_TEST(a.nic.empty());
    auto b = spec("10.0.0.5/24/eth1");
    BOOST_TEST(*b.prefix == 24);
    BOOST_TEST(b.nic == "eth1");
    BOOST_TEST(b.label.empty());
    auto c = spec("10.0.0.5/24/eth1:vip/10.0.0.127");
    BOOST_TEST(c.nic == "eth1");
    BOOST_TEST(c.label == "eth1:vip");
    BOOST_TEST(*c.broadcast == ip(10, 0, 0, 127));
    auto d = spec("10.0.0.5/25/10.0.0.127");   // a third part starting with a digit: broadcast
    BOOST_TEST(d.nic.empty());
    BOOST_TEST(*d.broadcast == ip(10, 0, 0, 127));
    auto e = spec("10.0.0.5//eth0");
    BOOST_TEST(!e.prefix.has_value());
    BOOST_TEST(e.nic == "eth0");
}

BOOST_AUTO_TEST_CASE(bad_specs_say_why) {
    BOOST_TEST(rejected("10.0.0") == "bad address 10.0.0");
    BOOST_TEST(rejected("10.0.0.256/24") == "bad address 10.0.0.256");
    BOOST_TEST(rejected("10.0.0.1/33") == "bad prefix 33");
    BOOST_TEST(rejected("10.0.0.1/x") == "bad prefix x");
    BOOST_TEST(rejected("10.0.0.1/24/eth0/10.0.0") == "bad broadcast address 10.0.0");
    BOOST_TEST(rejected("a/b/c/d/e").find("four") != std::string::npos);
    rejected("1.2.3.4.5");
    rejected("-1.2.3.4");
}

BOOST_AUTO_TEST_CASE(placement_follows_findif_and_the_script_defaults) {
    std::vector<InterfaceAddress> cfg = {{"lo", ip(127, 0, 0, 1), 8}, {"eth0", ip(192, 168, 77, 1), 24},
                                         {"eth1", ip(10, 1, 0, 1), 16}};
    std::string why;
    auto p = place_address(spec("192.168.77.100"), cfg, why);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->nic == "eth0");
    BOOST_TEST(p->prefix == 24);   // the network's prefix when none is written
    BOOST_TEST(*p->broadcast == ip(192, 168, 77, 255));
    auto q = place_address(spec("10.1.200.3/28"), cfg, why);
    BOOST_TEST(q->nic == "eth1");
    BOOST_TEST(q->prefix == 28);
    BOOST_TEST(*q->broadcast == ip(10, 1, 200, 15));
    auto r = place_address(spec("172.16.0.1//eth9"), cfg, why);   // nic written: no lookup, /32
    BOOST_TEST(r->nic == "eth9");
    BOOST_TEST(r->prefix == 32);
    BOOST_TEST(!r->broadcast.has_value());
    auto s = place_address(spec("10.9.0.1/31/eth1"), cfg, why);
    BOOST_TEST(!s->broadcast.has_value());   // /31 and /32 have none
    auto t = place_address(spec("10.9.0.1/24/eth1/10.9.0.200"), cfg, why);
    BOOST_TEST(*t->broadcast == ip(10, 9, 0, 200));
    BOOST_TEST(!place_address(spec("172.16.0.1"), cfg, why).has_value());
    BOOST_TEST(why == "no interface has a network containing 172.16.0.1");
}

BOOST_AUTO_TEST_CASE(gratuitous_arp_layout) {
    auto f = gratuitous_arp({0x02, 0x11, 0x22, 0x33, 0x44, 0x55}, ip(192, 168, 77, 100));
    std::vector<std::uint8_t> want = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x06,   // Ethernet, ARP
        0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,             // Ethernet/IPv4, request
        0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 192, 168, 77, 100,  // sender: our MAC, the address
        0, 0, 0, 0, 0, 0, 192, 168, 77, 100};                 // target: the address itself
    BOOST_TEST(f == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(arp_train_and_switch_from_the_environment) {
    ArpTrain d{5, std::chrono::milliseconds(200)};
    auto t = arp_train({"HA_ARP_COUNT=3", "HA_OTHER=1", "HA_ARP_INTERVAL_MS=50"}, d);
    BOOST_TEST(t.count == 3);
    BOOST_TEST(t.interval.count() == 50);
    auto u = arp_train({"HA_ARP_COUNT=x", "HA_ARP_COUNTER=9"}, d);
    BOOST_TEST(u.count == 5);
    BOOST_TEST(u.interval.count() == 200);
    BOOST_TEST(native_takeover_enabled({}));
    BOOST_TEST(native_takeover_enabled({"HA_NATIVE_TAKEOVER=yes"}));
    BOOST_TEST(!native_takeover_enabled({"HA_NATIVE_TAKEOVER=No"}));
    BOOST_TEST(!native_takeover_enabled({"HA_NATIVE_TAKEOVER=off"}));
    BOOST_TEST(dotted(ip(10, 0, 255, 1)) == "10.0.255.1");
}

BOOST_AUTO_TEST_CASE(only_scripts_that_declare_the_marker) {
    BOOST_TEST(declares_native_takeover("#!/bin/sh\n# heartbeatd: native-takeover\nexit 0\n"));
    BOOST_TEST(declares_native_takeover("# heartbeatd: native-takeover"));
    BOOST_TEST(declares_native_takeover("#!/bin/sh\n# heartbeatd: native-takeover (the daemon adds the address)\n"));
    BOOST_TEST(!declares_native_takeover("#!/bin/sh\n# OCF wrapper\n"));
    BOOST_TEST(!declares_native_takeover("echo '# heartbeatd: native-takeover'\n"));   // not at a line start
    BOOST_TEST(!declares_native_takeover("# heartbeatd: native-takeovers\n"));
    std::string late(kMarkerWindow, '#');
    BOOST_TEST(!declares_native_takeover(late + "\n# heartbeatd: native-takeover\n"));   // beyond the head
}

namespace {

struct FakeTakeover : AddressTakeover {
    Result answer = Result::added;
    std::vector<std::string> asked;
    Result take(const hb::config::Resource& r, const std::string& script, std::string& detail) override {
        asked.push_back(r.str());
        BOOST_TEST(script.substr(script.rfind('/') + 1) == r.script);
        if (r.script != "IPaddr2") return Result::not_handled;
        detail = answer == Result::failed ? "EPERM" : "10.0.0.10/24 added to eth0";
        return answer;
    }
};

// Group "r1 IPaddr2::10.0.0.10/24/eth0 r2" over a recording runner (scripts exist, never run).
struct Group {
    char tmpl[32] = "/tmp/hbaddr-XXXXXX";
    std::string dir = mkdtemp(tmpl);
    asio::io_context io;
    std::vector<std::string> calls, logs;
    std::string fail;   // "script action" that exits 1
    RecordingRunner rec{io.get_executor(), [this](const ScriptCall& c) {
        std::string call = c.argv.front().substr(c.argv.front().rfind('/') + 1) + " " + c.argv.back();
        ScriptOutcome o;
        o.end = ScriptOutcome::End::exited;
        o.code = call == fail ? 1 : 0;
        if (c.argv.back() == "status") o.out = "stopped";
        calls.push_back(call);
        return o;
    }};
    Group() {
        for (auto n : {"r1", "r2", "IPaddr2"}) {
            std::string p = dir + "/" + n;
            if (FILE* f = std::fopen(p.c_str(), "w")) std::fclose(f);
            chmod(p.c_str(), 0755);
        }
    }
    ~Group() {
        for (auto n : {"r1", "r2", "IPaddr2"}) std::remove((dir + "/" + n).c_str());
        rmdir(dir.c_str());
    }
    std::optional<bool> start(FakeTakeover& t) {
        ResourceEnv env;
        env.script_dirs = {dir};
        auto hr = hb::config::parse_haresources("nodea r1 IPaddr2::10.0.0.10/24/eth0 r2\n");
        GroupRunner g(io.get_executor(), rec, env, hr.groups,
                      [this](GroupRunner::Level, const std::string& s) { logs.push_back(s); });
        g.set_address_takeover(&t);
        std::optional<bool> ok;
        g.start("r1", [&](bool b) { ok = b; });
        io.run();
        return ok;
    }
    std::string joined() const {
        std::string s;
        for (auto& c : calls) s += c + ";";
        return s;
    }
    bool logged(const std::string& s) const {
        for (auto& l : logs)
            if (l.find(s) != std::string::npos) return true;
        return false;
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(added_address_skips_status_in_group_order) {
    Group g;
    FakeTakeover t;
    auto ok = g.start(t);
    BOOST_TEST_REQUIRE(ok.has_value());
    BOOST_TEST(*ok);
    // asked in order, after r1 started: the group's order is kept
    BOOST_TEST(t.asked == (std::vector<std::string>{"r1", "IPaddr2::10.0.0.10/24/eth0", "r2"}),
               boost::test_tools::per_element());
    BOOST_TEST(g.joined() == "r1 status;r1 start;IPaddr2 start;r2 status;r2 start;");
    BOOST_TEST(g.logged("IPaddr2::10.0.0.10/24/eth0: added by heartbeatd (10.0.0.10/24 added to eth0)"));
}

BOOST_AUTO_TEST_CASE(the_script_start_still_decides) {
    Group g;
    g.fail = "IPaddr2 start";
    FakeTakeover t;
    auto ok = g.start(t);
    BOOST_TEST_REQUIRE(ok.has_value());
    BOOST_TEST(!*ok);
    // released right to left: the script's stop removes what the daemon added
    BOOST_TEST(g.joined() == "r1 status;r1 start;IPaddr2 start;r2 stop;IPaddr2 stop;r1 stop;");
    BOOST_TEST(g.logged("Giving up resources due to failure of IPaddr2::10.0.0.10/24/eth0"));
}

BOOST_AUTO_TEST_CASE(failed_or_present_address_is_left_to_the_script) {
    Group g;
    FakeTakeover t;
    t.answer = AddressTakeover::Result::failed;
    BOOST_TEST(*g.start(t));
    BOOST_TEST(g.joined() == "r1 status;r1 start;IPaddr2 status;IPaddr2 start;r2 status;r2 start;");
    BOOST_TEST(g.logged("not added by heartbeatd (EPERM): left to its script"));
    Group h;
    t.answer = AddressTakeover::Result::present;
    BOOST_TEST(*h.start(t));
    BOOST_TEST(h.joined() == "r1 status;r1 start;IPaddr2 status;IPaddr2 start;r2 status;r2 start;");
}

BOOST_AUTO_TEST_SUITE_END()
