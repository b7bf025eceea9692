// Desired table from config + health, ldirectord-worded change lines, CLI parsing.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/daemon/cli.hpp"
#include "directord/director/change_log.hpp"
#include "directord/director/desired.hpp"
#include "directord/ipvs/kernel.hpp"
#include "directord/ipvs/reconcile.hpp"

using namespace directord;

namespace {

Real real(const char* ip, std::uint16_t port, ipvs::Fwd fwd = ipvs::Fwd::route, int weight = 1) {
    Real r;
    r.addr = *ha::Address::parse(ip);
    r.port = port;
    r.fwd = fwd;
    r.weight = weight;
    return r;
}

Virtual vip(const char* ip, std::uint16_t port, std::vector<Real> reals) {
    Virtual v;
    v.key.addr = *ha::Address::parse(ip);
    v.key.af = v.key.addr.family;
    v.key.port = port;
    v.reals = std::move(reals);
    v.checktype = CheckType::on;
    return v;
}

Config config(std::vector<Virtual> vs) {
    Config c;
    c.path = "test.cf";
    c.virtuals = std::move(vs);
    return c;
}

HealthFn all(bool up) { return [up](std::size_t, std::size_t) { return up; }; }

std::string dump(const ipvs::Table& t) { return ipvs::save_format(t); }

} // namespace

BOOST_AUTO_TEST_SUITE(director_suite)

BOOST_AUTO_TEST_CASE(gate_and_ipip_take_the_virtual_port_masq_keeps_its_own) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 8080, ipvs::Fwd::route), real("10.0.1.2", 8080, ipvs::Fwd::tunnel),
                                          real("10.0.1.3", 8080, ipvs::Fwd::masq), real("10.0.1.4", 0, ipvs::Fwd::masq)})});
    auto d = desired_table(c, all(true), {});
    BOOST_TEST(dump(d.table) ==
               "-A -t 10.0.0.1:80 -s wrr\n"
               "-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1\n"
               "-a -t 10.0.0.1:80 -r 10.0.1.2:80 -i -w 1 --tun-type ipip\n"
               "-a -t 10.0.0.1:80 -r 10.0.1.3:8080 -m -w 1\n"
               "-a -t 10.0.0.1:80 -r 10.0.1.4:80 -m -w 1\n");
}

BOOST_AUTO_TEST_CASE(fwmark_reals_keep_their_port) {
    Virtual v;
    v.key.protocol = 0;
    v.key.fwmark = 12;
    v.reals = {real("10.0.1.1", 0)};
    auto d = desired_table(config({v}), all(true), {});
    BOOST_TEST(dump(d.table) == "-A -f 12 -s wrr\n-a -f 12 -r 10.0.1.1:0 -g -w 1\n");
}

BOOST_AUTO_TEST_CASE(down_without_quiescent_is_absent) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80), real("10.0.1.2", 80)})});
    auto d = desired_table(c, [](std::size_t, std::size_t ri) { return ri == 0; }, {});
    BOOST_TEST(dump(d.table) == "-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1\n");
    BOOST_TEST(d.fallback_on.empty());
}

BOOST_AUTO_TEST_CASE(quiescent_down_keeps_present_entry_at_weight_zero_only) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80, ipvs::Fwd::route, 5), real("10.0.1.2", 80)})});
    c.virtuals[0].quiescent = true;
    auto actual = desired_table(c, all(true), {}).table;
    actual.begin()->second.dests.erase(actual.begin()->second.dests.begin());  // 10.0.1.1 absent
    auto d = desired_table(c, all(false), actual);
    BOOST_TEST(dump(d.table) == "-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 0\n");
    c.readdquiescent = true;
    d = desired_table(c, all(false), actual);
    BOOST_TEST(dump(d.table) == "-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 0\n"
                                "-a -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 0\n");
}

