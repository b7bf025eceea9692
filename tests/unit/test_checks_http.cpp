// HTTP and HTTPS negotiate checks against in-process fakes on 127.0.0.1.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "check_fakes.hpp"
#include "hostile_fakes.hpp"
#include "directord/checks/protocols/http_probe.hpp"
#include "directord/checks/transport/read_cap.hpp"
#include "directord/checks/transport/url.hpp"

using namespace directord::checks;
using fakes::Mode;

namespace {

CheckSpec http_spec(std::uint16_t port, const std::string& path = "/", const std::string& scheme = "http") {
    CheckSpec s;
    s.kind = CheckSpec::Kind::negotiate;
    s.service = scheme;
    s.addr = *ha::Address::parse("127.0.0.1");
    s.port = port;
    s.url = scheme + "://127.0.0.1:" + std::to_string(port) + path;
    s.host = "127.0.0.1";
    s.negotiatetimeout = std::chrono::seconds(1);
    return s;
}

CheckResult check(boost::asio::io_context& io, const CheckSpec& s, std::shared_ptr<boost::asio::ssl::context> tls = nullptr) {
    return fakes::run_once(io, std::make_unique<HttpProbe>(io.get_executor(), s, tls), s.negotiatetimeout);
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks_http)

BOOST_AUTO_TEST_CASE(url_parsing_and_redirect_resolution) {
    auto u = parse_url("http://10.0.0.1:8080/a/b?x=1");
    BOOST_REQUIRE(u);
    BOOST_TEST(u->host == "10.0.0.1");
    BOOST_TEST(u->port == 8080);
    BOOST_TEST(u->target == "/a/b?x=1");
    BOOST_TEST(u->authority() == "10.0.0.1:8080");
    auto v6 = parse_url("https://[2001:db8::1]/");
    BOOST_REQUIRE(v6);
    BOOST_TEST(v6->host == "2001:db8::1");
    BOOST_TEST(v6->port == 443);
    BOOST_TEST(v6->authority() == "[2001:db8::1]");
    BOOST_TEST(resolve_location(*u, "/c")->str() == "http://10.0.0.1:8080/c");
    BOOST_TEST(resolve_location(*u, "c")->str() == "http://10.0.0.1:8080/a/c");
    BOOST_TEST(resolve_location(*u, "https://h/x")->str() == "https://h/x");
    BOOST_TEST(resolve_location(*u, "//h2:81/y")->str() == "http://h2:81/y");
    BOOST_TEST(!parse_url("ftp://x/"));
    BOOST_TEST(!parse_url("http://x:99999/"));
}

BOOST_AUTO_TEST_CASE(ok_sends_host_and_matches_receive) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {{"/", Mode::ok}});
    auto s = http_spec(srv.port());
    s.host = "www.example.com";
    s.receive = "service is (ok|fine)";
    auto r = check(io, s);
    BOOST_TEST(r.up, r.reason);
    BOOST_TEST(r.reason == "200 OK");
    BOOST_REQUIRE(srv.requests.size() == 1u);
    BOOST_TEST(srv.requests[0].find("GET / HTTP/1.1\r\n") == 0u);
    BOOST_TEST(srv.requests[0].find("Host: www.example.com\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(receive_mismatch_is_down) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {});
    auto s = http_spec(srv.port());
    s.receive = "^nothing like this$";
    auto r = check(io, s);
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("does not match") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(head_request) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {});
    auto s = http_spec(srv.port());
    s.method = "HEAD";
    auto r = check(io, s);
    BOOST_TEST(r.up, r.reason);
    BOOST_TEST(srv.requests.at(0).find("HEAD / HTTP/1.1") == 0u);
}

BOOST_AUTO_TEST_CASE(status_500_is_down) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {{"/", Mode::status500}});
    auto r = check(io, http_spec(srv.port()));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason == "500 Internal Server Error");
}

BOOST_AUTO_TEST_CASE(slow_answer_beyond_the_deadline_is_down) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {{"/", Mode::slow}});
    auto t0 = std::chrono::steady_clock::now();
    auto r = check(io, http_spec(srv.port()));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("timed out") != std::string::npos, r.reason);
    // Generous: the 1 s deadline must end it well before the server's 4 s answer.
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(3900)));
}

