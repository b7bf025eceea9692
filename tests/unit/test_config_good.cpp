// Configs ldirectord 4.12 accepts, and the values it gives them (its real defaults).
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "tests/unit/config_fake.hpp"

using namespace directord;
using cfgtest::good;

BOOST_AUTO_TEST_SUITE(config_good)

BOOST_AUTO_TEST_CASE(empty_file_has_code_defaults) {
    for (const char* text : {"", "# only a comment\n\n   \n\t# indented comment\n"}) {
        Config c = good(text);
        BOOST_TEST(c.virtuals.empty());
        BOOST_TEST(c.quiescent == false);        // the man page says yes: the code says no
        BOOST_TEST(c.readdquiescent == false);
        BOOST_TEST(c.checkinterval == 10);
        BOOST_TEST(c.checktimeout == 0);
        BOOST_TEST(c.negotiatetimeout == 0);
        BOOST_TEST(c.checkcount == 1);
        BOOST_TEST(c.failurecount == 1);
        BOOST_TEST(c.autoreload == false);
        BOOST_TEST(!c.callback);
        BOOST_TEST(!c.fallback);
        BOOST_TEST(!c.fallback6);
        BOOST_TEST(!c.fallbackcommand);
        BOOST_TEST(c.logfile == "/var/log/ldirectord.log");
        BOOST_TEST(c.emailalert == "");
        BOOST_TEST(!c.emailalertfrom);
        BOOST_TEST(c.emailalertfreq == 0);
        BOOST_TEST(c.emailalertstatus == "all");
        BOOST_TEST(!c.smtp);
        BOOST_TEST(c.execute.empty());
        BOOST_TEST(c.supervised == false);
        BOOST_TEST(c.fork == false);
        BOOST_TEST(c.cleanstop == true);
        BOOST_TEST(!c.maintenancedir);
    }
}

BOOST_AUTO_TEST_CASE(every_global_directive) {
    Config c = good(
        "checktimeout=3\n"
        "negotiatetimeout = 20\n"
        "checkinterval=5 # seconds\n"   // numbers take the first digit run
        "checkcount=2\n"
        "failurecount=4\n"
        "autoreload=yes\n"
        "callback=\"/usr/local/bin/cb arg\"\n"
        "fallback=sorry:8080 masq\n"
        "fallback6=[2001:db8::99]\n"
        "fallbackcommand=\"/bin/fb\" x\n"
        "logfile=\"local0\"\n"
        "emailalert=\"ops@example.com, dev@example.com\"\n"
        "emailalertfrom=\"LVS\" <lvs@example.com>\n"
        "emailalertfreq=60\n"
        "emailalertstatus=starting, running\n"
        "smtp=mail.example.com\n"
        "execute=other.cf\n"
        "execute=third.cf\n"
        "execute=other.cf\n"
        "supervised=yes\n"
        "fork=yes\n"
        "quiescent=yes\n"
        "readdquiescent=yes\n"
        "cleanstop=no\n"
        "maintenancedir=/srv/maint\n");
    BOOST_TEST(c.checktimeout == 3);
    BOOST_TEST(c.negotiatetimeout == 20);
    BOOST_TEST(c.checkinterval == 5);
    BOOST_TEST(c.checkcount == 2);
    BOOST_TEST(c.failurecount == 4);
    BOOST_TEST(c.autoreload);
    BOOST_TEST(*c.callback == "/usr/local/bin/cb arg");
    BOOST_REQUIRE(c.fallback);
    BOOST_TEST(c.fallback->addr.str() == "10.9.9.9");
    BOOST_TEST(c.fallback->port == 8080);
    BOOST_TEST((c.fallback->fwd == ipvs::Fwd::masq));
    BOOST_REQUIRE(c.fallback6);
    BOOST_TEST(c.fallback6->addr.str() == "2001:db8::99");
    BOOST_TEST(c.fallback6->port == 0);
    BOOST_TEST((c.fallback6->fwd == ipvs::Fwd::route));
    BOOST_TEST(*c.fallbackcommand == "\"/bin/fb\" x");   // global keeps the quotes
    BOOST_TEST(c.logfile == "local0");
    BOOST_TEST(c.emailalert == "ops@example.com, dev@example.com");
    BOOST_TEST(*c.emailalertfrom == "\"LVS\" <lvs@example.com>");
    BOOST_TEST(c.emailalertfreq == 60);
    BOOST_TEST(c.emailalertstatus == "starting,running");
    BOOST_TEST(alert_status_mask(c.emailalertstatus) == (kAlertStarting | kAlertRunning));
    BOOST_TEST(*c.smtp == "mail.example.com");
    BOOST_TEST((c.execute == std::vector<std::string>{"other.cf", "third.cf"}));
    BOOST_TEST(c.supervised);
    BOOST_TEST(c.fork);
    BOOST_TEST(c.quiescent);
    BOOST_TEST(c.readdquiescent);
    BOOST_TEST(c.cleanstop == false);
    BOOST_TEST(*c.maintenancedir == "/srv/maint");
}