BOOST_AUTO_TEST_CASE(fallback_only_when_no_real_is_up) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80)})});
    c.virtuals[0].fallback = Fallback{*ha::Address::parse("127.0.0.1"), 0, ipvs::Fwd::route};
    auto down = desired_table(c, all(false), {});
    BOOST_TEST(dump(down.table) == "-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 127.0.0.1:80 -g -w 1\n");
    BOOST_TEST(down.fallback_on.count(c.virtuals[0].key) == 1u);
    auto up = desired_table(c, all(true), down.table);
    BOOST_TEST(dump(up.table) == "-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1\n");
    BOOST_TEST(up.fallback_on.empty());
    // The swap adds the real before the fallback leaves.
    auto ops = ipvs::reconcile(up.table, down.table);
    BOOST_REQUIRE(ops.size() == 2u);
    BOOST_TEST(describe_change(ops[0], c, down.table) == "Added real server: 10.0.1.1:80 (tcp:10.0.0.1:80) (Weight set to 1)");
    BOOST_TEST(describe_change(ops[1], c, down.table) == "Deleted fallback server: 127.0.0.1:80 (tcp:10.0.0.1:80)");
}

BOOST_AUTO_TEST_CASE(checked_up_real_with_weight_zero_keeps_fallback_out) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80, ipvs::Fwd::route, 0)})});
    c.virtuals[0].fallback = Fallback{*ha::Address::parse("127.0.0.1"), 8080, ipvs::Fwd::masq};
    auto d = desired_table(c, all(true), {});
    BOOST_TEST(d.fallback_on.empty());
    BOOST_TEST(dump(d.table) == "-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 0\n");
}

BOOST_AUTO_TEST_CASE(duplicate_kernel_entries_merge_with_up_winning) {
    // h:8080 gate and h:80 gate are one kernel entry (the port is mapped to the virtual's).
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 8080), real("10.0.1.1", 80, ipvs::Fwd::route, 3)})});
    auto d = desired_table(c, [](std::size_t, std::size_t ri) { return ri == 1; }, {});
    BOOST_TEST(dump(d.table) == "-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 3\n");
}

// A health sync plans only the virtuals that changed: the same services as the full plan
// for those, nothing for the others (so the diff cannot touch them).
BOOST_AUTO_TEST_CASE(partial_plan_is_the_full_plan_of_the_virtuals_named) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80), real("10.0.1.2", 80)}),
                     vip("10.0.0.2", 80, {real("10.0.2.1", 80)}),
                     vip("10.0.0.3", 80, {real("10.0.3.1", 80)})});
    c.virtuals[2].fallback = Fallback{*ha::Address::parse("127.0.0.1"), 80, ipvs::Fwd::route};
    auto health = [](std::size_t vi, std::size_t ri) { return vi == 0 && ri == 1; };
    auto full = desired_table(c, health, {});
    auto part = desired_table(c, health, {}, {0, 2});
    BOOST_TEST(part.table.size() == 2u);
    BOOST_TEST(part.table.count(c.virtuals[1].key) == 0u);
    for (std::size_t vi : {0u, 2u})
        BOOST_TEST(dump({{c.virtuals[vi].key, part.table.at(c.virtuals[vi].key)}}) ==
                   dump({{c.virtuals[vi].key, full.table.at(c.virtuals[vi].key)}}));
    BOOST_TEST((part.fallback_on == std::set<ipvs::ServiceKey>{c.virtuals[2].key}));
    // Against a table where the unplanned virtual is wrong, only planned ones get ops.
    ipvs::Table actual = full.table;
    actual.erase(c.virtuals[1].key);
    actual.at(c.virtuals[0].key).dests.clear();
    auto ops = ipvs::reconcile(part.table, actual, {});
    BOOST_REQUIRE_EQUAL(ops.size(), 1u);
    BOOST_TEST((ops[0].svc == c.virtuals[0].key));
    BOOST_TEST((ops[0].kind == ipvs::Op::add_dest));
    BOOST_TEST(desired_table(c, health, {}, {}).table.empty());
}

// Two blocks naming one service: the last one wins in the full plan, and so in a partial
// plan naming either block.
BOOST_AUTO_TEST_CASE(partial_plan_of_a_shared_key_plans_every_block_in_file_order) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80)}), vip("10.0.0.1", 80, {real("10.0.1.2", 80)})});
    auto full = desired_table(c, all(true), {});
    BOOST_TEST(dump(desired_table(c, all(true), {}, {0}).table) == dump(full.table));
    BOOST_TEST(dump(desired_table(c, all(true), {}, {1}).table) == dump(full.table));
}

