#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include "heartbeatd/config/authkeys.hpp"
#include "heartbeatd/config/ha_cf.hpp"
#include "heartbeatd/config/haresources.hpp"
#include "heartbeatd/config/time_value.hpp"
#include "heartbeatd/config/values.hpp"
#include "heartbeatd/wire/auth.hpp"   // hb::wire::AuthMethod

using namespace hb::config;
using std::chrono::milliseconds;
using std::chrono::microseconds;

namespace {

// True if some diagnostic's text contains `needle`.
bool mentions(const Diagnostics& d, const std::string& needle) {
    for (auto& x : d.all())
        if (x.str().find(needle) != std::string::npos) return true;
    return false;
}

const char* kMinimal =
    "keepalive 1\n"
    "deadtime 10\n"
    "auto_failback on\n"
    "logfacility daemon\n"
    "bcast eth0\n"
    "node alpha beta\n";

} // namespace

BOOST_AUTO_TEST_SUITE(hb_config)

BOOST_AUTO_TEST_CASE(time_values) {
    BOOST_TEST(parse_msec("2")->count() == 2000);
    BOOST_TEST(parse_msec("1.5")->count() == 1500);
    BOOST_TEST(parse_msec(".5")->count() == 500);
    BOOST_TEST(parse_msec("500ms")->count() == 500);
    BOOST_TEST(parse_msec("500msec")->count() == 500);
    BOOST_TEST(parse_msec("2500us")->count() == 2);
    BOOST_TEST(parse_time("2500usec")->count() == 2500);
    BOOST_TEST(parse_time("0.000001")->count() == 1);
    BOOST_TEST(parse_msec("1.25ms")->count() == 1);
    BOOST_TEST(parse_time("1.25ms")->count() == 1250);
    BOOST_TEST(parse_msec("0")->count() == 0);
    // heartbeat does not accept "s"/"sec", spaces, signs or garbage.
    for (const char* bad : {"2s", "2sec", "", "ms", ".", "-1", "+1", "1 ms", "1e3", "abc", "1.2.3", "10m",
                            "9999999999999"})
        BOOST_TEST(!parse_time(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(booleans) {
    for (const char* t : {"true", "on", "yes", "y", "1", "TRUE", "On", "Y"}) BOOST_TEST(*parse_boolean(t) == true);
    for (const char* f : {"false", "off", "no", "n", "0", "OFF", "No"}) BOOST_TEST(*parse_boolean(f) == false);
    for (const char* bad : {"", "2", "enable", "yess", "o"}) BOOST_TEST(!parse_boolean(bad).has_value());
}

BOOST_AUTO_TEST_CASE(ha_cf_minimal_and_defaults) {
    auto r = parse_ha_cf(kMinimal);
    BOOST_TEST(r.ok(), r.diagnostics.str());
    auto& c = r.config;
    BOOST_TEST(c.nodes == (std::vector<std::string>{"alpha", "beta"}));
    BOOST_TEST(c.keepalive.count() == 1000);
    BOOST_TEST(c.deadtime.count() == 10000);
    BOOST_TEST(c.warntime.count() == 5000);    // deadtime/2
    BOOST_TEST(c.initdead.count() == 20000);   // 6s <= deadtime <= 10s: twice deadtime
    BOOST_TEST(c.deadping.count() == 10000);   // deadtime
    BOOST_TEST(c.udpport == 694);
    BOOST_TEST(c.baud == 19200);
    BOOST_TEST((c.msgfmt == MsgFmt::classic));
    BOOST_TEST(c.hopfudge == 1);
    BOOST_TEST(c.ttl() == 3);
    BOOST_TEST(c.realtime);
    BOOST_TEST(c.max_rexmit_delay.count() == 250);
    BOOST_TEST(c.cluster == "linux-ha");
    BOOST_TEST((c.auto_failback == AutoFailback::on));
    BOOST_TEST(c.logfacility == "daemon");
    BOOST_TEST(c.logfile == "/dev/null");   // only a facility: heartbeat sends the file to /dev/null
    BOOST_TEST(!c.use_logd);
    BOOST_TEST(c.media.size() == 1u);
    BOOST_TEST((c.media[0].kind == Medium::Kind::bcast));
    BOOST_TEST(c.media[0].device == "eth0");
    BOOST_TEST(c.media[0].port == 694);
    BOOST_TEST(c.media[0].line == 5);
    BOOST_TEST(c.raw.at("deadtime") == "10");
    BOOST_TEST(r.diagnostics.all().empty(), r.diagnostics.str());
}

BOOST_AUTO_TEST_CASE(ha_cf_initdead_defaults) {
    auto with_dead = [](const char* dt) {
        std::string t = std::string("keepalive 100ms\ndeadtime ") + dt + "\nbcast eth0\nnode a\nauto_failback off\n";
        return parse_ha_cf(t).config.initdead.count();
    };
    BOOST_TEST(with_dead("30") == 30000);   // > 10s: = deadtime
    BOOST_TEST(with_dead("10") == 20000);   // 6..10s: 2 x deadtime
    BOOST_TEST(with_dead("6") == 12000);
    BOOST_TEST(with_dead("500ms") == 12000);   // < 6s: 12s
    BOOST_TEST(with_dead("5.9") == 12000);
}

BOOST_AUTO_TEST_CASE(ha_cf_full_example) {
    const char* text =
        "# comment line\n"
        "debugfile /var/log/ha-debug\n"
        "logfile\t/var/log/ha-log   # trailing comment\n"
        "logfacility local0\n"
        "keepalive 100ms\n"
        "deadtime 500ms\n"
        "warntime 300ms\n"
        "initdead 10\n"
        "udpport 695\n"
        "baud 115200\n"
        "bcast eth0, eth1\n"
        "mcast eth0 239.192.0.42 694 1 0\n"
        "mcast6 eth1 ff02::1:2 694 0 1\n"
        "ucast eth0 10.0.0.2\n"
        "ucast eth0 peer-host.example\n"
        "ucast6 eth1 fe80::2%eth1\n"
        "serial /dev/ttyS0 /dev/ttyS1\n"
        "auto_failback off\n"
        "node Alpha\n"
        "node beta\n"
        "ping 10.0.0.254\n"
        "ping6 2001:db8::1\n"
        "ping_group routers 10.0.0.253 10.0.0.252\n"
        "deadping 2\n"
        "respawn hacluster /usr/libexec/heartbeat/ipfail -v\n"
        "failfast hacluster /usr/sbin/critical\n"
        "apiauth ipfail uid=hacluster\n"
        "apiauth default uid=root,hacluster gid=haclient\n"
        "msgfmt netstring\n"
        "hopfudge 2\n"
        "realtime off\n"
        "rtprio 50\n"
        "hbgenmethod time\n"
        "uuidfrom nodename\n"
        "watchdog /dev/watchdog\n"
        "debug 3\n"
        "log_badpack false\n"
        "syslogmsgfmt no\n"
        "use_logd yes\n"
        "conn_logd_time 30\n"
        "compression bz2\n"
        "compression_threshold 4\n"
        "traditional_compression y\n"
        "stonith baytech /etc/ha.d/conf/stonith.baytech\n"
        "stonith_host * null alpha beta\n"
        "cluster prod\n"
        "coredumps off\n"
        "coreroot true\n"
        "env FOO=bar=baz\n"
        "max_rexmit_delay 400ms\n"
        "memreserve 8000\n"
        "use_apphbd off\n"
        "normalpoll on\n"
        "autojoin none\n"
        "crm off\n";
    HaCfOptions o;
    o.local_node = "BETA";
    auto r = parse_ha_cf(text, o);
    BOOST_TEST(r.ok(), r.diagnostics.str());
    auto& c = r.config;
    BOOST_TEST(c.nodes == (std::vector<std::string>{"alpha", "beta"}));
    BOOST_TEST(mentions(r.diagnostics, "lowercased"));
    BOOST_TEST(c.keepalive.count() == 100);
    BOOST_TEST(c.deadtime.count() == 500);
    BOOST_TEST(c.warntime.count() == 300);
    BOOST_TEST(c.initdead.count() == 10000);
    BOOST_TEST(c.deadping.count() == 2000);
    BOOST_TEST(c.udpport == 695);
    BOOST_TEST(c.media.size() == 9u);
    BOOST_TEST((c.media[0].device == "eth0" && c.media[0].port == 695));
    BOOST_TEST(c.media[1].device == "eth1");
    auto& mc = c.media[2];
    BOOST_TEST((mc.kind == Medium::Kind::mcast && mc.address == "239.192.0.42" && mc.port == 694 &&
                mc.ttl == 1 && !mc.loop));
    BOOST_TEST((c.media[3].kind == Medium::Kind::mcast6 && c.media[3].loop));
    BOOST_TEST((c.media[4].kind == Medium::Kind::ucast && c.media[4].address == "10.0.0.2" && c.media[4].port == 695));
    BOOST_TEST(c.media[5].address == "peer-host.example");
    BOOST_TEST((c.media[6].kind == Medium::Kind::ucast6 && c.media[6].address == "fe80::2" && c.media[6].scope == "eth1"));
    BOOST_TEST((c.media[7].kind == Medium::Kind::serial && c.media[7].device == "/dev/ttyS0" && c.media[7].baud == 115200));
    BOOST_TEST(c.media[8].link_name() == "/dev/ttyS1");
    BOOST_TEST(c.ping_nodes.size() == 3u);
    BOOST_TEST((c.ping_nodes[2].kind == PingNode::Kind::group && c.ping_nodes[2].name == "routers" &&
                c.ping_nodes[2].addresses.size() == 2u));
    BOOST_TEST(c.ttl() == 2 + 2 + 3);
    BOOST_TEST(c.clients.size() == 2u);
    BOOST_TEST((c.clients[0].user == "hacluster" && c.clients[0].path == "/usr/libexec/heartbeat/ipfail" &&
                c.clients[0].args == std::vector<std::string>{"-v"} && !c.clients[0].failfast));
    BOOST_TEST(c.clients[1].failfast);
    BOOST_TEST(c.apiauth.size() == 2u);
    BOOST_TEST((c.apiauth[1].uids == std::vector<std::string>{"root", "hacluster"}));
    BOOST_TEST((c.apiauth[1].gids == std::vector<std::string>{"haclient"}));
    BOOST_TEST((c.msgfmt == MsgFmt::netstring));
    BOOST_TEST(c.hopfudge == 2);
    BOOST_TEST(!c.realtime);
    BOOST_TEST(*c.rtprio == 50);
    BOOST_TEST((c.hbgenmethod == GenMethod::time));
    BOOST_TEST((c.uuidfrom == UuidFrom::nodename));
    BOOST_TEST(c.watchdog == "/dev/watchdog");
    BOOST_TEST(c.debug == 3);
    BOOST_TEST(!c.log_badpack);
    BOOST_TEST(!c.syslogmsgfmt);
    BOOST_TEST(c.use_logd);
    BOOST_TEST(c.conn_logd_time == 30);
    BOOST_TEST(c.compression == "bz2");
    BOOST_TEST(c.compression_threshold == 4);
    BOOST_TEST(c.traditional_compression);
    BOOST_TEST((c.stonith.size() == 1u && c.stonith[0].type == "baytech"));
    BOOST_TEST((c.stonith_hosts.size() == 1u && c.stonith_hosts[0].from_host == "*" &&
                c.stonith_hosts[0].params == "alpha beta"));
    BOOST_TEST(c.cluster == "prod");
    BOOST_TEST(!c.coredumps);
    BOOST_TEST(c.env.size() == 1u);
    BOOST_TEST((c.env[0].first == "FOO" && c.env[0].second == "bar=baz"));
    BOOST_TEST(c.max_rexmit_delay.count() == 400);
    BOOST_TEST(c.memreserve == 8000);
    BOOST_TEST(c.logfile == "/var/log/ha-log");
    // udpport and baud came before the media: no ordering warning.
    BOOST_TEST(!mentions(r.diagnostics, "must come before"));
}

BOOST_AUTO_TEST_CASE(ha_cf_errors_name_file_and_line) {
    const char* text =
        "node a b\n"                       // 1
        "keepalive 2s\n"                   // 2: 's' not accepted
        "bcast eth0\n"                     // 3
        "frobnicate yes\n"                 // 4: unknown
        "mcast eth0 10.0.0.1 694 1 0\n"    // 5: not multicast
        "mcast eth0 239.0.0.1 694 5 0\n"   // 6: ttl > 4
        "auto_failback maybe\n"            // 7
        "baud 12345\n"                     // 8
        "debug 300\n"                      // 9
        "respawn hacluster ipfail\n"       // 10: relative path
        "ucast eth0\n"                     // 11: missing peer
        "crm respawn\n"                    // 12
        "logfacility daemonz\n"            // 13
        "autojoin any\n";                  // 14
    HaCfOptions o;
    o.file_name = "/etc/ha.d/ha.cf";
    auto r = parse_ha_cf(text, o);
    BOOST_TEST(!r.ok());
    auto& d = r.diagnostics;
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:2: invalid time '2s' for keepalive"), d.str());
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:4: unknown directive 'frobnicate'"));
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:5: mcast: '10.0.0.1' is not an IPv4 multicast"));
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:6: mcast: ttl '5' must be 0..4"));
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:7: invalid auto_failback"));
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:8: invalid baud rate"));
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:9: invalid value '300' for debug"));
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:10: respawn: program 'ipfail' must be an absolute path"));
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:11: ucast needs exactly 2 values"));
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:12: crm respawn"));
    BOOST_TEST(mentions(d, "Pacemaker"));
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:13: unknown syslog facility"));
    BOOST_TEST(mentions(d, "/etc/ha.d/ha.cf:14: autojoin any is not allowed with haresources"));
    BOOST_TEST(d.error_count() == 12u, d.str());
}

BOOST_AUTO_TEST_CASE(ha_cf_pacemaker_directive) {
    auto r = parse_ha_cf(std::string(kMinimal) + "pacemaker on\n");
    BOOST_TEST(!r.ok());
    BOOST_TEST(mentions(r.diagnostics, "ha.cf:7: pacemaker on: heartbeatd runs haresources"));
    BOOST_TEST(mentions(r.diagnostics, "use Pacemaker with Corosync"));
    BOOST_TEST(parse_ha_cf(std::string(kMinimal) + "crm no\n").ok());
    auto w = parse_ha_cf(std::string(kMinimal) + "crm_daemon_dir /usr/lib/pacemaker\n");
    BOOST_TEST(w.ok());
    BOOST_TEST(mentions(w.diagnostics, "warning: crm_daemon_dir only matters to Pacemaker"));
}

BOOST_AUTO_TEST_CASE(ha_cf_timing_rules) {
    auto check = [](const std::string& extra) {
        return parse_ha_cf("node a\nbcast eth0\nauto_failback on\nlogfile /x\n" + extra);
    };
    auto r1 = check("keepalive 2\ndeadtime 4\n");   // deadtime must exceed 2 x keepalive
    BOOST_TEST(!r1.ok());
    BOOST_TEST(mentions(r1.diagnostics, "ha.cf:6: deadtime (4s) must be more than twice keepalive (2s)"),
               r1.diagnostics.str());
    BOOST_TEST(check("keepalive 2\ndeadtime 4.001\n").ok());
    auto r2 = check("deadtime 30\ninitdead 20\n");
    BOOST_TEST(!r2.ok());
    BOOST_TEST(mentions(r2.diagnostics, "ha.cf:6: initdead (20s) is smaller than deadtime (30s)"));
    auto r3 = check("keepalive 100ms\ndeadtime 500ms\ninitdead 5\n");
    BOOST_TEST(r3.ok());
    BOOST_TEST(mentions(r3.diagnostics, "ha.cf:7: warning: initdead (5s) may be too small"));
    auto r4 = check("deadtime 10\nwarntime 12\n");
    BOOST_TEST(r4.ok());
    BOOST_TEST(mentions(r4.diagnostics, "warning: warntime (12s) is not below deadtime"));
    auto r5 = check("keepalive 1\ndeadping 2\n");
    BOOST_TEST(!r5.ok());
    BOOST_TEST(mentions(r5.diagnostics, "deadping (2s) must be more than twice keepalive"));
    auto r6 = check("keepalive 0\n");
    BOOST_TEST(!r6.ok());
    BOOST_TEST(mentions(r6.diagnostics, "keepalive must be more than 0ms"));
}

BOOST_AUTO_TEST_CASE(ha_cf_structural_errors) {
    auto r = parse_ha_cf("keepalive 1\ndeadtime 10\n", HaCfOptions{"ha.cf", std::nullopt, 694});
    BOOST_TEST(!r.ok());
    BOOST_TEST(mentions(r.diagnostics, "ha.cf: no 'node' directive"));
    BOOST_TEST(mentions(r.diagnostics, "ha.cf: no heartbeat media defined"));
    BOOST_TEST(mentions(r.diagnostics, "warning: auto_failback not set"));

    HaCfOptions o;
    o.local_node = "gamma";
    auto r2 = parse_ha_cf(kMinimal, o);
    BOOST_TEST(!r2.ok());
    BOOST_TEST(mentions(r2.diagnostics, "ha.cf:6: this machine's node name 'gamma' is not listed"));

    auto r3 = parse_ha_cf(std::string(kMinimal) + "node alpha\n");
    BOOST_TEST(r3.ok());
    BOOST_TEST(mentions(r3.diagnostics, "ha.cf:7: warning: node 'alpha' listed twice"));

    auto r4 = parse_ha_cf(std::string(kMinimal) + "keepalive 2\n");   // repeated single directive
    BOOST_TEST(mentions(r4.diagnostics, "ha.cf:7: warning: keepalive already set on line 1"));

    auto r5 = parse_ha_cf(std::string(kMinimal) + "deadtime 10 20\n");
    BOOST_TEST(mentions(r5.diagnostics, "ha.cf:7: deadtime takes exactly one value"));

    auto r6 = parse_ha_cf(std::string(kMinimal) + "ping 10.0.0.300\nping alpha\n");
    BOOST_TEST(mentions(r6.diagnostics, "ha.cf:7: ping: invalid address '10.0.0.300'"));
    BOOST_TEST(mentions(r6.diagnostics, "ha.cf:8: ping node 'alpha' has the same name as a cluster node"));

    auto r7 = parse_ha_cf(std::string(kMinimal) + "keepalive\n");
    BOOST_TEST(mentions(r7.diagnostics, "ha.cf:7: keepalive needs a value"));

    // Too many nodes.
    std::string many = kMinimal;
    for (int i = 0; i < 100; ++i) many += "node n" + std::to_string(i) + "\n";
    BOOST_TEST(mentions(parse_ha_cf(many).diagnostics, "too many nodes"));
}

BOOST_AUTO_TEST_CASE(ha_cf_order_sensitive_directives) {
    // udpport after a bcast line applies only to later media, as in heartbeat.
    auto r = parse_ha_cf("node a\nauto_failback on\nlogfile /x\nbcast eth0\nudpport 700\nbcast eth1\n"
                         "baud 9600\nserial /dev/ttyS0\nbaud 38400\n");
    BOOST_TEST(r.ok(), r.diagnostics.str());
    BOOST_TEST(r.config.media[0].port == 694);
    BOOST_TEST(r.config.media[1].port == 700);
    BOOST_TEST(r.config.media[2].baud == 9600);
    BOOST_TEST(mentions(r.diagnostics, "ha.cf:5: warning: udpport must come before the media lines"));
    BOOST_TEST(mentions(r.diagnostics, "ha.cf:9: warning: baud must come before the serial lines"));
    // The caller can supply the /etc/services port as the default.
    HaCfOptions o;
    o.default_udpport = 1694;
    BOOST_TEST(parse_ha_cf(kMinimal, o).config.media[0].port == 1694);
}

BOOST_AUTO_TEST_CASE(ha_cf_logging_rules) {
    auto none = parse_ha_cf("node a\nbcast eth0\nauto_failback on\n");
    BOOST_TEST(none.ok());
    BOOST_TEST(none.config.use_logd);   // no log target: logd implied
    auto off = parse_ha_cf("node a\nbcast eth0\nauto_failback on\nuse_logd off\n");
    BOOST_TEST(!off.ok());
    BOOST_TEST(mentions(off.diagnostics, "ha.cf:4: no log target"));
}

BOOST_AUTO_TEST_CASE(ha_cf_failback_variants) {
    auto fb = [](const std::string& l) { return parse_ha_cf("node a\nbcast eth0\nlogfile /x\n" + l); };
    BOOST_TEST((fb("auto_failback legacy\n").config.auto_failback == AutoFailback::legacy));
    BOOST_TEST(mentions(fb("auto_failback legacy\n").diagnostics, "deprecated"));
    BOOST_TEST((fb("auto_failback yes\n").config.auto_failback == AutoFailback::on));
    auto nf = fb("nice_failback on\n");
    BOOST_TEST((nf.config.auto_failback == AutoFailback::off));
    BOOST_TEST(mentions(nf.diagnostics, "ha.cf:4: warning: nice_failback is obsolete"));
    BOOST_TEST((fb("nice_failback off\n").config.auto_failback == AutoFailback::legacy));
    BOOST_TEST(!fb("auto_failback on\nnice_failback on\n").ok());
    auto udp = fb("auto_failback on\nudp eth1\n");
    BOOST_TEST(udp.config.media.size() == 2u);
    BOOST_TEST(mentions(udp.diagnostics, "'udp' is obsolete"));
}

BOOST_AUTO_TEST_CASE(ha_cf_garbage_never_crashes) {
    std::string junk;
    for (int i = 0; i < 4000; ++i) junk += char((i * 7919 + 13) % 256);
    auto r = parse_ha_cf(junk);
    BOOST_TEST(!r.ok());
    BOOST_TEST(parse_ha_cf(std::string(6000, 'x')).diagnostics.str().find("line too long") != std::string::npos);
    BOOST_TEST(!parse_ha_cf("").ok());
    BOOST_TEST(!parse_ha_cf(std::string("node a\0b\n", 9)).ok());
}

BOOST_AUTO_TEST_CASE(nodeinfo_overrides_uname) {
    BOOST_TEST(local_node_name("Alpha", std::nullopt) == "alpha");
    BOOST_TEST(local_node_name("alpha", std::string_view("Other-Name\nignored\n")) == "other-name");
    BOOST_TEST(local_node_name("alpha\n", std::string_view("\n")) == "alpha");
}

// ---------------------------------------------------------------- authkeys

BOOST_AUTO_TEST_CASE(authkeys_good) {
    auto r = parse_authkeys("# keys\nauth 2   # sign with 2\n1 sha1 secret\n2 md5 other#hash\n\n15 sha1 x\n");
    BOOST_TEST(r.ok(), r.diagnostics.str());
    BOOST_TEST(r.keys.sign_index == 2);
    auto* s = r.keys.signing();
    BOOST_REQUIRE(s);
    BOOST_TEST((s->method == hb::wire::AuthMethod::md5 && s->key == "other#hash"));
    BOOST_TEST((r.keys.find(1)->method == hb::wire::AuthMethod::sha1 && r.keys.find(1)->key == "secret"));
    BOOST_TEST(r.keys.find(15));
    BOOST_TEST(!r.keys.find(4));
    BOOST_TEST(!r.keys.find(16));
    BOOST_TEST(r.diagnostics.all().empty());
}

BOOST_AUTO_TEST_CASE(authkeys_errors) {
    auto r = parse_authkeys(
        "auth 1\n"              // 1
        "1 sha1\n"              // 2: missing key
        "2 crc key\n"           // 3: crc takes no key
        "16 sha1 k\n"           // 4: index out of range
        "3 sha512 k\n"          // 5: unknown method
        "4 sha1 two words\n"    // 6: key with a space
        "5 md5 a\n5 md5 b\n"    // 7, 8: duplicate
        "garbage\n",            // 9
        AuthKeysOptions{"/etc/ha.d/authkeys", false});
    BOOST_TEST(!r.ok());
    auto& d = r.diagnostics;
    BOOST_TEST(mentions(d, "/etc/ha.d/authkeys:2: sha1 needs a key"), d.str());
    BOOST_TEST(mentions(d, "/etc/ha.d/authkeys:3: crc takes no key"));
    BOOST_TEST(mentions(d, "/etc/ha.d/authkeys:4: invalid line"));
    BOOST_TEST(mentions(d, "/etc/ha.d/authkeys:5: unknown auth method 'sha512'"));
    BOOST_TEST(mentions(d, "/etc/ha.d/authkeys:6: unexpected text 'words'"));
    BOOST_TEST(mentions(d, "/etc/ha.d/authkeys:8: key 5 already defined on line 7"));
    BOOST_TEST(mentions(d, "/etc/ha.d/authkeys:9: invalid line"));
    BOOST_TEST(mentions(d, "/etc/ha.d/authkeys:1: auth 1: no key with that index"));

    auto none = parse_authkeys("1 sha1 k\n");
    BOOST_TEST(mentions(none.diagnostics, "authkeys: no 'auth N' line"));
    auto twice = parse_authkeys("auth 1\nauth 1\n1 sha1 k\n");
    BOOST_TEST(mentions(twice.diagnostics, "authkeys:2: auth already given on line 1"));
    auto crc = parse_authkeys("auth 1\n1 crc\n");
    BOOST_TEST(crc.ok());
    BOOST_TEST(mentions(crc.diagnostics, "warning: signing with crc gives no protection"));
}

BOOST_AUTO_TEST_CASE(authkeys_crc_beside_hmac_is_refused_unless_allowed) {
    // Every entry verifies: with "3 crc" beside "1 sha1", a packet anyone signs "3 crc" passes.
    const char* text = "auth 1\n1 sha1 secret\n3 crc\n";
    auto refused = parse_authkeys(text, AuthKeysOptions{"/etc/ha.d/authkeys"});
    BOOST_TEST(!refused.ok());
    BOOST_TEST(mentions(refused.diagnostics, "/etc/ha.d/authkeys:3: key 3 is crc beside sha1 key 1 (line 2)"),
               refused.diagnostics.str());
    BOOST_TEST(mentions(refused.diagnostics, "HEARTBEATD_ALLOW_CRC=yes"));
    AuthKeysOptions allow{"/etc/ha.d/authkeys"};
    allow.allow_crc_beside_hmac = true;
    auto allowed = parse_authkeys(text, allow);
    BOOST_TEST(allowed.ok(), allowed.diagnostics.str());
    BOOST_TEST(mentions(allowed.diagnostics, "warning: key 3 is crc beside sha1 key 1"));
    BOOST_TEST((allowed.keys.find(3)->method == hb::wire::AuthMethod::crc));
    // crc alone (no secret anywhere) is the operator's plain choice: a warning, as before.
    BOOST_TEST(parse_authkeys("auth 1\n1 crc\n").ok());
}

BOOST_AUTO_TEST_CASE(authkeys_sha256_is_opt_in) {
    auto off = parse_authkeys("auth 1\n1 sha256 k\n");
    BOOST_TEST(!off.ok());
    BOOST_TEST(mentions(off.diagnostics, "authkeys:2: sha256 is a heartbeatd extension that heartbeat 3.0.6 does not understand"));
    auto on = parse_authkeys("auth 1\n1 sha256 k\n2 sha1 j\n", AuthKeysOptions{"authkeys", true});
    BOOST_TEST(on.ok(), on.diagnostics.str());
    BOOST_TEST((on.keys.signing()->method == hb::wire::AuthMethod::sha256));
    BOOST_TEST(mentions(on.diagnostics, "warning: signing with sha256: heartbeat 3.0.6 peers will reject"));
}

BOOST_AUTO_TEST_CASE(authkeys_file_check) {
    auto check = [](mode_t mode, uid_t owner = 0) { return check_authkeys_file(mode, owner, 0, "/etc/ha.d/authkeys"); };
    BOOST_TEST(!check(S_IFREG | 0600));
    BOOST_TEST(!check(S_IFREG | 0400));
    BOOST_TEST(!check(S_IFREG | 0700));
    // Stricter than heartbeat 3.0.6: write bits for group/others and a foreign owner are refused.
    for (mode_t bad : {0622, 0602, 0620, 0640, 0604, 0610, 0601})
        BOOST_TEST(check(S_IFREG | bad).has_value(), "mode " << bad);
    auto msg = check(S_IFREG | 0644);
    BOOST_REQUIRE(msg);
    BOOST_TEST(msg->find("/etc/ha.d/authkeys") != std::string::npos);
    BOOST_TEST(msg->find("0644") != std::string::npos);
    BOOST_TEST(msg->find("chmod 600") != std::string::npos);
    auto owner = check(S_IFREG | 0600, 1000);
    BOOST_REQUIRE(owner);
    BOOST_TEST(owner->find("owned by uid 1000") != std::string::npos, *owner);
    BOOST_TEST(check(S_IFDIR | 0700).has_value());
    BOOST_TEST(check(S_IFIFO | 0600).has_value());
}

// ---------------------------------------------------------------- haresources

BOOST_AUTO_TEST_CASE(haresources_good) {
    const char* text =
        "# home-node resources...\n"
        "nodea 192.168.251.100/24/hb0 hbdummy::alpha   # bare IP is IPaddr\n"
        "NodeB\tIPaddr2::192.168.251.101/24/hb0/192.168.251.255 \\\n"
        "      ldirectord::ldirectord.cf \\\n"
        "      apache\n"
        "\n"
        "nodea 10.1.1.1\n";
    HaResourcesOptions o;
    o.nodes = std::vector<std::string>{"nodea", "nodeb"};
    auto r = parse_haresources(text, o);
    BOOST_TEST(r.ok(), r.diagnostics.str());
    BOOST_REQUIRE(r.groups.size() == 3u);
    auto& g0 = r.groups[0];
    BOOST_TEST(g0.node == "nodea");
    BOOST_TEST(g0.line == 2);
    BOOST_TEST(g0.key() == "192.168.251.100/24/hb0");
    BOOST_TEST(g0.resources[0].ip_shorthand);
    BOOST_TEST(g0.resources[0].script == "IPaddr");
    BOOST_TEST(g0.resources[0].args == std::vector<std::string>{"192.168.251.100/24/hb0"});
    BOOST_TEST(g0.resources[0].str() == "IPaddr::192.168.251.100/24/hb0");
    BOOST_TEST((g0.resources[1].script == "hbdummy" && g0.resources[1].args == std::vector<std::string>{"alpha"}));
    auto& g1 = r.groups[1];
    BOOST_TEST(g1.node == "nodeb");
    BOOST_TEST(g1.line == 3);
    BOOST_TEST(g1.resources.size() == 3u);
    BOOST_TEST(g1.key() == "IPaddr2::192.168.251.101/24/hb0/192.168.251.255");
    BOOST_TEST((g1.resources[0].args == std::vector<std::string>{"192.168.251.101/24/hb0/192.168.251.255"}));
    BOOST_TEST((g1.resources[2].script == "apache" && g1.resources[2].args.empty()));
    BOOST_TEST(r.groups[2].line == 7);
    BOOST_TEST(canonical_text(r.groups) ==
               "nodea 192.168.251.100/24/hb0 hbdummy::alpha\n"
               "nodeb IPaddr2::192.168.251.101/24/hb0/192.168.251.255 ldirectord::ldirectord.cf apache\n"
               "nodea 10.1.1.1\n");
}

BOOST_AUTO_TEST_CASE(haresources_multi_args) {
    auto res = parse_resource("Filesystem::/dev/sda1::/data::ext4");
    BOOST_REQUIRE(res);
    BOOST_TEST(res->script == "Filesystem");
    BOOST_TEST((res->args == std::vector<std::string>{"/dev/sda1", "/data", "ext4"}));
    BOOST_TEST(!res->ip_shorthand);
    // IPv6 has no shorthand.
    auto v6 = parse_resource("IPv6addr::2001:db8::10/64/eth0");
    BOOST_REQUIRE(v6);
    BOOST_TEST(v6->script == "IPv6addr");
}

BOOST_AUTO_TEST_CASE(haresources_errors) {
    const char* text =
        "nodea IPaddr::10.0.0.1\n"           // 1
        "nodec IPaddr::10.0.0.2\n"           // 2: unknown node
        "nodea\n"                            // 3: no resources
        "nodeb 10.0.0.300/24\n"              // 4: bad IP
        "nodeb ../evil::x\n"                 // 5: bad script name
        "nodeb IPaddr::10.0.0.1\n"           // 6: duplicate key (and resource)
        "nodeb Foo::::bar\n"                 // 7: empty argument
        "nodeb IPaddr::10.0.0.9 \\\n";       // 8: continuation at EOF
    HaResourcesOptions o{"/etc/ha.d/haresources", std::vector<std::string>{"nodea", "nodeb"}};
    auto r = parse_haresources(text, o);
    BOOST_TEST(!r.ok());
    auto& d = r.diagnostics;
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:2: 'nodec' is not a node listed in ha.cf"), d.str());
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:3: group for node 'nodea' lists no resources"));
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:4: '10.0.0.300' is not a valid IPv4 address"));
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:5: '../evil' is not a valid resource script name"));
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:6: group key 'IPaddr::10.0.0.1' already used on line 1"));
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:6: warning: resource 'IPaddr::10.0.0.1' also appears on line 1"));
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:7: empty argument"));
    BOOST_TEST(mentions(d, "/etc/ha.d/haresources:8: continuation line ends"));
    BOOST_TEST(d.error_count() == 7u, d.str());
}

BOOST_AUTO_TEST_CASE(haresources_garbage_never_crashes) {
    std::string junk;
    for (int i = 0; i < 3000; ++i) junk += char((i * 31337 + 7) % 256);
    auto r = parse_haresources(junk);
    (void)r;
    BOOST_TEST(parse_haresources("").groups.empty());
    BOOST_TEST(parse_haresources("\\\n\\\n").ok() == false);
}

BOOST_AUTO_TEST_SUITE_END()
