// Reconciler: desired vs actual -> ops, proven against the in-memory kernel.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/ipvs/kernel.hpp"
#include "directord/ipvs/reconcile.hpp"

#include "tests/unit/ipvs_fixtures.hpp"

using namespace ipvs;

namespace {

using ipvs_fixtures::tcp;

Dest dest(const char* ip, std::uint16_t port, int weight, Fwd fwd = Fwd::route) {
    return ipvs_fixtures::dest(ip, port, weight, fwd);
}

Service svc(ServiceKey k, std::initializer_list<Dest> ds, const char* sched = "wrr") {
    Service s{k, {}, {}};
    s.opts.scheduler = sched;
    for (const auto& d : ds) s.dests[d.key] = d;
    return s;
}

Table table(std::initializer_list<Service> ss) {
    Table t;
    for (const auto& s : ss) t[s.key] = s;
    return t;
}

std::vector<std::string> strs(const std::vector<Op>& ops) {
    std::vector<std::string> out;
    for (const auto& o : ops) out.push_back(op_str(o));
    return out;
}

// Applies the ops to `actual` in memory and checks the result equals `desired` for the
// managed services, then that a second reconcile is empty.
void converge(const Table& desired, Table actual, const std::set<ServiceKey>& remove = {}) {
    MemoryKernel k;
    k.table = actual;
    auto ops = reconcile(desired, actual, remove);
    for (const auto& r : k.apply(ops)) BOOST_TEST(r.err == 0, r.message);
    for (const auto& [key, want] : desired) {
        BOOST_REQUIRE(k.table.count(key));
        BOOST_TEST(save_format({{key, k.table[key]}}) == save_format({{key, want}}));
    }
    for (const auto& key : remove) BOOST_TEST((desired.count(key) || !k.table.count(key)));
    BOOST_TEST(reconcile(desired, k.table, remove).empty());
}

} // namespace

BOOST_AUTO_TEST_SUITE(reconcile_suite)

BOOST_AUTO_TEST_CASE(empty_kernel_gets_everything_in_order) {
    auto d = table({svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 1), dest("10.0.1.2", 80, 2)})});
    auto ops = reconcile(d, {});
    std::vector<std::string> want = {"-A -t 10.0.0.1:80 -s wrr", "-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 1",
                                     "-a -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 2"};
    BOOST_TEST(strs(ops) == want, boost::test_tools::per_element());
    converge(d, {});
}

BOOST_AUTO_TEST_CASE(identical_table_needs_no_change) {
    auto d = table({svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 1)}),
                    svc(tcp("2001:db8::1", 443), {dest("2001:db8::2", 443, 3, Fwd::masq)})});
    BOOST_TEST(reconcile(d, d).empty());
}

BOOST_AUTO_TEST_CASE(counters_and_hashed_flag_are_not_differences) {
    auto d = table({svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 1)})});
    auto a = d;
    auto& s = a.begin()->second;
    s.opts.flags |= kFlagHashed;
    s.dests.begin()->second.active_conns = 42;
    BOOST_TEST(reconcile(d, a).empty());
}

BOOST_AUTO_TEST_CASE(foreign_services_are_left_alone) {
    auto d = table({svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 1)})});
    auto a = table({svc(tcp("10.9.9.9", 80), {dest("10.0.1.9", 80, 1)})});
    auto ops = reconcile(d, a);
    BOOST_TEST(ops.size() == 2u);
    for (const auto& o : ops) BOOST_TEST((o.svc == tcp("10.0.0.1", 80)));
}

BOOST_AUTO_TEST_CASE(removed_virtual_is_deleted_first) {
    auto d = table({svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 1)})});
    auto a = table({svc(tcp("10.0.0.2", 80), {dest("10.0.1.9", 80, 1)})});
    auto ops = reconcile(d, a, {tcp("10.0.0.2", 80)});
    BOOST_REQUIRE(!ops.empty());
    BOOST_TEST(op_str(ops.front()) == "-D -t 10.0.0.2:80");
    converge(d, a, {tcp("10.0.0.2", 80)});
}

