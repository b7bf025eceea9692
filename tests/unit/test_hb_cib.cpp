#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "heartbeatd/cib/cib_xml.hpp"
#include "heartbeatd/cib/convert.hpp"
#include "heartbeatd/cib/corosync_advice.hpp"
#include "heartbeatd/cib/resource_map.hpp"
#include "heartbeatd/cib/xml_id.hpp"
#include "heartbeatd/daemon/command_line.hpp"

using namespace hb::cib;
using hb::config::Severity;

namespace {

hb::config::Resource res(const std::string& token) {
    std::string why;
    auto r = hb::config::parse_resource(token, &why);
    BOOST_REQUIRE_MESSAGE(r, token + ": " + why);
    return *r;
}

MapContext context() {
    MapContext c;
    c.resource_d = {"IPaddr", "IPaddr2", "IPv6addr", "directord", "localscript"};
    c.init_d = {"apache2", "ssh"};
    c.directord_path = "/opt/ha/bin/directord";
    c.ldirectord_config = [](const std::string& given) -> std::optional<std::string> {
        if (given == "ldirectord.cf" || given == "lvs.cf") return "/etc/ha.d/" + given;
        return std::nullopt;
    };
    return c;
}

// name=value of every parameter, in order, space separated.
std::string params(const Primitive& p) {
    std::string s;
    for (auto& nv : p.params) s += (s.empty() ? "" : " ") + nv.name + "=" + nv.value;
    return s;
}

std::string agent(const Primitive& p) { return p.cls + (p.provider.empty() ? "" : ":" + p.provider) + ":" + p.type; }

Mapped map(const std::string& token) { return map_resource(res(token), context()); }

struct Converted {
    hb::config::HaCfResult cf;
    hb::config::HaResourcesResult hr;
    CibResult cib;
    std::string xml;
    bool mentions(Severity sev, const std::string& where, const std::string& needle) const {
        for (auto& d : cib.diagnostics)
            if (d.severity == sev && d.str().find(where) != std::string::npos && d.str().find(needle) != std::string::npos)
                return true;
        return false;
    }
};

Converted convert(const std::string& hacf, const std::string& haresources) {
    Converted c;
    c.cf = hb::config::parse_ha_cf(hacf);
    BOOST_REQUIRE_MESSAGE(c.cf.ok(), c.cf.diagnostics.str());
    hb::config::HaResourcesOptions o;
    o.nodes = c.cf.config.nodes;
    c.hr = hb::config::parse_haresources(haresources, o);
    BOOST_REQUIRE_MESSAGE(c.hr.ok(), c.hr.diagnostics.str());
    CibInput in;
    in.cf = &c.cf.config;
    in.hacf_text = hacf;
    in.groups = &c.hr.groups;
    in.scripts = context();
    c.cib = make_cib(in);
    c.xml = to_xml(c.cib.cib);
    return c;
}

const char* kPair =
    "keepalive 2\n"
    "deadtime 30\n"
    "warntime 10\n"
    "initdead 120\n"
    "udpport 694\n"
    "bcast eth0\n"
    "auto_failback on\n"
    "logfacility local0\n"
    "node alpha\n"
    "node beta\n";

} // namespace

BOOST_AUTO_TEST_SUITE(hb_cib)

BOOST_AUTO_TEST_CASE(ipaddr_with_cidr_interface_broadcast) {
    auto m = map("IPaddr::192.168.85.3/24/eth0/192.168.85.255");
    BOOST_REQUIRE(m.primitive);
    BOOST_TEST(agent(*m.primitive) == "ocf:heartbeat:IPaddr2");
    BOOST_TEST(params(*m.primitive) == "ip=192.168.85.3 cidr_netmask=24 nic=eth0 broadcast=192.168.85.255");
    BOOST_TEST(m.warnings.empty());
    BOOST_TEST(m.primitive->ops.at(0).name == "monitor");
}

