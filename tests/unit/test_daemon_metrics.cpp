// The daemons' metrics (what they count and render), the config keys that turn the endpoints
// on, and heartbeat's respawn rules.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/daemon/dir_metrics.hpp"
#include "heartbeatd/config/ha_cf.hpp"
#include "heartbeatd/daemon/hb_metrics.hpp"
#include "heartbeatd/daemon/respawn_policy.hpp"
#include "tests/unit/config_fake.hpp"

using namespace std::chrono_literals;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
} // namespace

BOOST_AUTO_TEST_SUITE(daemon_metrics)

BOOST_AUTO_TEST_CASE(failure_reasons_are_a_fixed_set) {
    using directord::failure_class;
    BOOST_CHECK_EQUAL(failure_class("timed out after 5 s"), "timeout");
    BOOST_CHECK_EQUAL(failure_class("connect 10.0.0.2:80: Connection refused"), "refused");
    BOOST_CHECK_EQUAL(failure_class("Connection reset by peer"), "reset");
    BOOST_CHECK_EQUAL(failure_class("connection closed without a response"), "reset");
    BOOST_CHECK_EQUAL(failure_class("No route to host"), "unreachable");
    BOOST_CHECK_EQUAL(failure_class("TLS handshake: certificate verify failed"), "tls");
    BOOST_CHECK_EQUAL(failure_class("HTTP/1.1 200 OK, but the body does not match receive"), "no_match");
    BOOST_CHECK_EQUAL(failure_class("malformed header line: \"x\""), "bad_response");
    BOOST_CHECK_EQUAL(failure_class("something new"), "other");
}

BOOST_AUTO_TEST_CASE(directord_families) {
    directord::DirMetrics m;
    m.check_result(true, "", 2ms);
    m.check_result(false, "timed out after 1 s", 1s);
    m.check_result(false, "Connection refused", 1ms);
    m.sync_seconds.observe(0.003);
    m.syncs = 1;
    m.table_changes = 4;
    auto text = ha::metrics::exposition(
        directord::dir_families(m, {{"tcp 10.0.0.1:80", "10.0.0.2:80", true, false}, {"tcp 10.0.0.1:80", "10.0.0.3:80", false, true}}));
    BOOST_CHECK(contains(text, "directord_checks_total{result=\"up\"} 1\n"));
    BOOST_CHECK(contains(text, "directord_checks_total{result=\"down\"} 2\n"));
    BOOST_CHECK(contains(text, "directord_check_failures_total{reason=\"refused\"} 1\n"));
    BOOST_CHECK(contains(text, "directord_check_failures_total{reason=\"timeout\"} 1\n"));
    BOOST_CHECK(contains(text, "directord_check_latency_seconds_count 3\n"));
    BOOST_CHECK(contains(text, "directord_check_latency_seconds_bucket{le=\"0.001\"} 1\n"));
    BOOST_CHECK(contains(text, "directord_check_latency_seconds_bucket{le=\"0.0025\"} 2\n"));
    BOOST_CHECK(contains(text, "directord_table_sync_seconds_count 1\n"));
    BOOST_CHECK(contains(text, "directord_table_changes_total 4\n"));
    BOOST_CHECK(contains(text, "directord_real_up{virtual=\"tcp 10.0.0.1:80\",real=\"10.0.0.2:80\"} 1\n"));
    BOOST_CHECK(contains(text, "directord_real_up{virtual=\"tcp 10.0.0.1:80\",real=\"10.0.0.3:80\"} 0\n"));
    BOOST_CHECK(contains(text, "directord_real_maintenance{virtual=\"tcp 10.0.0.1:80\",real=\"10.0.0.3:80\"} 1\n"));
}

BOOST_AUTO_TEST_CASE(ipvs_counters_per_virtual_and_real) {
    ipvs::TableStats st;
    ipvs::ServiceKey web;
    web.addr = *ha::Address::parse("10.0.0.1");
    web.port = 80;
    ipvs::ServiceKey mark;
    mark.protocol = 0;
    mark.fwmark = 7;
    ipvs::Stats s;
    s.conns = 12;
    s.inpkts = 340;
    s.outpkts = 0;   // LVS-DR: replies bypass the director
    s.inbytes = 56000;
    st.services[web] = s;
    st.services[mark] = ipvs::Stats{};
    ipvs::DestKey real{*ha::Address::parse("10.0.0.2"), 8080};
    s.conns = 5;
    st.dests[{web, real}] = s;
    auto text = ha::metrics::exposition(directord::ipvs_families(st));
    BOOST_CHECK(contains(text, "# TYPE directord_ipvs_virtual_connections_total counter\n"));
    BOOST_CHECK(contains(text, "directord_ipvs_virtual_connections_total{virtual=\"tcp:10.0.0.1:80\"} 12\n"));
    BOOST_CHECK(contains(text, "directord_ipvs_virtual_in_bytes_total{virtual=\"tcp:10.0.0.1:80\"} 56000\n"));
    BOOST_CHECK(contains(text, "directord_ipvs_virtual_connections_total{virtual=\"fwm:7\"} 0\n"));
    BOOST_CHECK(contains(text, "directord_ipvs_real_connections_total{virtual=\"tcp:10.0.0.1:80\",real=\"10.0.0.2:8080\"} 5\n"));
    BOOST_CHECK(contains(text, "directord_ipvs_real_out_packets_total{virtual=\"tcp:10.0.0.1:80\",real=\"10.0.0.2:8080\"} 0\n"));
    BOOST_CHECK(!contains(text, "directord_ipvs_virtual_connections_total{virtual=\"tcp:10.0.0.1:80\"} 5\n"));
}