BOOST_AUTO_TEST_CASE(change_lines_use_ldirectord_wording) {
    auto c = config({vip("10.0.0.1", 80, {real("10.0.1.1", 80)})});
    ipvs::Table before = desired_table(c, all(true), {}).table;
    ipvs::ServiceKey k = c.virtuals[0].key;
    ipvs::Dest d = dest_for(c.virtuals[0], c.virtuals[0].reals[0], 0);
    BOOST_TEST(describe_change({ipvs::Op::edit_dest, k, {}, d}, c, before) ==
               "Quiescent real server: 10.0.1.1:80 (tcp:10.0.0.1:80) (Weight set to 0)");
    BOOST_TEST(describe_change({ipvs::Op::del_dest, k, {}, d}, c, before) == "Deleted real server: 10.0.1.1:80 (tcp:10.0.0.1:80)");
    before[k].dests.begin()->second.weight = 0;
    d.weight = 1;
    BOOST_TEST(describe_change({ipvs::Op::edit_dest, k, {}, d}, c, before) ==
               "Restored real server: 10.0.1.1:80 (tcp:10.0.0.1:80) (Weight set to 1)");
    ipvs::Dest stranger = d;
    stranger.key.addr = *ha::Address::parse("10.9.9.9");
    BOOST_TEST(describe_change({ipvs::Op::del_dest, k, {}, stranger}, c, before) == "Purged real server: 10.9.9.9:80 (tcp:10.0.0.1:80)");
    BOOST_TEST(describe_change({ipvs::Op::add_service, k, {}, {}}, c, before) == "Added virtual server: tcp:10.0.0.1:80");
    ipvs::ServiceKey v6 = k;
    v6.af = AF_INET6;
    v6.addr = *ha::Address::parse("2001:db8::1");
    v6.protocol = IPPROTO_UDP;
    BOOST_TEST(virtual_id(v6) == "udp:[2001:db8::1]:80");
}

BOOST_AUTO_TEST_CASE(cli_forms) {
    auto c = parse_cli({"start"});
    BOOST_TEST(c.error.empty());
    BOOST_TEST(c.command == "start");
    BOOST_TEST(!c.config.has_value());
    c = parse_cli({"-d", "my.cf", "status"});
    BOOST_TEST(c.debug);
    BOOST_TEST(*c.config == "my.cf");
    BOOST_TEST(c.command == "status");
    c = parse_cli({"-t"});
    BOOST_TEST(c.test);
    BOOST_TEST(c.error.empty());
    c = parse_cli({"-t", "x.cf"});
    BOOST_TEST(*c.config == "x.cf");
    c = parse_cli({"--dry-run", "--pidfile", "/tmp/p", "x.cf", "start"});
    BOOST_TEST(c.dry_run);
    BOOST_TEST(*c.pidfile == "/tmp/p");
    BOOST_TEST(!parse_cli({"x.cf"}).error.empty());
    BOOST_TEST(!parse_cli({"--bogus", "start"}).error.empty());
    BOOST_TEST(!parse_cli({"a", "b", "start"}).error.empty());
    c = parse_cli({"-dt", "x.cf"});
    BOOST_TEST((c.debug && c.test));
    c = parse_cli({"-f", "x.cf", "start"});
    BOOST_TEST((c.foreground && !c.debug && c.command == "start"));
    BOOST_TEST(parse_cli({"--foreground", "start"}).foreground);
}

BOOST_AUTO_TEST_SUITE_END()

#include "directord/director/resync_period.hpp"

BOOST_AUTO_TEST_SUITE(resync_period_rule)

BOOST_AUTO_TEST_CASE(every_checkinterval_while_it_is_cheap) {
    using namespace std::chrono;
    BOOST_TEST(directord::resync_period(1, milliseconds(2)).count() == 1000);
    BOOST_TEST(directord::resync_period(5, milliseconds(10)).count() == 5000);
    BOOST_TEST(directord::resync_period(0, milliseconds(0)).count() == 1000);   // never below 1 s
}

BOOST_AUTO_TEST_CASE(stretched_to_a_fifth_of_a_percent_and_capped_at_a_minute) {
    using namespace std::chrono;
    BOOST_TEST(directord::resync_period(1, milliseconds(30)).count() == 15000);
    BOOST_TEST(directord::resync_period(1, microseconds(12345)).count() == 6172);
    BOOST_TEST(directord::resync_period(1, seconds(5)).count() == 60000);
    BOOST_TEST(directord::resync_period(120, seconds(5)).count() == 120000);   // checkinterval wins over the cap
}

BOOST_AUTO_TEST_SUITE_END()
