// Text-protocol negotiate checks (smtp, nntp, simpletcp, pop, imap, ftp) against
// in-process fakes on 127.0.0.1: a good server, a bad greeting, a silent (half-open)
// server past the deadline and a closed port for each.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/checks/protocols/ftp_probe.hpp"
#include "directord/checks/protocols/imap_probe.hpp"
#include "directord/checks/protocols/simpletcp_probe.hpp"
#include "directord/checks/engine/text_probes.hpp"
#include "text_fakes.hpp"

using namespace directord::checks;
using fakes::TextServer;

namespace {

CheckSpec text_spec(const std::string& service, std::uint16_t port) {
    return fakes::negotiate_spec(service, port, std::chrono::seconds(1));
}

std::shared_ptr<boost::asio::ssl::context> client_tls() {
    TlsPolicy p;
    p.verify = TlsPolicy::Verify::none;
    return make_client_context(p);
}

CheckResult check(boost::asio::io_context& io, const CheckSpec& s) {
    auto p = make_text_probe(io.get_executor(), s, [](std::string&) { return client_tls(); });
    BOOST_REQUIRE(p);
    return fakes::run_once(io, std::move(p), s.negotiatetimeout);
}

bool starts(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

// An SMTP server refusing EHLO when `ehlo` is false (HELO must follow).
TextServer::Handler smtp_handler(bool ehlo = true) {
    return [ehlo](const std::string& l) -> std::string {
        if (starts(l, "EHLO")) return ehlo ? "250-mx.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n" : "502 no\r\n";
        if (starts(l, "HELO")) return "250 mx.example.org\r\n";
        if (l == "QUIT") return "221 bye\r\n";
        return "500 what\r\n";
    };
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks_text)

BOOST_AUTO_TEST_CASE(smtp_good_with_multiline_banner) {
    boost::asio::io_context io;
    TextServer srv(io, "220-mx.example.org ESMTP\r\n220 welcome\r\n", smtp_handler());
    auto r = check(io, text_spec("smtp", srv.port()));
    BOOST_TEST(r.up, r.reason);
    BOOST_REQUIRE(!srv.lines.empty());
    BOOST_TEST(starts(srv.lines[0], "EHLO "));
}

BOOST_AUTO_TEST_CASE(submission_falls_back_to_helo) {
    boost::asio::io_context io;
    TextServer srv(io, "220 mx\r\n", smtp_handler(false));
    auto r = check(io, text_spec("submission", srv.port()));
    BOOST_TEST(r.up, r.reason);
    BOOST_REQUIRE(srv.lines.size() >= 2u);
    BOOST_TEST(starts(srv.lines[1], "HELO "));
}

BOOST_AUTO_TEST_CASE(smtp_bad_banner_garbage_and_refused_hello_are_down) {
    boost::asio::io_context io;
    TextServer busy(io, "554 go away\r\n", smtp_handler());
    auto r = check(io, text_spec("smtp", busy.port()));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("554") != std::string::npos, r.reason);
    TextServer garbage(io, "SSH-2.0-OpenSSH_9.2\r\n", smtp_handler());
    BOOST_TEST(!check(io, text_spec("smtp", garbage.port())).up);
    TextServer refuse(io, "220 mx\r\n", [](const std::string&) { return std::string("550 no\r\n"); });
    BOOST_TEST(!check(io, text_spec("smtp", refuse.port())).up);
    TextServer early(io, "220 mx\r\n", [](const std::string&) { return TextServer::kClose; });
    BOOST_TEST(!check(io, text_spec("smtp", early.port())).up);
}

BOOST_AUTO_TEST_CASE(smtp_silent_server_times_out_and_closed_port_is_down) {
    boost::asio::io_context io;
    TextServer silent(io, "");
    silent.silent = true;
    auto r = check(io, text_spec("smtp", silent.port()));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("timed out") != std::string::npos, r.reason);
    auto c = check(io, text_spec("smtp", fakes::closed_port(io)));
    BOOST_TEST(!c.up);
    BOOST_TEST(c.reason.find("connect") != std::string::npos, c.reason);
}