BOOST_AUTO_TEST_CASE(bare_ip_and_ipaddr2_forms) {
    auto bare = map("10.0.0.1");
    BOOST_REQUIRE(bare.primitive);
    BOOST_TEST(agent(*bare.primitive) == "ocf:heartbeat:IPaddr2");
    BOOST_TEST(params(*bare.primitive) == "ip=10.0.0.1");
    auto shorthand = map("10.0.0.1/24/eth1");
    BOOST_TEST(params(*shorthand.primitive) == "ip=10.0.0.1 cidr_netmask=24 nic=eth1");
    // A third part starting with a digit is the broadcast address (no interface).
    auto brd = map("IPaddr2::10.0.0.1/24/10.0.0.255");
    BOOST_TEST(params(*brd.primitive) == "ip=10.0.0.1 cidr_netmask=24 broadcast=10.0.0.255");
    // interface:label -> nic and iflabel; a dotted netmask is kept as given.
    auto label = map("IPaddr2::10.0.0.1/255.255.255.0/eth0:vip");
    BOOST_TEST(params(*label.primitive) == "ip=10.0.0.1 cidr_netmask=255.255.255.0 nic=eth0 iflabel=vip");
}

BOOST_AUTO_TEST_CASE(bad_addresses_are_not_converted) {
    for (const char* t : {"IPaddr2::10.0.0.300", "IPaddr::10.0.0.1/40", "IPaddr2::10.0.0.1/24/eth0/x.y", "IPaddr::10.0.0.1::eth0",
                          "IPaddr2::10.0.0.1/24/eth0/10.0.0.255/extra", "IPv6addr::10.0.0.1", "IPv6addr::2001:db8::1/200"}) {
        auto m = map(t);
        BOOST_TEST(!m.primitive, t);
        BOOST_TEST(!m.error.empty(), t);
    }
}

BOOST_AUTO_TEST_CASE(ipv6addr_keeps_the_colons_haresources_split) {
    auto m = map("IPv6addr::2001:db8::10/64/eth0");
    BOOST_REQUIRE(m.primitive);
    BOOST_TEST(agent(*m.primitive) == "ocf:heartbeat:IPv6addr");
    BOOST_TEST(params(*m.primitive) == "ipv6addr=2001:db8::10 cidr_netmask=64 nic=eth0");
    BOOST_TEST(resource_id(res("IPv6addr::2001:db8::10/64/eth0"), *m.primitive) == "IPv6addr_2001_db8_10");
}

BOOST_AUTO_TEST_CASE(directord_and_ldirectord_become_the_ldirectord_agent_running_directord) {
    for (const char* t : {"directord::ldirectord.cf", "ldirectord::ldirectord.cf", "directord"}) {
        auto m = map(t);
        BOOST_REQUIRE_MESSAGE(m.primitive, t);
        BOOST_TEST(agent(*m.primitive) == "ocf:heartbeat:ldirectord");
        BOOST_TEST(params(*m.primitive) == "configfile=/etc/ha.d/ldirectord.cf ldirectord=/opt/ha/bin/directord");
        BOOST_TEST(m.warnings.empty());
    }
    BOOST_TEST(resource_id(res("ldirectord::lvs.cf"), *map("ldirectord::lvs.cf").primitive) == "ldirectord_lvs.cf");
    // A config file not found here: named where the agent will look, with a warning.
    auto missing = map("directord::other.cf");
    BOOST_REQUIRE(missing.primitive);
    BOOST_TEST(params(*missing.primitive) == "configfile=/etc/ha.d/other.cf ldirectord=/opt/ha/bin/directord");
    BOOST_REQUIRE(missing.warnings.size() == 1u);
    BOOST_TEST(missing.warnings[0].find("other.cf not found") != std::string::npos);
    BOOST_TEST(!map("directord::a.cf::b.cf").primitive);
}