BOOST_AUTO_TEST_CASE(half_open_server_is_down_by_deadline) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {{"/", Mode::half_open}});
    auto r = check(io, http_spec(srv.port()));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("timed out") != std::string::npos, r.reason);
}

BOOST_AUTO_TEST_CASE(garbage_and_close_without_answer_are_down) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {{"/g", Mode::garbage}, {"/c", Mode::close}});
    auto g = check(io, http_spec(srv.port(), "/g"));
    BOOST_TEST(!g.up);
    BOOST_TEST(g.reason.find("timed out") == std::string::npos, g.reason);
    auto c = check(io, http_spec(srv.port(), "/c"));
    BOOST_TEST(!c.up);
    BOOST_TEST(c.reason.find("timed out") == std::string::npos, c.reason);
}

BOOST_AUTO_TEST_CASE(refused_connection_is_down) {
    boost::asio::io_context io;
    std::uint16_t port;
    {
        fakes::HttpServer srv(io, {});
        port = srv.port();
        srv.close();
    }
    auto r = check(io, http_spec(port));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("connect") != std::string::npos, r.reason);
}

BOOST_AUTO_TEST_CASE(redirect_is_followed_with_the_new_host) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {{"/", Mode::redirect}, {"/final", Mode::ok}});
    auto s = http_spec(srv.port());
    s.host = "vhost.example";
    auto r = check(io, s);
    BOOST_TEST(r.up, r.reason);
    BOOST_REQUIRE(srv.requests.size() == 2u);
    BOOST_TEST(srv.requests[1].find("GET /final HTTP/1.1") == 0u);
    // As LWP: the redirected request names the URL's own host and port.
    BOOST_TEST(srv.requests[1].find("Host: 127.0.0.1:" + std::to_string(srv.port()) + "\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(redirect_loop_stops_after_seven) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {{"/", Mode::redirect_loop}});
    auto s = http_spec(srv.port());
    s.negotiatetimeout = std::chrono::seconds(10);
    auto r = check(io, s);
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason == "302 Found");
    BOOST_TEST(srv.requests.size() == 8u);   // the request and 7 redirects
}

BOOST_AUTO_TEST_CASE(http_proxy_sends_the_absolute_url) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {});
    auto s = http_spec(srv.port());
    s.service = "http_proxy";
    s.url = "http://backend.example/status";
    auto r = check(io, s);
    BOOST_TEST(r.up, r.reason);
    BOOST_TEST(srv.requests.at(0).find("GET http://backend.example/status HTTP/1.1") == 0u);
    BOOST_TEST(srv.requests.at(0).find("Host: backend.example\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_receive_regex_is_reported) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {});
    auto s = http_spec(srv.port());
    s.receive = "([unclosed";
    auto r = check(io, s);
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("invalid receive regex") == 0u);
}

BOOST_AUTO_TEST_CASE(https_policies_with_a_self_signed_certificate) {
    boost::asio::io_context io;
    auto cert = fakes::make_cert();
    fakes::HttpServer srv(io, {}, &cert);
    auto s = http_spec(srv.port(), "/", "https");

    // Default (ldirectord): chain verified against the system store: self-signed is down.
    auto chain = check(io, s, make_client_context({}));
    BOOST_TEST(!chain.up);
    BOOST_TEST(chain.reason.find("TLS handshake") == 0u, chain.reason);

    TlsPolicy none;
    none.verify = TlsPolicy::Verify::none;
    auto r = check(io, s, make_client_context(none));
    BOOST_TEST(r.up, r.reason);

    // The certificate as the CA: chain passes; hostname mode checks the name too.
    char dir[] = "/tmp/directord-tls-XXXXXX";
    BOOST_REQUIRE(mkdtemp(dir));
    std::string ca = std::string(dir) + "/ca.pem";
    std::ofstream(ca) << cert.cert_pem;
    TlsPolicy with_ca;
    with_ca.ca_file = ca;
    auto ok = check(io, s, make_client_context(with_ca));
    BOOST_TEST(ok.up, ok.reason);

    TlsPolicy host = with_ca;
    host.verify = TlsPolicy::Verify::hostname;
    s.tls = host;
    s.sni = "localhost";
    auto named = check(io, s, make_client_context(host));
    BOOST_TEST(named.up, named.reason);
    s.sni = "wrong.example";
    auto wrong = check(io, s, make_client_context(host));
    BOOST_TEST(!wrong.up);
    s.sni.reset();   // no virtualhost: the real server's IP, which is in the SAN
    auto by_ip = check(io, s, make_client_context(host));
    BOOST_TEST(by_ip.up, by_ip.reason);
    std::remove(ca.c_str());
    rmdir(dir);
}