BOOST_AUTO_TEST_CASE(bare_supervised_and_syslog_logfile) {
    auto r = cfgtest::parse("supervised\nlogfile=\"/nonexistent/x.log\"\n");
    // supervised: ldirectord does not open the log file at all.
    BOOST_REQUIRE(r.config);
    BOOST_TEST(r.config->supervised);
    BOOST_TEST(r.config->logfile == "/nonexistent/x.log");
}

BOOST_AUTO_TEST_CASE(emailalertstatus_forms) {
    BOOST_TEST(good("emailalertstatus=none\n").emailalertstatus == "none");
    BOOST_TEST(good("emailalertstatus=all,starting\n").emailalertstatus == "all");
    BOOST_TEST(good("emailalertstatus=reloading , stopping\n").emailalertstatus == "stopping,reloading");
    BOOST_TEST(alert_status_mask("none") == 0u);
    BOOST_TEST(alert_status_mask("all") == kAlertAll);
}

BOOST_AUTO_TEST_CASE(virtual_defaults) {
    Config c = good("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n");
    BOOST_REQUIRE(c.virtuals.size() == 1u);
    const Virtual& v = c.virtuals[0];
    BOOST_TEST(v.line == 1);
    BOOST_TEST(!v.v6);
    BOOST_TEST(v.text == "10.0.0.1:80");
    BOOST_TEST(v.key.af == AF_INET);
    BOOST_TEST(v.key.protocol == IPPROTO_TCP);
    BOOST_TEST(v.key.addr.str() == "10.0.0.1");
    BOOST_TEST(v.key.port == 80);
    BOOST_TEST(v.key.fwmark == 0u);
    BOOST_TEST((v.checktype == CheckType::negotiate));
    BOOST_TEST(v.service == "http");
    BOOST_TEST(!v.service_explicit);
    BOOST_TEST(v.checkcommand == "/bin/true");
    BOOST_TEST(v.checkport == 0);
    BOOST_TEST(v.request == "/");
    BOOST_TEST(v.receive == "");
    BOOST_TEST(v.httpmethod == "GET");
    BOOST_TEST(!v.virtualhost);
    BOOST_TEST(v.login == "");
    BOOST_TEST(v.passwd == "");
    BOOST_TEST(v.scheduler == "wrr");
    BOOST_TEST(!v.persistent);
    BOOST_TEST(!v.netmask_text);
    BOOST_TEST(!v.schedflags);
    BOOST_TEST(!v.ops);
    BOOST_TEST(!v.fallback);
    BOOST_TEST(!v.fallbackcommand);
    BOOST_TEST(!v.quiescent);
    BOOST_TEST(v.cleanstop);
    BOOST_TEST(v.checktimeout == 5);
    BOOST_TEST(v.negotiatetimeout == 30);
    BOOST_TEST(v.checkcount == 1);
    BOOST_TEST(v.failurecount == 1);
    BOOST_TEST(v.checkinterval == 10);
    BOOST_REQUIRE(v.reals.size() == 1u);
    const Real& r = v.reals[0];
    BOOST_TEST(r.addr.str() == "10.0.0.2");
    BOOST_TEST(r.port == 80);
    BOOST_TEST((r.fwd == ipvs::Fwd::route));
    BOOST_TEST(r.weight == 1);
    BOOST_TEST(r.l_threshold == 0u);
    BOOST_TEST(r.u_threshold == 0u);
    BOOST_TEST(!r.request);
    BOOST_TEST(!r.receive);
    BOOST_TEST(r.line == 2);
}