BOOST_AUTO_TEST_CASE(nntp_greeting_decides) {
    boost::asio::io_context io;
    TextServer good(io, "200 news.example.org ready\r\n");
    auto r = check(io, text_spec("nntp", good.port()));
    BOOST_TEST(r.up, r.reason);
    TextServer noposting(io, "201 read only\r\n");
    BOOST_TEST(check(io, text_spec("nntp", noposting.port())).up);
    TextServer bad(io, "502 access denied\r\n");
    BOOST_TEST(!check(io, text_spec("nntp", bad.port())).up);
    TextServer early(io, TextServer::kClose);
    BOOST_TEST(!check(io, text_spec("nntp", early.port())).up);
    TextServer silent(io, "");
    silent.silent = true;
    auto t = check(io, text_spec("nntp", silent.port()));
    BOOST_TEST(!t.up);
    BOOST_TEST(t.reason.find("timed out") != std::string::npos, t.reason);
    BOOST_TEST(!check(io, text_spec("nntp", fakes::closed_port(io))).up);
}

BOOST_AUTO_TEST_CASE(simpletcp_payload_drops_the_first_character_and_expands_newlines) {
    BOOST_TEST(SimpleTcpProbe::payload("/") == "");
    BOOST_TEST(SimpleTcpProbe::payload("/status\\nverbose\\n") == "status\nverbose\n");
    BOOST_TEST(SimpleTcpProbe::payload("") == "");
}

BOOST_AUTO_TEST_CASE(simpletcp_matches_a_line_after_our_shutdown) {
    boost::asio::io_context io;
    TextServer srv(io, "hello\r\n", [](const std::string& l) { return l == "status" ? "state: running\n" : "?\n"; });
    srv.on_eof = "bye\n";
    auto s = text_spec("simpletcp", srv.port());
    s.request = "/status\\n";
    s.receive = "^state: (running|ok)$";
    auto r = check(io, s);
    BOOST_TEST(r.up, r.reason);
    BOOST_REQUIRE(!srv.lines.empty());
    BOOST_TEST(srv.lines[0] == "status");
    // The last line, sent at our shutdown without a newline, counts too.
    TextServer tail(io, "");
    tail.on_eof = "line one\nREADY";
    s = text_spec("simpletcp", tail.port());
    s.receive = "READY";
    BOOST_TEST(check(io, s).up);
}

BOOST_AUTO_TEST_CASE(simpletcp_failures_are_down) {
    boost::asio::io_context io;
    TextServer other(io, "wrong answer\r\n");
    other.on_eof = "still wrong\n";
    auto s = text_spec("simpletcp", other.port());
    s.receive = "^OK";
    auto r = check(io, s);
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("no line matches") != std::string::npos, r.reason);
    TextServer silent(io, "");
    silent.silent = true;
    s.port = silent.port();
    auto t = check(io, s);
    BOOST_TEST(!t.up);
    BOOST_TEST(t.reason.find("timed out") != std::string::npos, t.reason);
    s.port = fakes::closed_port(io);
    BOOST_TEST(!check(io, s).up);
    s.receive = "([unclosed";
    BOOST_TEST(check(io, s).reason.find("invalid receive") != std::string::npos);
}

TextServer::Handler pop_handler() {
    return [](const std::string& l) -> std::string {
        if (l == "USER alice") return "+OK\r\n";
        if (l == "PASS secret") return "+OK maildrop ready\r\n";
        if (starts(l, "PASS")) return "-ERR bad password\r\n";
        return "+OK\r\n";
    };
}