// httpkeepalive=yes: one probe, several runs, one connection; a connection the server
// dropped meanwhile is replaced within the same run; without the option every run connects.
namespace {
std::vector<CheckResult> runs(boost::asio::io_context& io, HttpProbe& probe, int n, std::function<void(int)> between = {}) {
    std::vector<CheckResult> out;
    for (int i = 0; i < n; ++i) {
        if (between) between(i);
        bool done = false;
        boost::asio::co_spawn(io, [&]() -> boost::asio::awaitable<void> {
            Deadline dl(io.get_executor());
            dl.arm(std::chrono::seconds(2));
            auto r = co_await probe.run(dl);
            out.push_back(r);
            done = true;
        }, boost::asio::detached);
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!done && std::chrono::steady_clock::now() < until) {
            io.restart();
            io.run_for(std::chrono::milliseconds(10));
        }
        if (!done) out.push_back(CheckResult{false, "test gave up waiting"});
    }
    return out;
}
} // namespace

BOOST_AUTO_TEST_CASE(keepalive_reuses_one_connection) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {{"/", Mode::keep}});
    auto spec = http_spec(srv.port());
    spec.keepalive = true;
    HttpProbe probe(io.get_executor(), spec, std::shared_ptr<boost::asio::ssl::context>());
    auto rs = runs(io, probe, 3);
    for (const auto& r : rs) BOOST_TEST(r.up, r.reason);
    BOOST_TEST(srv.accepted == 1);
    BOOST_TEST(srv.requests.size() == 3u);
    BOOST_TEST(srv.requests[0].find("Connection: keep-alive") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(keepalive_replaces_a_connection_the_server_dropped) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {{"/", Mode::keep}});
    auto spec = http_spec(srv.port());
    spec.keepalive = true;
    HttpProbe probe(io.get_executor(), spec, std::shared_ptr<boost::asio::ssl::context>());
    auto rs = runs(io, probe, 3, [&](int i) {
        if (i != 1) return;
        srv.drop_kept();
        io.restart();
        io.run_for(std::chrono::milliseconds(50));   // the FIN reaches the probe's side
    });
    for (const auto& r : rs) BOOST_TEST(r.up, r.reason);
    BOOST_TEST(srv.accepted == 2);
}

BOOST_AUTO_TEST_CASE(without_keepalive_every_run_connects) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {{"/", Mode::keep}});
    auto spec = http_spec(srv.port());
    HttpProbe probe(io.get_executor(), spec, std::shared_ptr<boost::asio::ssl::context>());
    auto rs = runs(io, probe, 3);
    for (const auto& r : rs) BOOST_TEST(r.up, r.reason);
    BOOST_TEST(srv.accepted == 3);
    BOOST_TEST(srv.requests[0].find("Connection: close") != std::string::npos);
}

// The request is sent at once on the non-blocking socket; one larger than the socket's
// send buffer leaves part of it unsent, which then goes asynchronously, whole and in order.
BOOST_AUTO_TEST_CASE(a_request_larger_than_the_send_buffer_goes_whole) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {});
    const std::string path = "/" + std::string(8u << 20, 'a');
    auto spec = http_spec(srv.port(), path);
    spec.negotiatetimeout = std::chrono::seconds(20);
    auto r = check(io, spec);
    BOOST_TEST(r.up, r.reason);
    BOOST_REQUIRE(srv.requests.size() == 1u);
    const std::string& got = srv.requests[0];
    BOOST_TEST(got.size() > path.size());
    BOOST_TEST(got.compare(0, 4 + path.size(), "GET " + path) == 0);
    BOOST_TEST(got.find("\r\nHost: 127.0.0.1\r\n") != std::string::npos);
    BOOST_TEST(got.substr(got.size() - 4) == "\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(keepalive_down_server_is_down) {
    boost::asio::io_context io;
    fakes::HttpServer srv(io, {{"/", Mode::status500}});
    auto spec = http_spec(srv.port());
    spec.keepalive = true;
    HttpProbe probe(io.get_executor(), spec, std::shared_ptr<boost::asio::ssl::context>());
    auto rs = runs(io, probe, 2);
    for (const auto& r : rs) BOOST_TEST(!r.up);
    BOOST_TEST(rs[0].reason.find("500") != std::string::npos, rs[0].reason);
}