BOOST_AUTO_TEST_CASE(every_section_directive) {
    Config c = good(
        "virtual=10.0.0.1:8080\n"
        "    real=10.0.0.2:8080 masq 3\n"
        "    request=\"health\"\n"
        "    receive=\"OK\"\n"
        "    checktype=connect\n"
        "    checkcommand=\"/usr/lib/check x\"\n"
        "    checktimeout=4\n"
        "    negotiatetimeout=9\n"
        "    checkcount=2\n"
        "    failurecount=3\n"
        "    checkinterval=7\n"
        "    checkport=8081\n"
        "    login=\"user\"\n"
        "    passwd=\"secret pass\"\n"
        "    database=\"db1\"\n"
        "    secret=\"radius\"\n"
        "    load=\"cpu\"\n"
        "    scheduler=wlc\n"
        "    persistent=300\n"
        "    netmask=255.255.255.0\n"
        "    schedflags=mh-fallback,mh-port\n"
        "    protocol=tcp\n"
        "    ops=no\n"
        "    service=https\n"
        "    httpmethod=head\n"
        "    virtualhost=\"www.example.com\"\n"
        "    fallback=sorry masq\n"
        "    fallbackcommand=\"/bin/fallback\"\n"
        "    quiescent=yes\n"
        "    emailalert=\"a@example.com\"\n"
        "    emailalertfreq=30\n"
        "    emailalertstatus=running\n"
        "    monitorfile=\"/var/log/mon.log\"\n"
        "    cleanstop=no\n"
        "    smtp=smtp.example.com\n"
        "    servicename=Web shop\n"
        "    comment=primary site\n"
        "fork=yes\n");
    const Virtual& v = c.virtuals.at(0);
    BOOST_TEST(v.request == "/health");   // a leading / is added
    BOOST_TEST(v.receive == "OK");
    BOOST_TEST((v.checktype == CheckType::connect));
    BOOST_TEST(v.checkcommand == "/usr/lib/check x");
    BOOST_TEST(v.checktimeout == 4);
    BOOST_TEST(v.negotiatetimeout == 9);
    BOOST_TEST(v.checkcount == 2);
    BOOST_TEST(v.failurecount == 3);
    BOOST_TEST(v.checkinterval == 7);
    BOOST_TEST(v.checkinterval_explicit);
    BOOST_TEST(v.checkport == 8081);
    BOOST_TEST(v.login == "user");
    BOOST_TEST(v.passwd == "secret pass");
    BOOST_TEST(v.database == "db1");
    BOOST_TEST(v.secret == "radius");
    BOOST_TEST(*v.load == "cpu");
    BOOST_TEST(v.scheduler == "wlc");
    BOOST_TEST(*v.persistent == 300u);
    BOOST_TEST(*v.netmask_text == "255.255.255.0");
    BOOST_TEST(v.netmask == 0xffffff00u);
    BOOST_TEST(*v.schedflags == "mh-fallback,mh-port");
    BOOST_TEST(!v.ops);
    BOOST_TEST(v.service == "https");
    BOOST_TEST(v.service_explicit);
    BOOST_TEST(v.httpmethod == "HEAD");
    BOOST_TEST(*v.virtualhost == "www.example.com");
    BOOST_REQUIRE(v.fallback);
    BOOST_TEST(v.fallback->addr.str() == "10.9.9.9");
    BOOST_TEST(v.fallback->port == 8080);   // no port: the virtual's port
    BOOST_TEST((v.fallback->fwd == ipvs::Fwd::masq));
    BOOST_TEST(*v.fallbackcommand == "/bin/fallback");   // section strips the quotes
    BOOST_TEST(v.quiescent);
    BOOST_TEST(v.emailalert == "a@example.com");
    BOOST_TEST(v.emailalertfreq == 30);
    BOOST_TEST(v.emailalertstatus == "running");
    BOOST_TEST(*v.monitorfile == "/var/log/mon.log");
    BOOST_TEST(!v.cleanstop);
    BOOST_TEST(*v.smtp == "smtp.example.com");
    BOOST_TEST(*v.servicename == "Web shop");
    BOOST_TEST(*v.comment == "primary site");
    const Real& r = v.reals.at(0);
    BOOST_TEST((r.fwd == ipvs::Fwd::masq));
    BOOST_TEST(r.weight == 3);
}

