// Failover policy: exact actions for single events, and message conversion.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

// g++ 12 at -O2 reports std::variant temporaries in initializer lists as maybe-uninitialized
// (a known false positive); the expected action lists below are built exactly that way.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "heartbeatd/failover/policy.hpp"
#include "heartbeatd/wire/messages.hpp"

using namespace hb::failover;
using hb::config::AutoFailback;
using Millis = std::chrono::milliseconds;

namespace {

PolicyConfig cfg(AutoFailback m, std::string self = "a", std::string peer = "b") {
    PolicyConfig c;
    c.self = std::move(self);
    c.peer = std::move(peer);
    c.auto_failback = m;
    c.groups = {{"10.0.0.1", "a"}, {"IPaddr::10.0.0.3", "a"}, {"10.0.0.2", "b"}};
    return c;
}

// The usual start of a case: the peer is up, it told us it holds its own groups, and ours
// (10.0.0.1 and IPaddr::10.0.0.3, see cfg) have started, by 2 ms.
void hold_own_groups(Policy& p) {
    p.peer_up(Millis(0));
    p.comm_up(Millis(0));
    p.received(ResourceMsg{RscSet::local_only(), true, ""}, Millis(1));
    p.group_done("10.0.0.1", GroupOp::start, true, Millis(2));
    p.group_done("IPaddr::10.0.0.3", GroupOp::start, true, Millis(2));
}

std::vector<Action> without_notes(const std::vector<Action>& v) {
    std::vector<Action> out;
    for (auto& a : v)
        if (!std::holds_alternative<Note>(a)) out.push_back(a);
    return out;
}

std::string show(const std::vector<Action>& v) {
    std::string s;
    for (auto& a : v) {
        if (auto* x = std::get_if<StartGroup>(&a)) s += "start " + x->key;
        else if (auto* x = std::get_if<StopGroup>(&a)) s += "stop " + x->key;
        else if (auto* x = std::get_if<Send>(&a)) s += "send " + describe(x->msg);
        else if (auto* x = std::get_if<Note>(&a)) s += "note " + x->text;
        else s += "shutdown-done";
        s += "; ";
    }
    return s;
}

bool has_note(const std::vector<Action>& v, const std::string& part, Note::Level* level = nullptr) {
    for (auto& a : v)
        if (auto* n = std::get_if<Note>(&a); n && n->text.find(part) != std::string::npos) {
            if (level) *level = n->level;
            return true;
        }
    return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(hb_failover)

BOOST_AUTO_TEST_CASE(rsc_set_words_and_views) {
    BOOST_TEST(to_string(RscSet::all()) == "all");
    BOOST_TEST(to_string(RscSet::none()) == "none");
    BOOST_TEST((*parse_rsc_set("failback") == RscSet::foreign_only()));
    BOOST_TEST(!parse_rsc_set("both"));
    BOOST_TEST((RscSet::local_only().as_seen_by_peer() == RscSet::foreign_only()));
    BOOST_TEST((RscSet::all().as_seen_by_peer() == RscSet::all()));
    BOOST_TEST((RscSet::all().minus(RscSet::foreign_only()) == RscSet::local_only()));
}

BOOST_AUTO_TEST_CASE(messages_round_trip_through_wire) {
    std::vector<Msg> msgs = {Starting{},
                             ResourceMsg{RscSet::local_only(), true, ""},
                             ResourceMsg{RscSet::none(), false, "shutdown"},
                             ResourceMsg{RscSet::foreign_only(), false, "mach_down", false},
                             AskResources{RscSet::all(), AskResources::Info::me},
                             AskResources{RscSet::foreign_only(), AskResources::Info::other},
                             AskResources{RscSet::local_only(), AskResources::Info::done},
                             HbTakeover{RscSet::local_only()},
                             IpRequest{"IPaddr2::1.2.3.4/24/eth0"},
                             IpRequestResp{"b", "1.2.3.4", true},
                             Shutdone{},
                             StonithMsg{"b", "n_stnth"}};
    for (auto& m : msgs) {
        auto back = from_wire(to_wire(m));
        BOOST_TEST_REQUIRE(back.has_value(), describe(m));
        BOOST_TEST((*back == m), describe(m));
    }
}

BOOST_AUTO_TEST_CASE(wire_forms_match_heartbeat) {
    auto w = to_wire(ResourceMsg{RscSet::local_only(), true, ""});
    BOOST_TEST(w.get_or("t") == "resource");
    BOOST_TEST(w.get_or("rsc_hold") == "local");
    BOOST_TEST(w.get_or("rtype") == "full");
    BOOST_TEST(w.get_or("isstable") == "1");
    auto md = to_wire(ResourceMsg{RscSet::foreign_only(), false, "mach_down", false});
    BOOST_TEST(!md.has("rtype"));
    BOOST_TEST(!md.has("isstable"));
    BOOST_TEST(md.get_or("info") == "mach_down");
    hb::wire::Message t;
    t.add("t", "hb_takeover").add("rsc_hold", "failback");
    auto ht = from_wire(t);
    BOOST_TEST_REQUIRE(ht.has_value());
    BOOST_TEST((std::get<HbTakeover>(*ht).hold == RscSet::local_only()));
    hb::wire::Message bad;
    bad.add("t", "resource").add("rsc_hold", "everything");
    BOOST_TEST(!from_wire(bad).has_value());
    hb::wire::Message st;
    st.add("t", "status").add("st", "up");
    BOOST_TEST(!from_wire(st).has_value());
    hb::wire::Message ask;
    ask.add("t", "ask_resources").add("rsc_hold", "all").add("info", "maybe");
    BOOST_TEST(!from_wire(ask).has_value());
}

BOOST_AUTO_TEST_CASE(nice_comm_up_with_peer_sends_starting_only) {
    Policy p(cfg(AutoFailback::on));
    BOOST_TEST(p.peer_up(Millis(0)).empty());
    auto a = p.comm_up(Millis(0));
    BOOST_TEST(show(without_notes(a)) == show({Send{Starting{}}}));
    BOOST_TEST(p.rscstatus() == "transition");
    BOOST_TEST(p.comm_up(Millis(1)).empty());   // once only
}

BOOST_AUTO_TEST_CASE(stable_peer_not_holding_ours_we_take_local_now) {
    Policy p(cfg(AutoFailback::on));
    p.peer_up(Millis(0));
    p.comm_up(Millis(0));
    auto a = p.received(ResourceMsg{RscSet::local_only(), true, ""}, Millis(100));
    BOOST_TEST(show(without_notes(a)) == show({StartGroup{"10.0.0.1"}, StartGroup{"IPaddr::10.0.0.3"}}));
    BOOST_TEST(p.group_done("10.0.0.1", GroupOp::start, true, Millis(200)).empty());
    auto b = p.group_done("IPaddr::10.0.0.3", GroupOp::start, true, Millis(300));
    BOOST_TEST(show(without_notes(b)) == show({Send{ResourceMsg{RscSet::local_only(), true, ""}}}));
    BOOST_TEST(p.rscstatus() == "local");
    BOOST_TEST(p.stable());
}

BOOST_AUTO_TEST_CASE(stable_peer_holding_ours_we_take_none) {
    Policy p(cfg(AutoFailback::on));
    p.peer_up(Millis(0));
    p.comm_up(Millis(0));
    auto a = p.received(ResourceMsg{RscSet::all(), true, ""}, Millis(100));
    BOOST_TEST(show(without_notes(a)) == show({Send{ResourceMsg{RscSet::none(), true, ""}}}));
    BOOST_TEST(has_note(a, "(none)"));
    BOOST_TEST(p.rscstatus() == "none");
}

BOOST_AUTO_TEST_CASE(both_starting_waits_rqstdelay) {
    Policy p(cfg(AutoFailback::off));
    p.peer_up(Millis(0));
    p.comm_up(Millis(0));
    auto r = p.received(Starting{}, Millis(10));   // peer starting too: we hold none, unstable
    BOOST_TEST(show(r) == show({Send{ResourceMsg{RscSet::none(), false, ""}}}));
    BOOST_TEST(without_notes(p.received(ResourceMsg{RscSet::none(), false, ""}, Millis(20))).empty());
    BOOST_TEST(*p.next_deadline() == Millis(10020));
    BOOST_TEST(without_notes(p.tick(Millis(10000))).empty());
    auto t = p.tick(Millis(10020));
    BOOST_TEST(show(without_notes(t)) == show({StartGroup{"10.0.0.1"}, StartGroup{"IPaddr::10.0.0.3"}}));
}

BOOST_AUTO_TEST_CASE(no_reply_to_starting_takes_local_after_timeout) {
    Policy p(cfg(AutoFailback::on));
    p.peer_up(Millis(0));
    p.comm_up(Millis(0));
    BOOST_TEST(without_notes(p.tick(Millis(29000))).empty());
    auto t = p.tick(Millis(30000));
    BOOST_TEST(show(without_notes(t)) == show({StartGroup{"10.0.0.1"}, StartGroup{"IPaddr::10.0.0.3"}}));
    BOOST_TEST(has_note(t, "no resource reply"));
}

BOOST_AUTO_TEST_CASE(alone_at_comm_up_takes_everything) {
    Policy p(cfg(AutoFailback::on));
    BOOST_TEST(p.peer_dead(Millis(0)).empty());   // initdead expired before comm up
    auto a = p.comm_up(Millis(0));
    BOOST_TEST(show(without_notes(a)) ==
               show({StartGroup{"10.0.0.1"}, StartGroup{"IPaddr::10.0.0.3"}, StartGroup{"10.0.0.2"}}));
    p.group_done("10.0.0.1", GroupOp::start, true, Millis(1));
    p.group_done("IPaddr::10.0.0.3", GroupOp::start, true, Millis(1));
    auto d = p.group_done("10.0.0.2", GroupOp::start, true, Millis(2));
    BOOST_TEST(show(without_notes(d)) == show({Send{ResourceMsg{RscSet::foreign_only(), false, "mach_down", false}},
                                               Send{ResourceMsg{RscSet::all(), true, ""}}}));
    BOOST_TEST(p.rscstatus() == "all");
}

BOOST_AUTO_TEST_CASE(one_node_cluster_takes_its_groups) {
    auto c = cfg(AutoFailback::legacy, "a", "");
    Policy p(c);
    auto a = p.comm_up(Millis(0));
    BOOST_TEST(show(without_notes(a)) ==
               show({StartGroup{"10.0.0.1"}, StartGroup{"IPaddr::10.0.0.3"}, StartGroup{"10.0.0.2"}}));
}

BOOST_AUTO_TEST_CASE(peer_death_takes_over_with_stonith_message_once) {
    Policy p(cfg(AutoFailback::on));
    hold_own_groups(p);
    auto d = p.peer_dead(Millis(5000));
    BOOST_TEST(show(without_notes(d)) == show({Send{StonithMsg{"b", "n_stnth"}}, StartGroup{"10.0.0.2"}}));
    BOOST_TEST(has_note(d, "Shared disks are not protected"));
    BOOST_TEST(p.peer_dead(Millis(5100)).empty());   // repeat
    BOOST_TEST(p.rscstatus() == "transition");
    auto f = p.group_done("10.0.0.2", GroupOp::start, true, Millis(6000));
    BOOST_TEST(show(without_notes(f)) == show({Send{ResourceMsg{RscSet::foreign_only(), false, "mach_down", false}}}));
    BOOST_TEST(p.rscstatus() == "all");
}

BOOST_AUTO_TEST_CASE(starting_peer_during_our_takeover_sees_the_groups_held) {
    Policy p(cfg(AutoFailback::off));
    hold_own_groups(p);
    p.peer_dead(Millis(5000));   // the peer's group is starting here now
    p.peer_up(Millis(5040));     // and the peer is already back, asking what we hold
    auto r = p.received(Starting{}, Millis(5041));
    BOOST_TEST(show(without_notes(r)) == show({Send{ResourceMsg{RscSet::all(), false, ""}}}));
    p.group_done("10.0.0.2", GroupOp::start, true, Millis(5060));
    auto later = p.received(Starting{}, Millis(6000));
    BOOST_TEST(show(without_notes(later)) == show({Send{ResourceMsg{RscSet::all(), true, ""}}}));
}

BOOST_AUTO_TEST_CASE(shutdone_takes_over_at_once_stonith_unneeded) {
    Policy p(cfg(AutoFailback::off));
    hold_own_groups(p);
    p.received(ResourceMsg{RscSet::none(), false, "shutdown"}, Millis(10));
    auto d = p.received(Shutdone{}, Millis(20));
    BOOST_TEST(show(without_notes(d)) == show({Send{StonithMsg{"b", "unneeded"}}, StartGroup{"10.0.0.2"}}));
    BOOST_TEST(p.peer_dead(Millis(30)).empty());   // the daemon's declare_dead echo
}

BOOST_AUTO_TEST_CASE(graceful_shutdown_releases_everything_then_shutdone) {
    Policy p(cfg(AutoFailback::on));
    p.peer_dead(Millis(0));
    p.comm_up(Millis(0));
    p.group_done("10.0.0.1", GroupOp::start, true, Millis(1));
    // A shutdown while a start is still running: the stop follows when it ends.
    auto s = p.shutdown(Millis(2));
    BOOST_TEST(show(without_notes(s)) == show({Send{ResourceMsg{RscSet::none(), false, "shutdown"}},
                                               StopGroup{"10.0.0.1"}}));
    BOOST_TEST(without_notes(p.group_done("IPaddr::10.0.0.3", GroupOp::start, true, Millis(3))).size() == 1);
    BOOST_TEST(without_notes(p.group_done("10.0.0.2", GroupOp::start, true, Millis(3))).size() == 1);
    p.group_done("10.0.0.1", GroupOp::stop, true, Millis(4));
    p.group_done("IPaddr::10.0.0.3", GroupOp::stop, true, Millis(4));
    auto e = p.group_done("10.0.0.2", GroupOp::stop, true, Millis(5));
    BOOST_TEST(show(without_notes(e)) == show({Send{Shutdone{}}, ShutdownDone{}}));
    BOOST_TEST(p.shut_down());
    BOOST_TEST(p.received(Starting{}, Millis(6)).empty());
}

BOOST_AUTO_TEST_CASE(shutdown_before_comm_up_stops_every_group_anyway) {
    Policy p(cfg(AutoFailback::on));
    auto s = p.shutdown(Millis(0));
    BOOST_TEST(show(without_notes(s)) ==
               show({Send{ResourceMsg{RscSet::none(), false, "shutdown"}}, StopGroup{"10.0.0.1"},
                     StopGroup{"IPaddr::10.0.0.3"}, StopGroup{"10.0.0.2"}}));
}

BOOST_AUTO_TEST_CASE(failed_start_is_crit_and_pushes_after_30s) {
    Policy p(cfg(AutoFailback::off));
    p.peer_up(Millis(0));
    p.comm_up(Millis(0));
    p.received(ResourceMsg{RscSet::local_only(), true, ""}, Millis(1));
    auto f = p.group_done("10.0.0.1", GroupOp::start, false, Millis(2));
    Note::Level lvl{};
    BOOST_TEST(has_note(f, "Giving up resources due to failure of 10.0.0.1", &lvl));
    BOOST_TEST((lvl == Note::Level::crit));
    BOOST_TEST(!p.holds("10.0.0.1"));
    auto s = p.group_done("IPaddr::10.0.0.3", GroupOp::start, true, Millis(3));
    BOOST_TEST(show(without_notes(s)) == show({Send{ResourceMsg{RscSet::local_only(), true, ""}}}));
    BOOST_TEST(*p.next_deadline() == Millis(30002));
    auto t = p.tick(Millis(30002));
    // The push is hb_standby local: the peer must agree first.
    BOOST_TEST(show(without_notes(t)) == show({Send{AskResources{RscSet::local_only(), AskResources::Info::me}}}));
}

BOOST_AUTO_TEST_CASE(failed_stop_is_crit_never_reboots) {
    Policy p(cfg(AutoFailback::on));
    p.peer_dead(Millis(0));
    p.comm_up(Millis(0));
    p.group_done("10.0.0.1", GroupOp::start, true, Millis(1));
    p.group_done("IPaddr::10.0.0.3", GroupOp::start, true, Millis(1));
    p.group_done("10.0.0.2", GroupOp::start, true, Millis(1));
    p.shutdown(Millis(2));
    Note::Level lvl{};
    auto f = p.group_done("10.0.0.2", GroupOp::stop, false, Millis(3));
    BOOST_TEST(has_note(f, "FAILED TO STOP", &lvl));
    BOOST_TEST((lvl == Note::Level::crit));
    p.group_done("10.0.0.1", GroupOp::stop, true, Millis(4));
    auto e = p.group_done("IPaddr::10.0.0.3", GroupOp::stop, true, Millis(4));
    BOOST_TEST(show(without_notes(e)) == show({Send{Shutdone{}}, ShutdownDone{}}));
}

BOOST_AUTO_TEST_CASE(legacy_requests_each_local_group) {
    Policy p(cfg(AutoFailback::legacy));
    p.peer_up(Millis(0));
    auto a = p.comm_up(Millis(0));
    BOOST_TEST(show(without_notes(a)) == show({Send{IpRequest{"10.0.0.1"}}, Send{IpRequest{"IPaddr::10.0.0.3"}}}));
    // Responses addressed elsewhere or for keys we did not ask are ignored.
    BOOST_TEST(p.received(IpRequestResp{"c", "10.0.0.1", true}, Millis(1)).empty());
    BOOST_TEST(p.received(IpRequestResp{"a", "10.0.0.2", true}, Millis(1)).empty());
    auto r = p.received(IpRequestResp{"a", "10.0.0.1", true}, Millis(2));
    BOOST_TEST(show(r) == show({StartGroup{"10.0.0.1"}}));
    BOOST_TEST(p.received(IpRequestResp{"a", "10.0.0.1", true}, Millis(3)).empty());   // once
}

BOOST_AUTO_TEST_CASE(legacy_ip_request_releases_then_answers) {
    Policy p(cfg(AutoFailback::legacy));
    p.peer_dead(Millis(0));
    p.comm_up(Millis(0));
    p.group_done("10.0.0.1", GroupOp::start, true, Millis(1));
    p.group_done("IPaddr::10.0.0.3", GroupOp::start, true, Millis(1));
    p.group_done("10.0.0.2", GroupOp::start, true, Millis(1));
    p.peer_up(Millis(10));
    auto r = p.received(IpRequest{"10.0.0.2"}, Millis(11));
    BOOST_TEST(show(r) == show({StopGroup{"10.0.0.2"}}));
    auto d = p.group_done("10.0.0.2", GroupOp::stop, true, Millis(12));
    BOOST_TEST(show(d) == show({Send{IpRequestResp{"b", "10.0.0.2", true}}}));
    // Not held: answered at once with weown=no.
    auto n = p.received(IpRequest{"10.0.0.2"}, Millis(13));
    BOOST_TEST(show(n) == show({Send{IpRequestResp{"b", "10.0.0.2", false}}}));
}

BOOST_AUTO_TEST_CASE(legacy_refuses_standby_and_takeover) {
    Policy p(cfg(AutoFailback::legacy));
    p.peer_up(Millis(0));
    p.comm_up(Millis(0));
    auto s = p.standby(RscSet::all(), Millis(1));
    BOOST_TEST(without_notes(s).empty());
    BOOST_TEST(has_note(s, "auto_failback on or off"));
    BOOST_TEST(without_notes(p.takeover(RscSet::all(), Millis(1))).empty());
    BOOST_TEST(without_notes(p.received(AskResources{RscSet::all(), AskResources::Info::me}, Millis(2))).empty());
}

BOOST_AUTO_TEST_CASE(standby_refused_in_flux_or_alone) {
    Policy p(cfg(AutoFailback::on));
    p.peer_up(Millis(0));
    p.comm_up(Millis(0));
    auto s = p.standby(RscSet::all(), Millis(1));   // still starting
    BOOST_TEST(without_notes(s).empty());
    BOOST_TEST(has_note(s, "in flux"));
    Policy q(cfg(AutoFailback::on));
    q.peer_dead(Millis(0));
    q.comm_up(Millis(0));
    BOOST_TEST(has_note(q.standby(RscSet::all(), Millis(1)), "not up"));
}

BOOST_AUTO_TEST_CASE(standby_request_without_reply_is_cancelled_after_10s) {
    Policy p(cfg(AutoFailback::off));
    hold_own_groups(p);
    auto s = p.standby(RscSet::local_only(), Millis(100));
    BOOST_TEST(show(without_notes(s)) == show({Send{AskResources{RscSet::local_only(), AskResources::Info::me}}}));
    BOOST_TEST(p.rscstatus() == "transition");
    BOOST_TEST(p.standby(RscSet::local_only(), Millis(200)).size() == 1);   // only the "ignored" note
    auto t = p.tick(Millis(10100));
    BOOST_TEST(has_note(t, "No reply to standby request"));
    BOOST_TEST(p.rscstatus() == "local");
    // A late "other" no longer releases anything.
    BOOST_TEST(without_notes(p.received(AskResources{RscSet::local_only(), AskResources::Info::other}, Millis(10200))).empty());
}

BOOST_AUTO_TEST_CASE(standby_giver_side_sequence) {
    Policy p(cfg(AutoFailback::off));
    hold_own_groups(p);
    p.standby(RscSet::all(), Millis(10));
    auto o = p.received(AskResources{RscSet::all(), AskResources::Info::other}, Millis(20));
    BOOST_TEST(show(without_notes(o)) ==
               show({Send{ResourceMsg{RscSet::none(), false, "standby"}}, StopGroup{"10.0.0.1"},
                     StopGroup{"IPaddr::10.0.0.3"}, StopGroup{"10.0.0.2"}}));
    p.group_done("IPaddr::10.0.0.3", GroupOp::stop, true, Millis(21));
    p.group_done("10.0.0.2", GroupOp::stop, true, Millis(21));
    auto d = p.group_done("10.0.0.1", GroupOp::stop, true, Millis(22));
    BOOST_TEST(show(without_notes(d)) == show({Send{AskResources{RscSet::all(), AskResources::Info::done}}}));
    auto e = p.received(AskResources{RscSet::all(), AskResources::Info::done}, Millis(30));
    BOOST_TEST(show(without_notes(e)) == show({Send{ResourceMsg{RscSet::none(), true, ""}}}));
    BOOST_TEST(p.rscstatus() == "none");
}

BOOST_AUTO_TEST_CASE(standby_taker_side_sequence) {
    Policy p(cfg(AutoFailback::off));
    hold_own_groups(p);
    // Peer b gives up its local group (our foreign).
    auto m = p.received(AskResources{RscSet::local_only(), AskResources::Info::me}, Millis(10));
    BOOST_TEST(show(without_notes(m)) == show({Send{AskResources{RscSet::local_only(), AskResources::Info::other}}}));
    BOOST_TEST(without_notes(p.received(ResourceMsg{RscSet::none(), false, "standby"}, Millis(11))).empty());
    auto d = p.received(AskResources{RscSet::local_only(), AskResources::Info::done}, Millis(12));
    BOOST_TEST(show(without_notes(d)) == show({StartGroup{"10.0.0.2"}}));
    auto f = p.group_done("10.0.0.2", GroupOp::start, true, Millis(13));
    BOOST_TEST(show(without_notes(f)) == show({Send{AskResources{RscSet::local_only(), AskResources::Info::done}},
                                               Send{ResourceMsg{RscSet::all(), true, ""}}}));
    BOOST_TEST(has_note(f, "Standby resource acquisition done"));
}

BOOST_AUTO_TEST_CASE(takeover_sends_hb_takeover_and_peer_stands_by_complement) {
    Policy p(cfg(AutoFailback::off));
    hold_own_groups(p);
    auto t = p.takeover(RscSet::foreign_only(), Millis(5));
    BOOST_TEST(show(without_notes(t)) == show({Send{HbTakeover{RscSet::foreign_only()}}}));
    // The peer wants its foreign (our local): we stand by with local.
    auto s = p.received(HbTakeover{RscSet::foreign_only()}, Millis(6));
    BOOST_TEST(show(without_notes(s)) == show({Send{AskResources{RscSet::local_only(), AskResources::Info::me}}}));
}

BOOST_AUTO_TEST_CASE(stop_during_start_follows_after_it) {
    Policy p(cfg(AutoFailback::legacy));
    p.peer_dead(Millis(0));
    p.comm_up(Millis(0));
    p.peer_up(Millis(1));
    BOOST_TEST(p.received(IpRequest{"10.0.0.2"}, Millis(2)).empty());   // start still running
    auto a = p.group_done("10.0.0.2", GroupOp::start, true, Millis(3));
    BOOST_TEST(show(a) == show({StopGroup{"10.0.0.2"}}));
    BOOST_TEST(p.group_done("10.0.0.2", GroupOp::start, true, Millis(3)).empty());   // stray report
    auto b = p.group_done("10.0.0.2", GroupOp::stop, true, Millis(4));
    BOOST_TEST(show(b) == show({Send{IpRequestResp{"b", "10.0.0.2", true}}}));
}

BOOST_AUTO_TEST_CASE(group_specs_from_haresources) {
    auto r = hb::config::parse_haresources("a 10.0.0.1/24/eth0 directord::ldirectord.cf\nb IPaddr2::10.0.0.2\n");
    BOOST_TEST_REQUIRE(r.ok());
    auto g = group_specs(r.groups);
    BOOST_TEST_REQUIRE(g.size() == 2u);
    BOOST_TEST(g[0].key == "10.0.0.1/24/eth0");
    BOOST_TEST(g[0].home == "a");
    BOOST_TEST(g[1].home == "b");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hb_failover_reload)

// ha.cf reload: auto_failback may move between on and off; legacy is another protocol.
BOOST_AUTO_TEST_CASE(auto_failback_changes_only_between_on_and_off) {
    Policy on(cfg(AutoFailback::on));
    BOOST_TEST(on.set_auto_failback(AutoFailback::off));
    BOOST_TEST(!on.set_auto_failback(AutoFailback::legacy));
    BOOST_TEST(on.set_auto_failback(AutoFailback::on));
    Policy legacy(cfg(AutoFailback::legacy));
    BOOST_TEST(!legacy.set_auto_failback(AutoFailback::on));
}

BOOST_AUTO_TEST_SUITE_END()
