// emailalert: which changes mail, the message, reminders, and the SMTP session.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/daemon/mailer.hpp"
#include "directord/director/alerts.hpp"
#include "text_fakes.hpp"

using namespace directord;
namespace asio = boost::asio;

namespace {

Config one_virtual(const std::string& emailalert, const std::string& status = "all", int freq = 0) {
    Config c;
    Virtual v;
    v.key.addr = *ha::Address::parse("10.0.0.1");
    v.key.port = 80;
    v.emailalert = emailalert;
    v.emailalertstatus = status;
    v.emailalertfreq = freq;
    v.servicename = "web";
    Real r;
    r.addr = *ha::Address::parse("10.0.0.2");
    r.port = 80;
    v.reals = {r, r};
    c.virtuals = {v};
    return c;
}

// Runs the loop until the mailer has nothing in flight (bounded).
void run_until_sent(asio::io_context& io, const Mailer& m) {
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (m.in_flight() > 0 && std::chrono::steady_clock::now() < end) io.run_one_for(std::chrono::milliseconds(100));
}

AlertContext ctx(DaemonPhase p = DaemonPhase::running) {
    AlertContext c;
    c.hostname = "lb1";
    c.phase = p;
    return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(alerts)

BOOST_AUTO_TEST_CASE(recipients_split_on_commas_and_spaces) {
    auto r = alert_recipients("\"a@b.c, d@e.f\"  g@h");
    std::vector<std::string> want{"a@b.c", "d@e.f", "g@h"};
    BOOST_TEST(r == want, boost::test_tools::per_element());
    BOOST_TEST(alert_recipients("").empty());
}

BOOST_AUTO_TEST_CASE(only_real_and_fallback_changes_mail) {
    BOOST_TEST(alert_worthy("Deleted real server: 10.0.0.2:80 (tcp:10.0.0.1:80)"));
    BOOST_TEST(alert_worthy("Quiescent real server: 10.0.0.2:80 (tcp:10.0.0.1:80) (Weight set to 0)"));
    BOOST_TEST(alert_worthy("Added fallback server: 127.0.0.1:80 (tcp:10.0.0.1:80) (Weight set to 1)"));
    BOOST_TEST(alert_worthy("Restored real server: 10.0.0.2:80 (tcp:10.0.0.1:80) (Weight set to 1)"));
    BOOST_TEST(!alert_worthy("Added virtual server: tcp:10.0.0.1:80"));
    BOOST_TEST(!alert_worthy("Changed real server: 10.0.0.2:80 (tcp:10.0.0.1:80) (Weight set to 3)"));
    BOOST_TEST(!alert_worthy("Purged real server: 10.0.0.9:80 (tcp:10.0.0.1:80)"));
}

BOOST_AUTO_TEST_CASE(message_headers_and_body) {
    Config c = one_virtual("ops@example.com, dev@example.com");
    c.emailalertfrom = "lvs@example.com";
    auto m = alert_for(c, c.virtuals[0], "Deleted real server: 10.0.0.2:80 (tcp:10.0.0.1:80)", ctx());
    BOOST_REQUIRE(m);
    BOOST_TEST(m->to.size() == 2u);
    BOOST_TEST(m->envelope_from == "root@lb1");
    BOOST_TEST(m->message.find("From: lvs@example.com\r\n") == 0u);
    BOOST_TEST(m->message.find("To: ops@example.com, dev@example.com\r\n") != std::string::npos);
    BOOST_TEST(m->message.find("Subject: Deleted real server: 10.0.0.2:80 (tcp:10.0.0.1:80)\r\n") != std::string::npos);
    BOOST_TEST(m->message.find("\r\n\r\nldirectord host: lb1\r\nLog-Message: Deleted") != std::string::npos);
    BOOST_TEST(m->message.find("Daemon-Status: running\r\n") != std::string::npos);
    BOOST_TEST(m->message.find("Service name: web\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(status_mask_and_empty_recipients_silence) {
    Config c = one_virtual("ops@example.com", alert_status_text(kAlertStarting | kAlertStopping));
    BOOST_TEST(!alert_for(c, c.virtuals[0], "Deleted real server: x", ctx(DaemonPhase::running)));
    BOOST_TEST(alert_for(c, c.virtuals[0], "Deleted real server: x", ctx(DaemonPhase::starting)).has_value());
    Config none = one_virtual("");
    BOOST_TEST(!alert_for(none, none.virtuals[0], "Deleted real server: x", ctx()));
}

BOOST_AUTO_TEST_CASE(reminders_every_freq_while_out) {
    Config c = one_virtual("ops@example.com", "all", 60);
    AlertReminders r;
    auto t0 = AlertReminders::clock::time_point{} + std::chrono::hours(1);
    std::set<health::RealRef> out{{0, 0}};
    BOOST_TEST(r.due(c, out, t0).empty());   // the change alert was the first mail
    BOOST_TEST(r.due(c, out, t0 + std::chrono::seconds(59)).empty());
    BOOST_TEST(r.due(c, out, t0 + std::chrono::seconds(60)).size() == 1u);
    BOOST_TEST(r.due(c, out, t0 + std::chrono::seconds(61)).empty());
    BOOST_TEST(r.due(c, {}, t0 + std::chrono::seconds(200)).empty());   // back: forgotten
    BOOST_TEST(r.due(c, out, t0 + std::chrono::seconds(201)).empty());  // out again: fresh start
}

BOOST_AUTO_TEST_CASE(smtp_data_dot_stuffs_and_terminates) {
    BOOST_TEST(smtp_data("a\r\n.b\nc") == "a\r\n..b\r\nc\r\n.\r\n");
}

BOOST_AUTO_TEST_CASE(smtp_session_delivers_through_a_relay) {
    asio::io_context io;
    bool in_data = false;
    std::string body;
    fakes::TextServer srv(io, "220 fake ESMTP\r\n", [&](const std::string& l) -> std::string {
        if (in_data) {
            if (l == "." || l == ".\r") {
                in_data = false;
                return "250 queued\r\n";
            }
            body += l + "\n";
            return "";
        }
        if (l.rfind("DATA", 0) == 0) {
            in_data = true;
            return "354 go\r\n";
        }
        if (l.rfind("QUIT", 0) == 0) return fakes::TextServer::kClose;
        return "250 ok\r\n";
    });
    Mailer mailer(io, srv.port());
    Config c = one_virtual("ops@example.com");
    c.virtuals[0].smtp = "127.0.0.1";
    auto m = alert_for(c, c.virtuals[0], "Deleted real server: 10.0.0.2:80 (tcp:10.0.0.1:80)", ctx());
    BOOST_REQUIRE(m);
    mailer.send(*m);
    run_until_sent(io, mailer);
    BOOST_TEST(mailer.sent() == 1);
    BOOST_TEST(mailer.failed() == 0);
    BOOST_TEST(body.find("Subject: Deleted real server") != std::string::npos);
    bool rcpt = false;
    for (const auto& l : srv.lines) rcpt = rcpt || l.find("RCPT TO:<ops@example.com>") != std::string::npos;
    BOOST_TEST(rcpt);
}

BOOST_AUTO_TEST_CASE(smtp_refusal_is_counted_not_thrown) {
    asio::io_context io;
    fakes::TextServer srv(io, "554 go away\r\n");
    Mailer mailer(io, srv.port());
    Config c = one_virtual("ops@example.com");
    c.virtuals[0].smtp = "127.0.0.1";
    mailer.send(*alert_for(c, c.virtuals[0], "Deleted real server: x", ctx()));
    run_until_sent(io, mailer);
    BOOST_TEST(mailer.sent() == 0);
    BOOST_TEST(mailer.failed() == 1);
    BOOST_TEST(mailer.in_flight() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