BOOST_AUTO_TEST_CASE(globals_apply_to_virtuals_wherever_they_are) {
    Config c = good(
        "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n"
        "quiescent=yes\n"
        "cleanstop=no\n"
        "emailalert=ops@example.com\n"
        "emailalertfreq=5\n"
        "emailalertstatus=stopping\n"
        "smtp=mx\n"
        "fallbackcommand=/bin/fb\n"
        "checkcount=3\n"
        "failurecount=2\n"
        "checkinterval=4\n"
        "fallback=sorry\n"
        "virtual=10.0.0.1:443\n\treal=10.0.0.2:443 gate\n\tquiescent=no\n\tfallback=10.0.0.8:444\n");
    const Virtual& a = c.virtuals.at(0);
    BOOST_TEST(a.quiescent);
    BOOST_TEST(!a.cleanstop);
    BOOST_TEST(a.emailalert == "ops@example.com");
    BOOST_TEST(a.emailalertfreq == 5);
    BOOST_TEST(a.emailalertstatus == "stopping");
    BOOST_TEST(*a.smtp == "mx");
    BOOST_TEST(*a.fallbackcommand == "/bin/fb");
    BOOST_TEST(a.checkcount == 3);
    BOOST_TEST(a.failurecount == 2);
    BOOST_TEST(a.checkinterval == 4);
    BOOST_REQUIRE(a.fallback);
    BOOST_TEST(a.fallback->addr.str() == "10.9.9.9");
    BOOST_TEST(a.fallback->port == 80);   // global fallback without port: the virtual's port
    const Virtual& b = c.virtuals.at(1);
    BOOST_TEST(!b.quiescent);
    BOOST_TEST(b.fallback->addr.str() == "10.0.0.8");
    BOOST_TEST(b.fallback->port == 444);
}

BOOST_AUTO_TEST_CASE(global_fallback_by_family_and_protocol) {
    Config c = good(
        "fallback=sorry:http\nfallback6=sorry6\n"
        "virtual=10.0.0.1:53\n\treal=10.0.0.2:53 gate\n\n"
        "virtual6=[2001:db8::1]:80\n\treal6=[2001:db8::2]:80 gate\n");
    const Virtual& udp = c.virtuals.at(0);
    BOOST_TEST(udp.key.protocol == IPPROTO_UDP);
    BOOST_TEST(udp.fallback->addr.str() == "10.9.9.9");
    BOOST_TEST(udp.fallback->port == 80);
    const Virtual& v6 = c.virtuals.at(1);
    BOOST_TEST(v6.fallback->addr.str() == "2001:db8::99");
    BOOST_TEST(v6.fallback->port == 80);
}

BOOST_AUTO_TEST_CASE(timeout_derivation) {
    struct Case { const char* globals; const char* section; int check, negotiate; };
    const Case cases[] = {
        {"", "", 5, 30},
        {"checktimeout=3\n", "", 3, 3},
        {"negotiatetimeout=20\n", "", 20, 20},
        {"checktimeout=3\nnegotiatetimeout=20\n", "", 3, 20},
        {"checktimeout=3\n", "\tnegotiatetimeout=8\n", 8, 8},
        {"negotiatetimeout=20\n", "\tchecktimeout=2\n", 2, 2},
        {"checktimeout=3\nnegotiatetimeout=20\n", "\tchecktimeout=7\n", 7, 7},
        {"", "\tchecktimeout=4\n\tnegotiatetimeout=6\n", 4, 6},
    };
    for (const auto& k : cases) {
        Config c = good(std::string(k.globals) + "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n" + k.section);
        BOOST_TEST_CONTEXT(k.globals << "|" << k.section) {
            BOOST_TEST(c.virtuals.at(0).checktimeout == k.check);
            BOOST_TEST(c.virtuals.at(0).negotiatetimeout == k.negotiate);
        }
    }
}