// Hostile servers (issue 9): each is down with its reason, by the deadline, and what the
// check holds stays within the read cap (the reader's own bounds: test_http_reply.cpp).

BOOST_AUTO_TEST_CASE(huge_content_length_with_a_body_byte_is_down_at_once) {
    boost::asio::io_context io;
    // The length and one body byte in one segment: this made Beast reserve 1 TB.
    fakes::ScriptServer srv(io, fakes::ScriptServer::once("HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\nx"),
                            std::chrono::milliseconds(0), fakes::ScriptServer::End::hold);
    auto r = check(io, http_spec(srv.port()));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("Content-Length 1000000000000 over the 1 MB read cap") == 0u, r.reason);
}

BOOST_AUTO_TEST_CASE(chunked_reply_split_byte_by_byte_is_up) {
    // Chunks, then only the last chunk: its final CRLF split is what tripped Beast 1.74's
    // BOOST_ASSERT(n >= 5).
    for (std::string body : {"4\r\nall \r\n6\r\nis ok\n\r\n0\r\n\r\n", "0\r\n\r\n"}) {
        boost::asio::io_context io;
        fakes::ScriptServer srv(io, fakes::ScriptServer::bytewise("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", body),
                                std::chrono::milliseconds(2), fakes::ScriptServer::End::hold);
        auto s = http_spec(srv.port());
        s.negotiatetimeout = std::chrono::seconds(5);
        if (body.size() > 5) s.receive = "all is ok";
        auto r = check(io, s);
        BOOST_TEST(r.up, r.reason);
        BOOST_TEST(r.reason == "200 OK");
    }
}

namespace {
// A 3 MB page with `text` at `at`, sent in 16 KB pieces: as chunks (then the last chunk,
// the connection held open) or up to the close.
fakes::ScriptServer::Script three_mb_page(const std::string& text, std::size_t at, bool chunked) {
    auto page = std::make_shared<std::string>(3 * kReadCap, 'x');
    page->replace(at, text.size(), text);
    return [page, chunked](std::size_t i) -> std::optional<std::string> {
        const std::size_t piece = 16384, pieces = page->size() / piece;
        if (i == 0) return chunked ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" : "HTTP/1.1 200 OK\r\n\r\n";
        if (i <= pieces) {
            std::string p = page->substr((i - 1) * piece, piece);
            return chunked ? "4000\r\n" + p + "\r\n" : p;
        }
        if (i == pieces + 1 && chunked) return std::string("0\r\n\r\n");
        return std::nullopt;
    };
}
} // namespace

BOOST_AUTO_TEST_CASE(a_3_mb_page_is_read_to_its_end_and_matched_on_its_first_mb) {
    for (bool chunked : {true, false}) {
        boost::asio::io_context io;
        auto end = chunked ? fakes::ScriptServer::End::hold : fakes::ScriptServer::End::close;
        fakes::ScriptServer early(io, three_mb_page("health: all good", 512, chunked), std::chrono::milliseconds(0), end);
        fakes::ScriptServer late(io, three_mb_page("health: all good", kReadCap + 100, chunked), std::chrono::milliseconds(0), end);
        auto s = http_spec(early.port());
        s.negotiatetimeout = std::chrono::seconds(20);
        s.receive = "health: all good";
        auto up = check(io, s);
        BOOST_TEST(up.up, (chunked ? "chunked: " : "to the close: ") << up.reason);
        BOOST_TEST(up.reason == "200 OK");
        BOOST_TEST(early.sent >= 3 * kReadCap);   // the whole page went out: the check read it all
        s = http_spec(late.port());
        s.negotiatetimeout = std::chrono::seconds(20);
        s.receive = "health: all good";
        auto down = check(io, s);
        BOOST_TEST(!down.up);
        BOOST_TEST(down.reason ==
                       "200 OK, but the body does not match receive (the body was truncated to the 1 MB read cap for matching)",
                   down.reason);
    }
}

