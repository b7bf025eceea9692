#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "heartbeatd/config/reload_plan.hpp"

using namespace hb::config;
using namespace std::chrono_literals;

namespace {

const char* kBase = "keepalive 1\n"        // 1
                    "deadtime 6\n"         // 2
                    "warntime 3\n"         // 3
                    "initdead 20\n"        // 4
                    "auto_failback on\n"   // 5
                    "logfile /tmp/a.log\n" // 6
                    "bcast eth0\n"         // 7
                    "node alpha beta\n";   // 8

HaCf parse(const std::string& text) {
    HaCfOptions o;
    o.local_node = "alpha";
    auto r = parse_ha_cf(text, o);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.diagnostics.str());
    return r.config;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
    auto at = s.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

std::vector<ResourceGroup> groups(const std::string& text) {
    HaResourcesOptions o;
    auto r = parse_haresources(text, o);
    BOOST_REQUIRE(r.ok());
    return r.groups;
}

bool has(const std::vector<std::string>& v, const std::string& needle) {
    for (auto& s : v)
        if (s.find(needle) != std::string::npos) return true;
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(hb_reload_plan)

BOOST_AUTO_TEST_CASE(same_file_changes_nothing) {
    auto a = parse(kBase);
    auto p = plan_reload(a, parse(kBase), {}, {});
    BOOST_TEST(!p.changed());
    BOOST_TEST(!p.timers);
    BOOST_TEST(!p.logging);
    BOOST_TEST(p.next.deadtime.count() == 6000);
}

BOOST_AUTO_TEST_CASE(timers_apply_live) {
    auto a = parse(kBase);
    auto b = parse(replace(replace(replace(kBase, "deadtime 6", "deadtime 1"), "warntime 3", "warntime 500ms"),
                           "keepalive 1", "keepalive 200ms"));
    auto p = plan_reload(a, b, {}, {});
    BOOST_TEST(p.timers);
    BOOST_TEST(p.deferred.empty());
    BOOST_TEST(p.next.deadtime.count() == 1000);
    BOOST_TEST(p.next.warntime.count() == 500);
    BOOST_TEST(p.next.keepalive.count() == 200);
    BOOST_TEST(has(p.applied, "deadtime 6000ms -> 1000ms"));
    BOOST_TEST(p.next.raw.at("deadtime") == "1");   // hbparameter follows what runs
}

BOOST_AUTO_TEST_CASE(node_list_waits_for_restart_and_keeps_old) {
    auto a = parse(kBase);
    auto b = parse(replace(kBase, "node alpha beta", "node alpha beta gamma"));
    auto p = plan_reload(a, b, {}, {});
    BOOST_TEST(!p.timers);
    BOOST_REQUIRE(p.deferred.size() == 1u);
    BOOST_TEST(p.deferred[0] == "ha.cf: node changed at line 8: takes effect at restart");
    BOOST_TEST(p.next.nodes.size() == 2u);
}

BOOST_AUTO_TEST_CASE(media_and_udpport_wait_for_restart) {
    auto a = parse(kBase);
    auto b = parse(replace(kBase, "bcast eth0\n", "udpport 700\nbcast eth0\n"));
    auto p = plan_reload(a, b, {}, {});
    BOOST_TEST(has(p.deferred, "ha.cf: media changed at line 8: takes effect at restart"));
    BOOST_TEST(has(p.deferred, "ha.cf: udpport changed at line 7: takes effect at restart"));
    BOOST_REQUIRE(p.next.media.size() == 1u);
    BOOST_TEST(p.next.media[0].port == 694);
    BOOST_TEST(!p.next.raw.count("udpport"));
}

BOOST_AUTO_TEST_CASE(mixed_change_applies_only_the_live_part) {
    auto a = parse(kBase);
    auto b = parse(replace(replace(kBase, "keepalive 1", "keepalive 200ms"), "bcast eth0", "bcast eth1"));
    auto p = plan_reload(a, b, {}, {});
    BOOST_TEST(p.timers);
    BOOST_TEST(p.next.keepalive.count() == 200);
    BOOST_TEST(p.next.media[0].device == "eth0");
    BOOST_TEST(has(p.deferred, "media changed at line 7"));
}

BOOST_AUTO_TEST_CASE(logging_and_debug_apply_live) {
    auto a = parse(kBase);
    auto b = parse(replace(kBase, "logfile /tmp/a.log", "logfile /tmp/b.log\ndebug 2"));
    auto p = plan_reload(a, b, {}, {});
    BOOST_TEST(p.logging);
    BOOST_TEST(!p.timers);
    BOOST_TEST(p.next.logfile == "/tmp/b.log");
    BOOST_TEST(p.next.debug == 2);
    BOOST_TEST(p.deferred.empty());
}

BOOST_AUTO_TEST_CASE(auto_failback_on_off_is_live_legacy_is_not) {
    auto a = parse(kBase);
    auto p = plan_reload(a, parse(replace(kBase, "auto_failback on", "auto_failback off")), {}, {});
    BOOST_TEST(p.auto_failback);
    BOOST_TEST((p.next.auto_failback == AutoFailback::off));
    BOOST_TEST(p.next.raw.at("auto_failback") == "off");

    auto q = plan_reload(a, parse(replace(kBase, "auto_failback on", "auto_failback legacy")), {}, {});
    BOOST_TEST(!q.auto_failback);
    BOOST_TEST((q.next.auto_failback == AutoFailback::on));
    BOOST_TEST(has(q.deferred, "ha.cf: auto_failback changed at line 5: takes effect at restart"));
}

BOOST_AUTO_TEST_CASE(removed_directive_returns_to_default_live) {
    auto a = parse(kBase);
    auto b = parse(replace(kBase, "initdead 20\n", ""));   // default: deadtime-based
    auto p = plan_reload(a, b, {}, {});
    BOOST_TEST(p.timers);
    BOOST_TEST(p.next.initdead == b.initdead);
    BOOST_TEST(!p.next.raw.count("initdead"));
    // warntime 3 is also the default (deadtime / 2): nothing changes but hbparameter's text.
    auto q = plan_reload(a, parse(replace(kBase, "warntime 3\n", "")), {}, {});
    BOOST_TEST(!q.timers);
    BOOST_TEST(q.next.warntime.count() == 3000);
    BOOST_TEST(!q.next.raw.count("warntime"));
}

BOOST_AUTO_TEST_CASE(other_directives_wait_for_restart) {
    auto a = parse(kBase);
    auto b = parse(std::string(kBase) + "msgfmt netstring\n");
    auto p = plan_reload(a, b, {}, {});
    BOOST_TEST(has(p.deferred, "ha.cf: msgfmt changed at line 9: takes effect at restart"));
    BOOST_TEST((p.next.msgfmt == MsgFmt::classic));
}

BOOST_AUTO_TEST_CASE(haresources_groups_wait_for_restart) {
    auto a = parse(kBase);
    auto g1 = groups("alpha IPaddr::10.0.0.1\nbeta IPaddr::10.0.0.2\n");
    auto same = groups("alpha   IPaddr::10.0.0.1   # same\nbeta IPaddr::10.0.0.2\n");
    auto g2 = groups("alpha IPaddr::10.0.0.1\nbeta IPaddr::10.0.0.3\n");
    BOOST_TEST(!plan_reload(a, a, g1, same).changed());
    ReloadFiles f{"/etc/ha.d/ha.cf", "/etc/ha.d/haresources"};
    auto p = plan_reload(a, a, g1, g2, f);
    BOOST_REQUIRE(p.deferred.size() == 1u);
    BOOST_TEST(p.deferred[0] == "/etc/ha.d/haresources: resource groups changed at line 2: takes effect at restart");
}

BOOST_AUTO_TEST_SUITE_END()