BOOST_AUTO_TEST_CASE(remove_of_a_still_desired_service_is_ignored) {
    auto d = table({svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 1)})});
    BOOST_TEST(reconcile(d, d, {tcp("10.0.0.1", 80)}).empty());
}

BOOST_AUTO_TEST_CASE(weight_change_is_an_edit_not_delete_add) {
    auto d = table({svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 0)})});
    auto a = table({svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 5)})});
    auto ops = reconcile(d, a);
    BOOST_REQUIRE(ops.size() == 1u);
    BOOST_TEST(op_str(ops[0]) == "-e -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 0");
}

BOOST_AUTO_TEST_CASE(forwarding_and_thresholds_changes_are_edits) {
    auto want = dest("10.0.1.1", 80, 1, Fwd::tunnel);
    want.u_threshold = 100;
    want.l_threshold = 10;
    auto d = table({svc(tcp("10.0.0.1", 80), {want})});
    auto a = table({svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 1)})});
    auto ops = reconcile(d, a);
    BOOST_REQUIRE(ops.size() == 1u);
    BOOST_TEST(op_str(ops[0]) == "-e -t 10.0.0.1:80 -r 10.0.1.1:80 -i -w 1 -x 100 -y 10");
    converge(d, a);
}

BOOST_AUTO_TEST_CASE(adds_before_edits_before_deletes) {
    // Fallback swap: the new entry goes in before the old ones leave.
    auto d = table({svc(tcp("10.0.0.1", 80), {dest("127.0.0.1", 80, 1), dest("10.0.1.2", 80, 0)})});
    auto a = table({svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 1), dest("10.0.1.2", 80, 1)})});
    auto ops = reconcile(d, a);
    std::vector<std::string> want = {"-a -t 10.0.0.1:80 -r 127.0.0.1:80 -g -w 1",
                                     "-e -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 0",
                                     "-d -t 10.0.0.1:80 -r 10.0.1.1:80"};
    BOOST_TEST(strs(ops) == want, boost::test_tools::per_element());
    converge(d, a);
}

BOOST_AUTO_TEST_CASE(scheduler_and_persistence_edits_in_place) {
    auto want = svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 1)}, "wlc");
    want.opts.flags = kFlagPersistent;
    want.opts.timeout = 300;
    want.opts.netmask = 0xffffff00;
    auto a = table({svc(tcp("10.0.0.1", 80), {dest("10.0.1.1", 80, 1)}, "rr")});
    auto ops = reconcile(table({want}), a);
    BOOST_REQUIRE(ops.size() == 1u);
    BOOST_TEST(op_str(ops[0]) == "-E -t 10.0.0.1:80 -s wlc -p 300 -M 255.255.255.0");
    converge(table({want}), a);
}

BOOST_AUTO_TEST_CASE(clearing_persistence_is_an_edit_that_really_clears) {
    // ipvsadm -E cannot clear persistence (ldirectord's reload leaves it); a full SET can.
    auto have = svc(tcp("10.0.0.1", 80), {}, "wlc");
    have.opts.flags = kFlagPersistent | kFlagOnePacket;
    have.opts.timeout = 300;
    auto want = svc(tcp("10.0.0.1", 80), {}, "wlc");
    auto ops = reconcile(table({want}), table({have}));
    BOOST_REQUIRE(ops.size() == 1u);
    BOOST_TEST(ops[0].kind == Op::edit_service);
    BOOST_TEST(ops[0].opts.flags == 0u);
    converge(table({want}), table({have}));
}

BOOST_AUTO_TEST_CASE(timeout_without_persistence_is_not_a_difference) {
    auto want = svc(tcp("10.0.0.1", 80), {}, "wlc");
    auto have = want;
    have.opts.timeout = 300;
    have.opts.netmask = 0xffff0000;
    BOOST_TEST(reconcile(table({want}), table({have})).empty());
}