BOOST_AUTO_TEST_CASE(virtual_forms) {
    Config c = good(
        "virtual=vip.example:www\n\treal=10.0.0.2 gate\n\n"
        "virtual=10.0.0.1:domain\n\treal=10.0.0.2 gate\n\n"
        "virtual = 10.0.0.1:53\n\treal=10.0.0.2 gate\n\tprotocol=tcp\n\n"
        "virtual=42\n\treal=10.0.0.2 gate\n\tservice=http\n\n"
        "virtual6=[2001:db8::1]:443\n\treal6=[2001:db8::2]:443 gate\n\n"
        "virtual6=42\n\treal6=web6 gate\n\tprotocol=fwm\n\tservice=http\n\n"
        "virtual=10.0.0.1:80 trailing junk is ignored\n\treal=10.0.0.2 gate\n");
    BOOST_REQUIRE(c.virtuals.size() == 7u);
    const auto& named = c.virtuals[0];
    BOOST_TEST(named.key.addr.str() == "192.0.2.1");
    BOOST_TEST(named.key.port == 80);
    BOOST_TEST(named.service == "http");
    const auto& dom = c.virtuals[1];
    BOOST_TEST(dom.key.protocol == IPPROTO_UDP);   // port written "domain"
    BOOST_TEST(dom.key.port == 53);
    BOOST_TEST(dom.service == "dns");
    const auto& tcp53 = c.virtuals[2];                // same address:port, other protocol: allowed
    BOOST_TEST(tcp53.key.protocol == IPPROTO_TCP);
    const auto& fwm = c.virtuals[3];
    BOOST_TEST(fwm.key.fwmark == 42u);
    BOOST_TEST(fwm.key.protocol == 0);
    BOOST_TEST(fwm.key.af == AF_INET);
    BOOST_TEST(fwm.reals.at(0).port == 0);
    const auto& v6 = c.virtuals[4];
    BOOST_TEST(v6.v6);
    BOOST_TEST(v6.key.af == AF_INET6);
    BOOST_TEST(v6.key.addr.str() == "2001:db8::1");
    BOOST_TEST(v6.service == "https");
    BOOST_TEST(v6.netmask == 128u);
    BOOST_TEST(v6.reals.at(0).addr.str() == "2001:db8::2");
    const auto& fwm6 = c.virtuals[5];   // fwm6:42 differs from fwm:42
    BOOST_TEST(fwm6.key.af == AF_INET6);
    BOOST_TEST(fwm6.reals.at(0).addr.str() == "2001:db8::11");
    BOOST_TEST(c.virtuals[6].key.port == 80);
}

BOOST_AUTO_TEST_CASE(default_service_by_port) {
    const std::pair<const char*, const char*> table[] = {
        {"21", "ftp"},   {"25", "smtp"},   {"53", "dns"},         {"80", "http"},      {"110", "pop"},
        {"119", "nntp"}, {"143", "imap"},  {"389", "ldap"},       {"443", "https"},    {"587", "submission"},
        {"636", "ldaps"}, {"993", "imaps"}, {"995", "pops"},      {"1521", "oracle"},  {"1812", "radius"},
        {"3128", "http_proxy"}, {"3306", "mysql"}, {"5060", "sip"}, {"5432", "pgsql"}, {"8080", "none"},
        {"080", "none"}};   // compared as written, as ldirectord does
    for (const auto& [port, service] : table) {
        Config c = good(std::string("virtual=10.0.0.1:") + port + "\n\treal=10.0.0.2 gate\n\tchecktype=connect\n");
        BOOST_TEST(c.virtuals.at(0).service == service, port);
    }
    BOOST_TEST(good("virtual=10.0.0.1:mysql\n\treal=10.0.0.2 gate\n").virtuals.at(0).service == "mysql");
}