BOOST_AUTO_TEST_CASE(pop_login_decides) {
    boost::asio::io_context io;
    TextServer srv(io, "+OK POP3 ready\r\n", pop_handler());
    auto s = text_spec("pop", srv.port());
    s.login = "alice";
    s.passwd = "secret";
    auto r = check(io, s);
    BOOST_TEST(r.up, r.reason);
    BOOST_REQUIRE(srv.lines.size() >= 2u);
    BOOST_TEST(srv.lines[0] == "USER alice");
    BOOST_TEST(srv.lines[1] == "PASS secret");
    s.passwd = "wrong";
    auto bad = check(io, s);
    BOOST_TEST(!bad.up);
    BOOST_TEST(bad.reason.find("PASS refused") != std::string::npos, bad.reason);
    TextServer greet(io, "-ERR go away\r\n", pop_handler());
    s.port = greet.port();
    BOOST_TEST(!check(io, s).up);
    TextServer silent(io, "");
    silent.silent = true;
    s.port = silent.port();
    auto t = check(io, s);
    BOOST_TEST(!t.up);
    BOOST_TEST(t.reason.find("timed out") != std::string::npos, t.reason);
    s.port = fakes::closed_port(io);
    BOOST_TEST(!check(io, s).up);
}

BOOST_AUTO_TEST_CASE(pop_without_login_keeps_ldirectords_up) {
    // ldirectord's verdict (the config test warns): up even with nothing listening,
    // but a run past the deadline is still a timeout.
    boost::asio::io_context io;
    auto s = text_spec("pop", fakes::closed_port(io));
    auto r = check(io, s);
    BOOST_TEST(r.up, r.reason);
    BOOST_TEST(r.reason.find("up anyway") != std::string::npos, r.reason);
    TextServer srv(io, "+OK ready\r\n", pop_handler());
    s.port = srv.port();
    BOOST_TEST(check(io, s).up);
    BOOST_REQUIRE(!srv.lines.empty());
    BOOST_TEST(srv.lines[0] == "QUIT");
}

BOOST_AUTO_TEST_CASE(pops_and_imaps_over_tls) {
    boost::asio::io_context io;
    auto cert = fakes::make_cert();
    TextServer pop(io, "+OK secure\r\n", pop_handler(), &cert);
    auto s = text_spec("pops", pop.port());
    s.login = "alice";
    s.passwd = "secret";
    auto r = check(io, s);
    BOOST_TEST(r.up, r.reason);
    TextServer imap(io, "* OK IMAP4rev1 ready\r\n", [](const std::string& l) -> std::string {
        return starts(l, "a1 LOGIN") ? "a1 OK done\r\n" : "";
    }, &cert);
    s = text_spec("imaps", imap.port());
    s.login = "alice";
    auto i = check(io, s);
    BOOST_TEST(i.up, i.reason);
    // A plain server behind a TLS check fails the handshake.
    TextServer plain(io, "+OK plain\r\n", pop_handler());
    s = text_spec("pops", plain.port());
    s.login = "alice";
    BOOST_TEST(!check(io, s).up);
}

BOOST_AUTO_TEST_CASE(imap_greeting_and_login) {
    boost::asio::io_context io;
    auto handler = [](const std::string& l) -> std::string {
        if (l == "a1 LOGIN \"alice\" \"p\\\"w\"") return "* CAPABILITY IMAP4rev1\r\na1 OK LOGIN completed\r\n";
        if (starts(l, "a1 LOGIN")) return "a1 NO bad credentials\r\n";
        return "* BYE\r\na2 OK\r\n";
    };
    TextServer srv(io, "* OK [CAPABILITY IMAP4rev1] ready\r\n", handler);
    auto s = text_spec("imap", srv.port());
    BOOST_TEST(check(io, s).up);   // no login: greeting only
    s.login = "alice";
    s.passwd = "p\"w";
    auto r = check(io, s);
    BOOST_TEST(r.up, r.reason);
    s.passwd = "other";
    auto bad = check(io, s);
    BOOST_TEST(!bad.up);
    BOOST_TEST(bad.reason.find("LOGIN refused") != std::string::npos, bad.reason);
    TextServer greet(io, "* BYE too busy\r\n", handler);
    BOOST_TEST(!check(io, text_spec("imap", greet.port())).up);
    TextServer silent(io, "");
    silent.silent = true;
    auto t = check(io, text_spec("imap", silent.port()));
    BOOST_TEST(!t.up);
    BOOST_TEST(t.reason.find("timed out") != std::string::npos, t.reason);
    BOOST_TEST(!check(io, text_spec("imap", fakes::closed_port(io))).up);
    BOOST_TEST(ImapProbe::quoted("a\\b") == "\"a\\\\b\"");
}