BOOST_AUTO_TEST_CASE(persistence_engine_change_recreates) {
    auto want = svc(tcp("10.0.0.1", 5060), {dest("10.0.1.1", 5060, 1)}, "rr");
    want.opts.pe_name = "sip";
    auto have = svc(tcp("10.0.0.1", 5060), {dest("10.0.1.1", 5060, 1)}, "rr");
    auto ops = reconcile(table({want}), table({have}));
    std::vector<std::string> got = strs(ops);
    std::vector<std::string> expect = {"-D -t 10.0.0.1:5060", "-A -t 10.0.0.1:5060 -s rr --pe sip",
                                       "-a -t 10.0.0.1:5060 -r 10.0.1.1:5060 -g -w 1"};
    BOOST_TEST(got == expect, boost::test_tools::per_element());
    BOOST_TEST(needs_recreate(have.opts, want.opts));
    BOOST_TEST(!needs_recreate(have.opts, have.opts));
}

BOOST_AUTO_TEST_CASE(fwmark_and_udp_services_are_distinct_keys) {
    ServiceKey fw;
    fw.protocol = 0;
    fw.fwmark = 7;
    ServiceKey fw6 = fw;
    fw6.af = AF_INET6;
    auto u = tcp("10.0.0.1", 53);
    u.protocol = IPPROTO_UDP;
    auto d = table({svc(fw, {dest("10.0.1.1", 0, 1)}), svc(fw6, {dest("2001:db8::5", 0, 1)}),
                    svc(u, {dest("10.0.1.1", 53, 1)}), svc(tcp("10.0.0.1", 53), {dest("10.0.1.1", 53, 1)})});
    auto ops = reconcile(d, {});
    BOOST_TEST(ops.size() == 8u);
    converge(d, {});
    BOOST_TEST(service_str(fw) == "fwm 7");
    BOOST_TEST(service_str(fw6) == "fwm6 7");
    BOOST_TEST(service_str(u) == "udp 10.0.0.1:53");
}

BOOST_AUTO_TEST_CASE(large_table_converges_and_second_pass_is_empty) {
    Table d;
    for (int i = 0; i < 200; ++i) {
        auto k = tcp("10.0.0.1", 1000 + i);
        Service s{k, {}, {}};
        for (int j = 1; j <= 10; ++j) {
            auto x = dest("10.1.0.0", 80, j % 3);
            x.key.addr = ha::Address::v4(0x0a010000 + j);
            s.dests[x.key] = x;
        }
        d[k] = s;
    }
    auto half = d;
    for (auto it = half.begin(); it != half.end();) it = std::next(it) == half.end() ? std::next(it) : half.erase(it);
    converge(d, half);
    converge(d, {});
}

BOOST_AUTO_TEST_CASE(memory_kernel_reports_kernel_errors_in_plain_words) {
    MemoryKernel k;
    auto s = svc(tcp("10.0.0.1", 80), {}, "nosuch");
    std::vector<Op> ops = {{Op::add_service, s.key, s.opts, {}}};
    auto r = k.apply(ops);
    BOOST_TEST(r[0].err == ENOENT);
    BOOST_TEST(r[0].message == "scheduler 'nosuch' not available (modprobe ip_vs_nosuch)");
    ops = {{Op::add_dest, s.key, {}, dest("10.0.1.1", 80, 1)}};
    r = k.apply(ops);
    BOOST_TEST(r[0].err == ESRCH);
    BOOST_TEST(r[0].message == "virtual service tcp 10.0.0.1:80 does not exist");
    s.opts.scheduler = "rr";
    ops = {{Op::add_service, s.key, s.opts, {}}, {Op::add_service, s.key, s.opts, {}}};
    r = k.apply(ops);
    BOOST_TEST(r[0].err == 0);
    BOOST_TEST(r[1].err == EEXIST);
    BOOST_TEST(r[1].message == "tcp 10.0.0.1:80 already exists");
}

BOOST_AUTO_TEST_SUITE_END()
