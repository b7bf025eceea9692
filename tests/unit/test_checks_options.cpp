// Each protocol family's options (a CheckTarget plus only the fields it reads), built
// from a CheckSpec: what they carry, and what a probe then costs per check (10,000
// reals: a probe holding a whole spec was ~0.6 KB, a dns or sip one 3-6 KB).
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/checks/protocols/dns_probe.hpp"
#include "directord/checks/protocols/ftp_probe.hpp"
#include "directord/checks/protocols/http_probe.hpp"
#include "directord/checks/protocols/imap_probe.hpp"
#include "directord/checks/protocols/ldap_probe.hpp"
#include "directord/checks/protocols/mysql_probe.hpp"
#include "directord/checks/protocols/nntp_probe.hpp"
#include "directord/checks/protocols/pgsql_probe.hpp"
#include "directord/checks/protocols/pop_probe.hpp"
#include "directord/checks/protocols/radius_probe.hpp"
#include "directord/checks/protocols/simpletcp_probe.hpp"
#include "directord/checks/protocols/sip_probe.hpp"
#include "directord/checks/protocols/smtp_probe.hpp"

using namespace directord::checks;

namespace {

CheckSpec spec(const std::string& service) {
    CheckSpec s;
    s.kind = CheckSpec::Kind::negotiate;
    s.service = service;
    s.addr = *ha::Address::parse("10.0.0.7");
    s.port = 4242;
    s.udp = true;
    s.login = "who";
    s.passwd = "pw";
    s.request = "/what";
    s.receive = "ok";
    s.secret = "s3";
    s.database = "db";
    s.url = "https://10.0.0.7:4242/what";
    s.host = "www.example.org";
    s.method = "HEAD";
    s.keepalive = true;
    s.sni = "www.example.org";
    s.tls.verify = TlsPolicy::Verify::hostname;
    return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks_options)

BOOST_AUTO_TEST_CASE(the_target_is_the_real_server_and_the_virtuals_protocol) {
    CheckTarget t = spec("smtp");
    BOOST_TEST(t.addr.str() == "10.0.0.7");
    BOOST_TEST(t.port == 4242);
    BOOST_TEST(t.udp);
}

BOOST_AUTO_TEST_CASE(each_family_carries_its_fields) {
    FtpOptions ftp = spec("ftp");
    BOOST_TEST(ftp.login == "who");
    BOOST_TEST(ftp.passwd == "pw");
    BOOST_TEST(ftp.request == "/what");
    BOOST_TEST(ftp.receive == "ok");
    RadiusOptions radius = spec("radius");
    BOOST_TEST(radius.secret == "s3");
    BOOST_TEST(radius.login == "who");
    SqlOptions sql = spec("pgsql");
    BOOST_TEST(sql.service == "pgsql");
    BOOST_TEST(sql.database == "db");
    BOOST_TEST(sql.port == 4242);
    SipOptions sip = spec("sip");
    BOOST_TEST(sip.login == "who");
    BOOST_TEST(sip.udp);
    DnsOptions dns = spec("dns");
    BOOST_TEST(dns.request == "/what");
    BOOST_TEST(dns.receive == "ok");
    HttpOptions http = spec("https");
    BOOST_TEST(http.url == "https://10.0.0.7:4242/what");
    BOOST_TEST(http.host == "www.example.org");
    BOOST_TEST(http.method == "HEAD");
    BOOST_TEST(http.keepalive);
    BOOST_TEST(http.sni.value_or("") == "www.example.org");
}

// The TLS side follows the service registry: only the TLS-from-the-first-byte services
// name a peer; the certificate's name is the virtualhost, else the real server's IP.
BOOST_AUTO_TEST_CASE(tls_services_name_their_peer) {
    PopOptions pops = spec("pops");
    BOOST_TEST(pops.tls);
    BOOST_TEST(pops.peer.sni == "www.example.org");
    BOOST_TEST(pops.peer.verify_name == "www.example.org");
    PopOptions pop = spec("pop");
    BOOST_TEST(!pop.tls);
    BOOST_TEST(pop.peer.sni.empty());
    BOOST_TEST(pop.peer.verify_name.empty());
    CheckSpec s = spec("ldaps");
    s.sni.reset();
    LdapOptions ldaps = s;
    BOOST_TEST(ldaps.tls);
    BOOST_TEST(ldaps.peer.sni.empty());
    BOOST_TEST(ldaps.peer.verify_name == "10.0.0.7");
    BOOST_TEST(!ImapOptions(spec("imap")).tls);
    BOOST_TEST(ImapOptions(spec("imaps")).tls);
}

// A probe keeps only what its protocol reads, never a whole spec; the http probe's own
// part stays ~0.3 KB (what its virtual shares lives once in HttpCommon).
BOOST_AUTO_TEST_CASE(probes_hold_less_than_a_spec) {
    constexpr std::size_t spec_size = sizeof(CheckSpec);
    BOOST_TEST(sizeof(SmtpProbe) < spec_size / 2);
    BOOST_TEST(sizeof(NntpProbe) < spec_size / 2);
    BOOST_TEST(sizeof(SimpleTcpProbe) < spec_size / 2);
    BOOST_TEST(sizeof(DnsProbe) < spec_size / 2);
    BOOST_TEST(sizeof(SipProbe) < spec_size / 2);
    BOOST_TEST(sizeof(RadiusProbe) < spec_size / 2);
    BOOST_TEST(sizeof(FtpProbe) < spec_size / 2);
    BOOST_TEST(sizeof(PopProbe) < spec_size / 2);
    BOOST_TEST(sizeof(ImapProbe) < spec_size / 2);
    BOOST_TEST(sizeof(MysqlProbe) < spec_size / 2);
    BOOST_TEST(sizeof(PgsqlProbe) < spec_size / 2);
    BOOST_TEST(sizeof(LdapProbe) < spec_size);
    BOOST_TEST(sizeof(HttpProbe) <= 320u);
}

BOOST_AUTO_TEST_SUITE_END()