// An FTP server with one file; PASV opens a data listener that sends `file`.
struct FtpServer {
    FtpServer(boost::asio::io_context& io, std::string greeting, std::string file)
        : io(io), content(std::move(file)),
          control(io, std::move(greeting), [this](const std::string& l) { return answer(l); }) {}
    std::string answer(const std::string& l) {
        using boost::asio::ip::tcp;
        if (starts(l, "USER")) return "331 password please\r\n";
        if (starts(l, "PASS")) return "230 logged in\r\n";
        if (l == "CWD /") return "250 ok\r\n";
        if (l == "TYPE I") return "200 binary\r\n";
        if (l == "PASV") {
            data = std::make_shared<tcp::acceptor>(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
            auto p = data->local_endpoint().port();
            auto file = std::make_shared<std::string>(content);
            data->async_accept([file](boost::system::error_code ec, tcp::socket s) {
                if (ec) return;
                auto sp = std::make_shared<tcp::socket>(std::move(s));
                boost::asio::async_write(*sp, boost::asio::buffer(*file), [sp, file](boost::system::error_code, std::size_t) {
                    boost::system::error_code ignored;
                    sp->shutdown(tcp::socket::shutdown_both, ignored);
                });
            });
            return "227 Entering Passive Mode (127,0,0,1," + std::to_string(p / 256) + "," + std::to_string(p % 256) + ")\r\n";
        }
        if (l == "RETR /index.txt") return "150 here it comes\r\n226 done\r\n";
        if (starts(l, "RETR")) return "550 no such file\r\n";
        return "221 bye\r\n";
    }
    boost::asio::io_context& io;
    std::string content;
    std::shared_ptr<boost::asio::ip::tcp::acceptor> data;
    TextServer control;
};

BOOST_AUTO_TEST_CASE(ftp_retrieves_and_matches) {
    BOOST_TEST(*FtpProbe::pasv_port("227 Entering Passive Mode (10,0,0,1,4,1).") == 1025);
    BOOST_TEST(!FtpProbe::pasv_port("227 nothing here"));
    boost::asio::io_context io;
    FtpServer srv(io, "220-welcome\r\n220 ftp ready\r\n", "status: ok\nmore\n");
    auto s = text_spec("ftp", srv.control.port());
    s.login = "anonymous";
    s.passwd = "ldirectord@test";
    s.request = "/index.txt";
    s.receive = "status: ok";
    auto r = check(io, s);
    BOOST_TEST(r.up, r.reason);
    BOOST_TEST(srv.control.lines.size() >= 6u);
    if (srv.control.lines.size() >= 2u) BOOST_TEST(srv.control.lines[1] == "PASS ldirectord@test");
    s.receive = "^broken";
    auto mis = check(io, s);
    BOOST_TEST(!mis.up);
    BOOST_TEST(mis.reason.find("does not match") != std::string::npos, mis.reason);
    s.receive = "ok";
    s.request = "/missing";
    BOOST_TEST(!check(io, s).up);
}

BOOST_AUTO_TEST_CASE(ftp_failures_and_the_empty_receive_false_up) {
    boost::asio::io_context io;
    FtpServer bad(io, "421 too many users\r\n", "x");
    auto s = text_spec("ftp", bad.control.port());
    s.login = "anonymous";
    s.request = "/index.txt";
    s.receive = "x";
    BOOST_TEST(!check(io, s).up);
    TextServer silent(io, "");
    silent.silent = true;
    s.port = silent.port();
    auto t = check(io, s);
    BOOST_TEST(!t.up);
    BOOST_TEST(t.reason.find("timed out") != std::string::npos, t.reason);
    s.port = fakes::closed_port(io);
    BOOST_TEST(!check(io, s).up);
    // ldirectord's verdict without receive (the config test warns): up, nothing listening.
    s.receive = "";
    auto up = check(io, s);
    BOOST_TEST(up.up, up.reason);
    BOOST_TEST(up.reason.find("up anyway") != std::string::npos, up.reason);
}

BOOST_AUTO_TEST_SUITE_END()