BOOST_AUTO_TEST_CASE(endless_bodies_are_down_at_the_deadline_still_sending) {
    // What the reader holds meanwhile is bounded by the cap (test_http_reply.cpp,
    // endless_bodies_are_read_on_with_memory_flat); here: the verdict and its reason.
    boost::asio::io_context io;
    const std::string piece(16384, 'z');
    fakes::ScriptServer plain(io, fakes::ScriptServer::endless("HTTP/1.1 200 OK\r\n\r\n", piece));
    fakes::ScriptServer chunked(io, fakes::ScriptServer::endless("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                                                                 "4000\r\n" + piece + "\r\n"));
    for (auto* srv : {&plain, &chunked}) {
        auto s = http_spec(srv->port());
        s.negotiatetimeout = std::chrono::seconds(2);
        auto r = check(io, s);
        BOOST_TEST(!r.up);
        BOOST_TEST(r.reason == "timed out after 2 s: still sending after the 1 MB read cap", r.reason);
        BOOST_TEST(srv->sent > 2 * kReadCap);   // read on past the cap, not stopped at it
    }
}

BOOST_AUTO_TEST_CASE(a_content_length_over_the_cap_is_down_before_the_body) {
    // 2 MB announced and no body byte ever sent: down at once, not at the deadline.
    boost::asio::io_context io;
    fakes::ScriptServer srv(io, fakes::ScriptServer::once("HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\n\r\n"),
                            std::chrono::milliseconds(0), fakes::ScriptServer::End::hold);
    auto s = http_spec(srv.port());
    s.negotiatetimeout = std::chrono::seconds(20);
    auto r = check(io, s);
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason == "Content-Length 2097152 over the 1 MB read cap (1048576 bytes)", r.reason);
}

BOOST_AUTO_TEST_CASE(a_body_at_one_byte_a_tick_is_down_at_the_deadline) {
    boost::asio::io_context io;
    fakes::ScriptServer srv(io, fakes::ScriptServer::bytewise("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", std::string(100, 'x')),
                            std::chrono::milliseconds(200), fakes::ScriptServer::End::hold);
    auto r = check(io, http_spec(srv.port()));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("timed out") != std::string::npos, r.reason);
    BOOST_TEST(srv.sent < 40u + 100u);   // the head and not all the body: the server was still trickling
}

BOOST_AUTO_TEST_CASE(an_endless_header_is_down_at_its_cap) {
    boost::asio::io_context io;
    fakes::ScriptServer srv(io, fakes::ScriptServer::endless("HTTP/1.1 200 OK\r\n", "X-Pad: " + std::string(4000, 'p') + "\r\n"));
    auto s = http_spec(srv.port());
    s.negotiatetimeout = std::chrono::seconds(20);
    auto r = check(io, s);
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason == "header section over 65536 bytes");
}

BOOST_AUTO_TEST_CASE(a_reset_in_the_middle_of_the_reply_is_down) {
    boost::asio::io_context io;
    fakes::ScriptServer srv(io, fakes::ScriptServer::once("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"),
                            std::chrono::milliseconds(0), fakes::ScriptServer::End::reset);
    auto r = check(io, http_spec(srv.port()));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("reset") != std::string::npos, r.reason);
    BOOST_TEST(r.reason.find("timed out") == std::string::npos, r.reason);
}

BOOST_AUTO_TEST_CASE(a_redirect_to_a_hostile_server_meets_the_same_caps) {
    boost::asio::io_context io;
    fakes::ScriptServer hostile(io, fakes::ScriptServer::once("HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\nx"),
                                std::chrono::milliseconds(0), fakes::ScriptServer::End::hold);
    const std::string piece(16384, 'z');
    fakes::ScriptServer endless(io, fakes::ScriptServer::endless("HTTP/1.1 200 OK\r\n\r\n", piece));
    for (auto* target : {&hostile, &endless}) {
        fakes::ScriptServer redirector(io, fakes::ScriptServer::once("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:" +
                                                                     std::to_string(target->port()) + "/\r\nContent-Length: 0\r\n\r\n"));
        auto s = http_spec(redirector.port());
        s.negotiatetimeout = std::chrono::seconds(2);
        s.redirects = RedirectPolicy::any;   // another port: only followed when allowed
        auto r = check(io, s);
        BOOST_TEST(!r.up);
        BOOST_TEST(r.reason == (target == &hostile ? "Content-Length 1000000000000 over the 1 MB read cap (1048576 bytes)"
                                                   : "timed out after 2 s: still sending after the 1 MB read cap"),
                   r.reason);
        BOOST_TEST(target->accepted == 1);
    }
}