BOOST_AUTO_TEST_CASE(heartbeat_wrappers_name_their_positional_arguments) {
    auto fs = map("Filesystem::/dev/sdb1::/srv/data::ext4::noatime");
    BOOST_REQUIRE(fs.primitive);
    BOOST_TEST(agent(*fs.primitive) == "ocf:heartbeat:Filesystem");
    BOOST_TEST(params(*fs.primitive) == "device=/dev/sdb1 directory=/srv/data fstype=ext4 options=noatime");
    auto mail = map("MailTo::root@example.com::failover");
    BOOST_TEST(params(*mail.primitive) == "email=root@example.com subject=failover");
    BOOST_TEST(params(*map("SendArp::10.0.0.1/eth0").primitive) == "ip=10.0.0.1 nic=eth0");
    BOOST_TEST(params(*map("AudibleAlarm::alpha::beta").primitive) == "nodelist=alpha beta");
    BOOST_TEST(params(*map("WAS::9080").primitive) == "port=9080");
    BOOST_TEST(params(*map("WAS::/etc/was.conf").primitive) == "config=/etc/was.conf");
    // Wrong argument counts are reported, not guessed.
    BOOST_TEST(!map("MailTo").primitive);
    BOOST_TEST(!map("MailTo::a::b::c").primitive);
    BOOST_TEST(map("MailTo::a::b::c").error.find("1..2 arguments") != std::string::npos);
    BOOST_TEST(!map("portblock::tcp::80").primitive);
    BOOST_TEST(!map("OCF::x").primitive);
}