BOOST_AUTO_TEST_CASE(real_forms) {
    Config c = good(
        "virtual=10.0.0.1:80\n"
        "\treal=10.0.0.2 gate\n"                       // no port: 0
        "\treal=web1:http masq 0\n"                    // names; weight 0 accepted
        "\treal=web2:8080 ipip 5 \"/check.html\", \"up\"\n"
        "\treal=10.0.0.3:80 gate 2 \"check\" \"alive\" l:10 u:100\n"
        "\treal=10.0.0.4:80 gate l:5\n"
        "\treal=10.0.0.5:80 gate u:7\n"
        "\treal=10.0.2.1->10.0.2.3:81 gate 4\n"
        "\treal=first->last gate\n");
    const auto& rs = c.virtuals.at(0).reals;
    BOOST_REQUIRE(rs.size() == 12u);
    BOOST_TEST(rs[0].port == 0);
    BOOST_TEST(rs[1].addr.str() == "10.0.0.11");
    BOOST_TEST(rs[1].port == 80);
    BOOST_TEST((rs[1].fwd == ipvs::Fwd::masq));
    BOOST_TEST(rs[1].weight == 0);
    BOOST_TEST((rs[2].fwd == ipvs::Fwd::tunnel));
    BOOST_TEST(rs[2].weight == 5);
    BOOST_TEST(*rs[2].request == "/check.html");
    BOOST_TEST(*rs[2].receive == "up");
    BOOST_TEST(*rs[3].request == "/check");
    BOOST_TEST(*rs[3].receive == "alive");
    BOOST_TEST(rs[3].l_threshold == 10u);
    BOOST_TEST(rs[3].u_threshold == 100u);
    BOOST_TEST(rs[4].l_threshold == 5u);
    BOOST_TEST(rs[5].u_threshold == 7u);
    BOOST_TEST(rs[6].addr.str() == "10.0.2.1");
    BOOST_TEST(rs[8].addr.str() == "10.0.2.3");
    BOOST_TEST(rs[8].port == 81);
    BOOST_TEST(rs[8].weight == 4);
    BOOST_TEST(rs[8].line == 8);
    BOOST_TEST(rs[9].addr.str() == "10.0.1.1");
    BOOST_TEST(rs[11].addr.str() == "10.0.1.3");
}

BOOST_AUTO_TEST_CASE(lexical_rules) {
    Config c = good(
        "virtual=10.0.0.1:80\n"
        "# a comment in column 0 does not end the block\n"
        " \treal=10.0.0.2:80 gate   # mixed blank and tab, trailing comment\n"
        "\t\tscheduler=rr # comment\n"
        "        virtualhost=\"www.example.com#x\"\n"   // '#' truncates even inside quotes
        "checkinterval=3\n"                  // a column-0 line ends the block
        "virtual=10.0.0.1:443\n"
        "\treal=10.0.0.2:443 gate\n"
        "    \n"                             // four blanks: ends the block like an empty line
        "quiescent=yes\n");
    BOOST_REQUIRE(c.virtuals.size() == 2u);
    BOOST_TEST(c.virtuals[0].reals.size() == 1u);
    BOOST_TEST(c.virtuals[0].scheduler == "rr");
    BOOST_TEST(*c.virtuals[0].virtualhost == "www.example.com");
    BOOST_TEST(c.checkinterval == 3);
    BOOST_TEST(c.quiescent);
    BOOST_TEST(c.virtuals[1].quiescent);
}

BOOST_AUTO_TEST_CASE(block_then_globals_then_block) {
    Config c = good("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n  \nfork=yes\nvirtual=10.0.0.1:81\n\treal=10.0.0.2:81 gate\n");
    BOOST_TEST(c.virtuals.size() == 2u);
    BOOST_TEST(c.fork);
}

BOOST_AUTO_TEST_CASE(section_values_keep_what_ldirectord_keeps) {
    Config c = good(
        "virtual=10.0.0.1:80\n"
        "\treal=10.0.0.2:80 gate\n"
        "\tvirtualhost=www.example.com \n"   // trailing blank kept (sent in Host:)
        "\tscheduler= sed extra\n"           // first [a-z]+ run
        "\tpersistent=600s\n"                // first digit run
        "\tchecktype=3\n"                    // a number: combined
        "\tservice=http-alt\n"               // first word: http
        "\tcheckcommand=/bin/check arg\n"    // quotes optional
        "\tmonitorfile=/var/log/m.log\n"
        "\tfallbackcommand=/bin/fb\n"
        "\tcomment=text with trailing \n");
    const Virtual& v = c.virtuals.at(0);
    BOOST_TEST(*v.virtualhost == "www.example.com ");
    BOOST_TEST(v.scheduler == "sed");
    BOOST_TEST(*v.persistent == 600u);
    BOOST_TEST((v.checktype == CheckType::combined));
    BOOST_TEST(v.combined_count == 3);
    BOOST_TEST(v.service == "http");
    BOOST_TEST(v.checkcommand == "/bin/check arg");
    BOOST_TEST(*v.monitorfile == "/var/log/m.log");
    BOOST_TEST(*v.fallbackcommand == "/bin/fb");
    BOOST_TEST(*v.comment == "text with trailing ");
}