BOOST_AUTO_TEST_CASE(redirect_policy_keeps_checks_on_their_server) {
    auto u = [](const char* t) { return *parse_url(t); };
    auto first = u("http://10.0.0.1:80/check");
    BOOST_TEST(!redirect_refusal(RedirectPolicy::same_host, first, u("http://10.0.0.1/other")));
    BOOST_TEST(!redirect_refusal(RedirectPolicy::same_host, u("http://Web.Example/"), u("http://web.example/x")));
    // The same host on https or another port is still the server the check was pointed at.
    BOOST_TEST(!redirect_refusal(RedirectPolicy::same_host, first, u("https://10.0.0.1/check")));
    BOOST_TEST(!redirect_refusal(RedirectPolicy::same_host, first, u("http://10.0.0.1:8080/check")));
    for (const char* away : {"http://10.0.0.2/check", "https://10.0.0.2/check", "http://web.example/check",
                             "http://169.254.169.254/latest/meta-data/"}) {
        auto why = redirect_refusal(RedirectPolicy::same_host, first, u(away));
        BOOST_REQUIRE_MESSAGE(why.has_value(), away);
        BOOST_TEST(why->find("refused") != std::string::npos, *why);
        BOOST_TEST(why->find("httpredirects=samehost") != std::string::npos, *why);
        BOOST_TEST(!redirect_refusal(RedirectPolicy::any, first, u(away)), away);
    }
    BOOST_TEST(redirect_refusal(RedirectPolicy::none, first, u("http://10.0.0.1/other")).has_value());
    // The server's Location is shortened before it reaches a reason.
    auto longer = redirect_refusal(RedirectPolicy::same_host, first, u(("http://evil/" + std::string(5000, 'a')).c_str()));
    BOOST_REQUIRE(longer);
    BOOST_TEST(longer->size() < 400u);
    BOOST_TEST((parse_redirect_policy("samehost") == RedirectPolicy::same_host));
    BOOST_TEST(!parse_redirect_policy("same-host"));
}

BOOST_AUTO_TEST_CASE(a_redirect_to_another_server_is_refused_unless_allowed) {
    boost::asio::io_context io;
    // Another host: 127.0.0.2 (all of 127/8 is local), where the check was pointed at 127.0.0.1.
    fakes::ScriptServer elsewhere(io, fakes::ScriptServer::once("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
                                  std::chrono::milliseconds(0), fakes::ScriptServer::End::close, true, "127.0.0.2");
    for (auto policy : {RedirectPolicy::same_host, RedirectPolicy::any}) {
        fakes::ScriptServer redirector(io, fakes::ScriptServer::once("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.2:" +
                                                                     std::to_string(elsewhere.port()) +
                                                                     "/\r\nContent-Length: 0\r\n\r\n"));
        auto s = http_spec(redirector.port());
        s.redirects = policy;
        auto before = elsewhere.accepted;
        auto r = check(io, s);
        if (policy == RedirectPolicy::same_host) {
            BOOST_TEST(!r.up);
            BOOST_TEST(r.reason.find("302 Found: redirect to http://127.0.0.2:") == 0u, r.reason);
            BOOST_TEST(r.reason.find("refused: another host than 127.0.0.1") != std::string::npos, r.reason);
            BOOST_TEST(elsewhere.accepted == before);   // never contacted
        } else {
            BOOST_TEST(r.up, r.reason);
            BOOST_TEST(elsewhere.accepted == before + 1);
        }
    }
    // httpredirects=none: even a same-server redirect is judged as the 3xx it is.
    fakes::HttpServer srv(io, {{"/", Mode::redirect}, {"/final", Mode::ok}});
    auto s = http_spec(srv.port());
    s.redirects = RedirectPolicy::none;
    auto r = check(io, s);
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("not followed") != std::string::npos, r.reason);
    BOOST_TEST(srv.requests.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
