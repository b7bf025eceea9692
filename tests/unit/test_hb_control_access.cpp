// heartbeatd's control socket: who may ask what (root everything, haclient members the
// read-only queries, others nothing), and the JSON status view.
#include <boost/test/unit_test.hpp>

#include "heartbeatd/daemon/control_query.hpp"

using namespace hb::daemon;
using hb::membership::NodeStatus;

namespace {

struct View : ClusterView {
    int standbys = 0;
    std::vector<std::string> nodes() const override { return {"nodea", "nodeb"}; }
    std::vector<std::string> ping_nodes() const override { return {"10.0.0.254"}; }
    NodeStatus node_status(const std::string& n) const override {
        return n == "nodea" ? NodeStatus::active : n == "nodeb" ? NodeStatus::dead : NodeStatus::ping;
    }
    std::vector<std::string> links(const std::string& n) const override {
        return n == "10.0.0.254" ? std::vector<std::string>{"10.0.0.254"} : std::vector<std::string>{"eth0"};
    }
    std::optional<bool> link_up(const std::string& n, const std::string&) const override { return n != "nodeb"; }
    std::string rsc_status() const override { return "all"; }
    std::optional<std::string> parameter(const std::string&) const override { return std::nullopt; }
    std::string counters() const override { return ""; }
    std::string this_node() const override { return "nodea"; }
    std::string standby(const std::string&) override { ++standbys; return ""; }
    std::string takeover(const std::string&) override { ++standbys; return ""; }
};

constexpr gid_t kHaclient = 113;

} // namespace

BOOST_AUTO_TEST_SUITE(hb_control_access)

BOOST_AUTO_TEST_CASE(access_by_peer_credentials) {
    BOOST_TEST((access_for(0, 0, {}, std::nullopt) == Access::full));
    BOOST_TEST((access_for(0, 5, {}, kHaclient) == Access::full));
    BOOST_TEST((access_for(109, kHaclient, {}, kHaclient) == Access::read_only));          // primary group
    BOOST_TEST((access_for(1000, 1000, {27, kHaclient}, kHaclient) == Access::read_only)); // supplementary
    BOOST_TEST((access_for(1000, 1000, {27, 100}, kHaclient) == Access::none));
    BOOST_TEST((access_for(109, kHaclient, {kHaclient}, std::nullopt) == Access::none));   // no such group here
}

BOOST_AUTO_TEST_CASE(read_only_peers_query_but_never_change) {
    View v;
    auto ro = [&](const std::string& line) { return answer(split_words(line), v, Access::read_only); };
    BOOST_TEST(ro("hbstatus").ok);
    BOOST_TEST(ro("nodestatus nodeb").text == "dead");
    BOOST_TEST(ro("rscstatus").text == "all");
    auto s = ro("standby all");
    BOOST_TEST(!s.ok);
    BOOST_TEST(s.text.starts_with(kPermissionDenied), s.text);
    BOOST_TEST(!ro("takeover").ok);
    BOOST_TEST(v.standbys == 0);
    BOOST_TEST(answer(split_words("standby all"), v, Access::full).ok);
    BOOST_TEST(v.standbys == 1);
    auto none = answer(split_words("hbstatus"), v, Access::none);
    BOOST_TEST(!none.ok);
    BOOST_TEST(none.text.starts_with(kPermissionDenied));
    BOOST_TEST(changes_state(split_words("takeover local")));
    BOOST_TEST(!changes_state(split_words("listnodes")));
}

BOOST_AUTO_TEST_CASE(json_status_has_nodes_links_and_resources) {
    View v;
    auto r = answer(split_words("--json"), v, Access::read_only);
    BOOST_TEST(r.ok);
    BOOST_TEST(r.text ==
               "{\"heartbeat\":\"running\",\"node\":\"nodea\",\"resources\":\"all\",\"nodes\":["
               "{\"name\":\"nodea\",\"type\":\"normal\",\"status\":\"active\",\"links\":[{\"name\":\"eth0\",\"status\":\"up\"}]},"
               "{\"name\":\"nodeb\",\"type\":\"normal\",\"status\":\"dead\",\"links\":[{\"name\":\"eth0\",\"status\":\"dead\"}]},"
               "{\"name\":\"10.0.0.254\",\"type\":\"ping\",\"status\":\"ping\",\"links\":[{\"name\":\"10.0.0.254\",\"status\":\"up\"}]}]}");
    BOOST_TEST(answer(split_words("json"), v).text == r.text);
}

BOOST_AUTO_TEST_SUITE_END()