BOOST_AUTO_TEST_CASE(init_scripts_become_lsb_resources) {
    auto a = map("apache2");
    BOOST_REQUIRE(a.primitive);
    BOOST_TEST(agent(*a.primitive) == "lsb:apache2");
    BOOST_TEST(a.primitive->params.empty());
    // Arguments cannot be passed to an LSB resource: not converted.
    auto args = map("apache2::extra");
    BOOST_TEST(!args.primitive);
    BOOST_TEST(args.error.find("LSB resource takes none") != std::string::npos);
    // A resource.d script: lsb with a warning to copy it to /etc/init.d; unknown: a warning.
    auto local = map("localscript");
    BOOST_REQUIRE(local.primitive);
    BOOST_TEST(local.warnings.at(0).find("copy it there") != std::string::npos);
    auto unknown = map("nosuch");
    BOOST_REQUIRE(unknown.primitive);
    BOOST_TEST(unknown.warnings.at(0).find("neither in resource.d nor in /etc/init.d") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_line_a_group_with_its_home_node) {
    auto c = convert(kPair,
                     "alpha 10.0.0.10/24/eth0 directord::ldirectord.cf\n"
                     "beta IPaddr2::10.0.0.11/24/eth0 apache2 MailTo::ops@example.com\n");
    auto& cib = c.cib.cib;
    BOOST_TEST(c.cib.complete());
    BOOST_REQUIRE(cib.groups.size() == 2u);
    BOOST_TEST(cib.groups[0].id == "group_1");
    BOOST_TEST(cib.groups[0].home_node == "alpha");
    BOOST_TEST(cib.groups[1].home_node == "beta");
    BOOST_REQUIRE(cib.groups[1].members.size() == 3u);
    BOOST_TEST(cib.groups[1].members[0].primitive.at(0).id == "IPaddr2_10.0.0.11");
    BOOST_TEST(cib.groups[1].members[1].primitive.at(0).id == "apache2");
    BOOST_TEST(cib.groups[1].members[2].primitive.at(0).id == "MailTo_ops_example.com");
    BOOST_TEST(cib.groups[1].members[0].primitive.at(0).description == "haresources:2: IPaddr2::10.0.0.11/24/eth0");
    BOOST_REQUIRE(cib.nodes.size() == 2u);
    BOOST_TEST(cib.nodes[1].id == "2");
    BOOST_TEST(cib.nodes[1].uname == "beta");
    // In the XML, in haresources order, and the location constraints.
    auto x = c.xml;
    auto g1 = x.find("<group id=\"group_1\""), ip = x.find("id=\"IPaddr2_10.0.0.10\""), ld = x.find("id=\"directord_ldirectord.cf\""),
         g2 = x.find("<group id=\"group_2\"");
    BOOST_TEST((g1 < ip && ip < ld && ld < g2 && g2 != std::string::npos));
    BOOST_TEST(x.find("<rsc_location id=\"location-group_1-alpha\" rsc=\"group_1\" node=\"alpha\" score=\"100\"/>") != std::string::npos);
    BOOST_TEST(x.find("<rsc_location id=\"location-group_2-beta\" rsc=\"group_2\" node=\"beta\" score=\"100\"/>") != std::string::npos);
    BOOST_TEST(x.find("name=\"ldirectord\" value=\"/opt/ha/bin/directord\"") != std::string::npos);
    BOOST_TEST(x.find("name=\"stonith-enabled\" value=\"false\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(auto_failback_is_stickiness) {
    auto on = convert(kPair, "alpha 10.0.0.10\n");
    BOOST_TEST(on.xml.find("name=\"resource-stickiness\" value=\"0\"") != std::string::npos);
    std::string off = kPair;
    off.replace(off.find("auto_failback on"), 16, "auto_failback off");
    BOOST_TEST(convert(off, "alpha 10.0.0.10\n").xml.find("name=\"resource-stickiness\" value=\"INFINITY\"") != std::string::npos);
    std::string legacy = kPair;
    legacy.replace(legacy.find("auto_failback on"), 16, "auto_failback legacy");
    auto l = convert(legacy, "alpha 10.0.0.10\n");
    BOOST_TEST(l.xml.find("name=\"resource-stickiness\" value=\"0\"") != std::string::npos);
    BOOST_TEST(l.mentions(Severity::warning, "ha.cf:7", "legacy converted as on"));
}

BOOST_AUTO_TEST_CASE(timing_becomes_corosync_advice_and_dc_deadtime) {
    auto c = convert(kPair, "alpha 10.0.0.10\n");
    BOOST_TEST(c.xml.find("token: 30000") != std::string::npos);
    BOOST_TEST(c.xml.find("token_retransmits_before_loss_const: 15") != std::string::npos);
    BOOST_TEST(c.xml.find("ha.cf:2 deadtime 30 s, ha.cf:1 keepalive 2 s") != std::string::npos);
    BOOST_TEST(c.xml.find("two_node: 1") != std::string::npos);
    BOOST_TEST(c.xml.find("link 0 replaces ha.cf:6 bcast eth0") != std::string::npos);
    BOOST_TEST(c.xml.find("name=\"dc-deadtime\" value=\"120000ms\"") != std::string::npos);
    auto t = token_advice(c.cf.config);
    BOOST_TEST(t.token_ms == 30000);
    // Retransmits: at least 2, whatever the ratio.
    hb::config::HaCf tight;
    tight.deadtime = std::chrono::milliseconds(1000);
    tight.keepalive = std::chrono::milliseconds(1000);
    BOOST_TEST(token_advice(tight).retransmits == 2);
}

BOOST_AUTO_TEST_CASE(ha_cf_directives_without_equivalent_are_reported_with_their_lines) {
    std::string cf = std::string(kPair) + "ping 10.0.0.254\nrespawn hacluster /usr/lib/heartbeat/ipfail\nserial /dev/ttyS0\n";
    auto c = convert(cf, "alpha 10.0.0.10\n");
    BOOST_TEST(c.mentions(Severity::warning, "ha.cf:3", "warntime: no equivalent"));
    BOOST_TEST(c.mentions(Severity::warning, "ha.cf:8", "logfacility: not converted"));
    BOOST_TEST(c.mentions(Severity::warning, "ha.cf:11", "ping: not converted: check connectivity with a clone of ocf:pacemaker:ping"));
    BOOST_TEST(c.mentions(Severity::warning, "ha.cf:12", "respawn: not converted"));
    BOOST_TEST(c.mentions(Severity::warning, "ha.cf:13", "serial: not converted"));
    // What went into the CIB or the advice is not reported.
    for (const char* d : {"keepalive:", "deadtime:", "bcast:", "node:", "auto_failback:", "initdead:", "udpport:"})
        BOOST_TEST(!c.mentions(Severity::warning, "ha.cf", std::string(": ") + d), d);
    BOOST_TEST(c.cib.complete());   // warnings only
}

BOOST_AUTO_TEST_CASE(resources_not_converted_are_errors_and_comments_never_dropped) {
    auto c = convert(kPair,
                     "alpha 10.0.0.10 localscript::arg OCF::thing\n"
                     "beta apache2::x\n");
    BOOST_TEST(!c.cib.complete());
    BOOST_TEST(c.mentions(Severity::error, "haresources:1", "localscript::arg: not converted"));
    BOOST_TEST(c.mentions(Severity::error, "haresources:1", "OCF::thing: not converted"));
    BOOST_TEST(c.mentions(Severity::error, "haresources:2", "apache2::x: not converted"));
    BOOST_TEST(c.mentions(Severity::error, "haresources:2", "no resource left"));
    // Group 1 keeps its IP and a comment where each lost resource stood; group 2 is only a comment.
    BOOST_TEST(c.xml.find("<!-- NOT CONVERTED (haresources:1): localscript::arg:") != std::string::npos);
    BOOST_TEST(c.xml.find("<!-- NOT CONVERTED (haresources:2): apache2::x:") != std::string::npos);
    BOOST_TEST(c.xml.find("group_2") == std::string::npos);
    BOOST_TEST(c.xml.find("location-group_1-alpha") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ids_stay_unique) {
    auto c = convert(kPair, "alpha MailTo::a@x MailTo::a@x::other\nbeta 10.0.0.11\n");
    auto& m = c.cib.cib.groups[0].members;
    BOOST_TEST(m[0].primitive.at(0).id == "MailTo_a_x");
    BOOST_TEST(m[1].primitive.at(0).id == "MailTo_a_x-2");
}

BOOST_AUTO_TEST_CASE(xml_text_is_escaped) {
    BOOST_TEST(xml_escape("a<b>&\"c\"") == "a&lt;b&gt;&amp;&quot;c&quot;");
    BOOST_TEST(comment_safe("a--b-") == "a- -b- ");
    BOOST_TEST(comment_safe("a---b") == "a- - -b");
    BOOST_TEST(xml_id("10.0.0.1") == "_10.0.0.1");
    BOOST_TEST(xml_id("MailTo_a@b::c") == "MailTo_a_b_c");
    auto c = convert(kPair, "alpha MailTo::ops@example.com::a&b<c>\n");
    BOOST_TEST(c.xml.find("value=\"a&amp;b&lt;c&gt;\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(command_line_cib) {
    auto none = [](const char*) -> std::optional<std::string> { return std::nullopt; };
    auto p = hb::daemon::parse_command_line({"cib", "-c", "/tmp/ha", "--directord", "/x/directord"}, none);
    BOOST_REQUIRE(p.cmd);
    BOOST_TEST((p.cmd->action == hb::daemon::CommandLine::Action::cib));
    BOOST_TEST(p.cmd->config_dir == "/tmp/ha");
    BOOST_TEST(p.cmd->cib_directord == "/x/directord");
    auto q = hb::daemon::parse_command_line({"-c/etc/x", "cib"}, none);
    BOOST_REQUIRE(q.cmd);
    BOOST_TEST(q.cmd->config_dir == "/etc/x");
    BOOST_TEST(!hb::daemon::parse_command_line({"cib", "extra"}, none).cmd);
    BOOST_TEST(!hb::daemon::parse_command_line({"-k", "cib"}, none).cmd);
}

BOOST_AUTO_TEST_SUITE_END()