BOOST_AUTO_TEST_CASE(every_checktype) {
    const std::pair<const char*, CheckType> table[] = {
        {"connect", CheckType::connect}, {"negotiate", CheckType::negotiate}, {"ping", CheckType::ping},
        {"external", CheckType::external}, {"external-perl", CheckType::external_perl},
        {"on", CheckType::on}, {"off", CheckType::off}, {"0", CheckType::combined},
        {"5", CheckType::combined}};
    for (const auto& [text, type] : table) {
        Config c = good(std::string("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n\tchecktype=") + text + "\n");
        BOOST_TEST((c.virtuals.at(0).checktype == type), text);
    }
    BOOST_TEST(good("virtual=10.0.0.1:80\n\tchecktype=5\n").virtuals.at(0).combined_count == 5);
}

BOOST_AUTO_TEST_CASE(every_service) {
    for (const char* s : {"dns", "ftp", "http", "https", "http_proxy", "imap", "imaps", "ldap", "ldaps",
                          "mysql", "nntp", "none", "oracle", "pgsql", "pop", "pops", "radius",
                          "simpletcp", "sip", "smtp", "submission"}) {
        Config c = good(std::string("virtual=10.0.0.1:9999\n\treal=10.0.0.2 gate\n\tservice=") + s +
                        "\n\tlogin=\"u\"\n\treceive=\"x\"\n");
        BOOST_TEST(c.virtuals.at(0).service == s);
        BOOST_TEST(c.virtuals.at(0).service_explicit);
    }
}

BOOST_AUTO_TEST_CASE(ftp_and_sip_login_defaults) {
    Config c = good(
        "virtual=10.0.0.1:21\n\treal=10.0.0.2 gate\n\tservice=ftp\n\treceive=\"x\"\n\n"
        "virtual=10.0.0.1:5060\n\treal=10.0.0.2 gate\n\tservice=sip\n\n"
        "virtual=10.0.0.1:2121\n\treal=10.0.0.2 gate\n\tlogin=\"bob\"\n\tservice=ftp\n\treceive=\"x\"\n\n"
        "virtual=10.0.0.2:21\n\treal=10.0.0.2 gate\n\treceive=\"x\"\n");
    BOOST_TEST(c.virtuals[0].login == "anonymous");
    BOOST_TEST(c.virtuals[0].passwd == "ldirectord@testhost");
    BOOST_TEST(c.virtuals[1].login == "ldirectord@testhost");
    BOOST_TEST(c.virtuals[1].passwd == "");
    BOOST_TEST(c.virtuals[2].login == "bob");
    BOOST_TEST(c.virtuals[2].passwd == "ldirectord@testhost");
    // Service inferred from port 21: no defaults (only an explicit service= sets them).
    BOOST_TEST(c.virtuals[3].service == "ftp");
    BOOST_TEST(c.virtuals[3].login == "");
}

BOOST_AUTO_TEST_CASE(later_value_wins) {
    Config c = good("virtual=10.0.0.1:80\n\treal=10.0.0.2 gate\n\trequest=\"a\"\n\trequest=\"/b\"\n");
    BOOST_TEST(c.virtuals.at(0).request == "/b");
}

BOOST_AUTO_TEST_CASE(ipv6_netmask_and_fwmark_fallback_port) {
    Config c = good(
        "virtual6=[2001:db8::1]:80\n\treal6=[2001:db8::2] gate\n\tnetmask=64\n\tpersistent=60\n\n"
        "virtual=9\n\treal=10.0.0.2 gate\n\tfallback=10.0.0.9\n");
    BOOST_TEST(c.virtuals.at(0).netmask == 64u);
    BOOST_TEST(c.virtuals.at(1).fallback->port == 0);   // fwmark: no port
}

BOOST_AUTO_TEST_SUITE_END()