BOOST_AUTO_TEST_CASE(heartbeatd_families) {
    hb::daemon::HbMetrics m;
    m.sent["eth0"] = 10;
    m.received[{"beta", "eth0"}] = 9;
    m.late["beta"] = 1;
    m.failovers["ipfail"] = 1;
    m.script_ran("start", true, 20ms);
    m.script_ran("start", false, 3s);
    hb::daemon::HbSnapshot s;
    s.local = "alpha";
    s.node_status = {{"alpha", "active"}, {"beta", "dead"}, {"10.0.0.254", "ping"}};
    s.links = {{{"beta", "eth0"}, false}};
    s.rsc_status = "all";
    auto text = ha::metrics::exposition(hb::daemon::hb_families(m, s));
    BOOST_CHECK(contains(text, "heartbeatd_heartbeats_sent_total{medium=\"eth0\"} 10\n"));
    BOOST_CHECK(contains(text, "heartbeatd_heartbeats_received_total{node=\"beta\",medium=\"eth0\"} 9\n"));
    BOOST_CHECK(contains(text, "heartbeatd_heartbeats_late_total{node=\"beta\"} 1\n"));
    BOOST_CHECK(contains(text, "heartbeatd_failovers_total{reason=\"ipfail\"} 1\n"));
    BOOST_CHECK(contains(text, "heartbeatd_resource_script_seconds_count{op=\"start\",result=\"ok\"} 1\n"));
    BOOST_CHECK(contains(text, "heartbeatd_resource_script_seconds_bucket{op=\"start\",result=\"failed\",le=\"2.5\"} 0\n"));
    BOOST_CHECK(contains(text, "heartbeatd_resource_script_seconds_bucket{op=\"start\",result=\"failed\",le=\"5\"} 1\n"));
    BOOST_CHECK(contains(text, "heartbeatd_node_status{node=\"beta\",status=\"dead\"} 1\n"));
    BOOST_CHECK(contains(text, "heartbeatd_node_status{node=\"beta\",status=\"active\"} 0\n"));
    BOOST_CHECK(contains(text, "heartbeatd_node_status{node=\"10.0.0.254\",status=\"ping\"} 1\n"));
    BOOST_CHECK(contains(text, "heartbeatd_link_up{node=\"beta\",medium=\"eth0\"} 0\n"));
    BOOST_CHECK(contains(text, "heartbeatd_resources_held{set=\"all\"} 1\n"));
}

BOOST_AUTO_TEST_CASE(config_keys) {
    auto c = cfgtest::good("metrics=127.0.0.1:9101\nvirtual=10.0.0.1:80\n\treal=10.0.0.2 gate\n\tchecktype=connect\n");
    BOOST_REQUIRE(c.metrics);
    BOOST_CHECK_EQUAL(*c.metrics, "127.0.0.1:9101");
    BOOST_CHECK(contains(directord::normalize(c), "metrics = 127.0.0.1:9101"));
    auto bad = cfgtest::parse("metrics=localhost:9101\nvirtual=10.0.0.1:80\n\treal=10.0.0.2 gate\n");
    BOOST_REQUIRE(!bad.config);
    BOOST_CHECK_EQUAL(bad.errors.at(0).line, 1);
    BOOST_CHECK(contains(bad.errors.at(0).message, "metrics: \"localhost\" is not an IP address literal"));

    auto h = hb::config::parse_ha_cf("bcast eth0\nmetrics [::1]:9102\nnode a b\n");
    BOOST_CHECK(h.ok());
    BOOST_CHECK_EQUAL(h.config.metrics, "[::1]:9102");
    auto hbad = hb::config::parse_ha_cf("bcast eth0\nmetrics 127.0.0.1\nnode a b\n");
    BOOST_CHECK(!hbad.ok());
    BOOST_CHECK(contains(hbad.diagnostics.str(), "2"));
    BOOST_CHECK(contains(hbad.diagnostics.str(), "metrics: expected ADDRESS:PORT"));
}

BOOST_AUTO_TEST_CASE(respawn_rules) {
    using hb::daemon::after_client_exit;
    using hb::daemon::ClientExit;
    int shorts = 0;
    auto d = after_client_exit("/x", ClientExit{false, 1, 60s, false}, shorts);
    BOOST_CHECK(d.restart);
    BOOST_CHECK(d.delay == 0ms);
    BOOST_CHECK_EQUAL(shorts, 0);
    d = after_client_exit("/x", ClientExit{false, 100, 1s, false}, shorts);
    BOOST_CHECK(!d.restart);
    BOOST_CHECK(contains(d.why, "return code 100: not respawned"));
    d = after_client_exit("/x", ClientExit{true, 100, 1s, false}, shorts);   // signal 100 is not exit 100
    BOOST_CHECK(d.restart);
    shorts = 0;
    for (int i = 1; i <= 10; ++i) {
        d = after_client_exit("/x", ClientExit{true, 9, 2s, false}, shorts);
        BOOST_CHECK(d.restart);
        BOOST_CHECK(d.delay == 1000ms);
        BOOST_CHECK_EQUAL(shorts, i);
    }
    d = after_client_exit("/x", ClientExit{true, 9, 2s, false}, shorts);   // the 11th fast one
    BOOST_CHECK(!d.restart);
    BOOST_CHECK(contains(d.why, "respawning too fast"));
    BOOST_CHECK_EQUAL(shorts, 0);
    shorts = 5;
    d = after_client_exit("/x", ClientExit{false, 0, 31s, false}, shorts);   // a long run resets
    BOOST_CHECK(d.restart && shorts == 0 && d.delay == 0ms);
    d = after_client_exit("/x", ClientExit{false, 0, 1s, true}, shorts);
    BOOST_CHECK(!d.restart);
}

BOOST_AUTO_TEST_SUITE_END()
