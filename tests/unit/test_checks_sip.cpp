// service=sip: the OPTIONS request, the response parser (folding, compact headers,
// stream framing, garbage), and the probe against in-process UDP and TCP fakes (there
// is no cheap real SIP server to run in tests): 200 with any reason up, 1xx skipped,
// 404 down, a stale answer to another request ignored, silence resent on timer E,
// half-open TCP past the deadline, closed ports.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/checks/protocols/sip_message.hpp"
#include "directord/checks/protocols/sip_probe.hpp"
#include "udp_fakes.hpp"

using namespace directord::checks;
using fakes::UdpServer;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

long ms_since(std::chrono::steady_clock::time_point t) {
    return (long)std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
}

// The value of header `name` in a request (first occurrence).
std::string header_of(const std::string& msg, const std::string& name) {
    auto at = msg.find("\r\n" + name + ": ");
    if (at == std::string::npos) return {};
    at += name.size() + 4;
    return msg.substr(at, msg.find("\r\n", at) - at);
}

// A response to `req` with this status line, echoing Via, From, To, Call-ID, CSeq.
std::string reply_to(const std::string& req, const std::string& status, const std::string& extra = "",
                     const std::string& body = "") {
    return status + "\r\nVia: " + header_of(req, "Via") + ";received=127.0.0.1\r\nFrom: " + header_of(req, "From") +
           "\r\nTo: " + header_of(req, "To") + ";tag=srv\r\nCall-ID: " + header_of(req, "Call-ID") +
           "\r\nCSeq: " + header_of(req, "CSeq") + "\r\n" + extra + "Content-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

CheckSpec sip_spec(std::uint16_t port, bool udp, const std::string& login = "ldirectord@director") {
    CheckSpec s;
    s.kind = CheckSpec::Kind::negotiate;
    s.service = "sip";
    s.addr = *ha::Address::parse("127.0.0.1");
    s.port = port;
    s.udp = udp;
    s.login = login;
    s.negotiatetimeout = std::chrono::seconds(2);
    return s;
}

CheckResult check(boost::asio::io_context& io, const CheckSpec& s) {
    return fakes::run_once(io, std::make_unique<SipProbe>(io.get_executor(), s), s.negotiatetimeout);
}

// A TCP handler answering each complete request (headers end) with `make(request)`.
fakes::StreamServer::Handler tcp_answer(std::function<std::string(const std::string&)> make) {
    return [make](std::string& b) -> std::optional<std::string> {
        auto end = b.find("\r\n\r\n");
        if (end == std::string::npos) return std::nullopt;
        std::string req = b.substr(0, end + 4);
        b.erase(0, end + 4);
        return make(req);
    };
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks_sip)

BOOST_AUTO_TEST_CASE(options_request_text) {
    sip::Options o;
    o.transport = "UDP";
    o.sent_by = "127.0.0.1:40000";
    o.uri = sip::request_uri("ldirectord@director", "10.0.0.2", 5060);
    o.branch = "z9hG4bKabc";
    o.tag = "t1";
    o.call_id = "c1";
    o.cseq = 7;
    BOOST_TEST(sip::encode_options(o) ==
               "OPTIONS sip:ldirectord@director SIP/2.0\r\n"
               "Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKabc;rport\r\n"
               "Max-Forwards: 70\r\n"
               "To: <sip:ldirectord@director>\r\n"
               "From: <sip:ldirectord@director>;tag=t1\r\n"
               "Call-ID: c1\r\n"
               "CSeq: 7 OPTIONS\r\n"
               "Contact: <sip:ldirectord@director>\r\n"
               "Accept: application/sdp\r\n"
               "Content-Length: 0\r\n\r\n");
    BOOST_TEST(sip::request_uri("", "[2001:db8::2]", 5062) == "sip:[2001:db8::2]:5062");
}

BOOST_AUTO_TEST_CASE(response_parsing) {
    std::string text = "\r\nSIP/2.0 200 Fine Thanks\r\n"
                       "v: SIP/2.0/UDP 127.0.0.1:4000;rport=4000;BRANCH=z9hG4bKx1 ;received=1.2.3.4, SIP/2.0/UDP other;branch=z9hG4bKy\r\n"
                       "Via: SIP/2.0/UDP third;branch=z9hG4bKz\r\n"
                       "i: abc\r\n"
                       "CSeq: 3\r\n OPTIONS\r\n"
                       "l: 4\r\n\r\nbodyNEXT";
    bool incomplete = false;
    std::string err;
    auto r = sip::parse_response(text, true, incomplete, err);
    BOOST_REQUIRE_MESSAGE(r, err);
    BOOST_TEST(r->status == 200);
    BOOST_TEST(r->status_line == "SIP/2.0 200 Fine Thanks");
    BOOST_TEST(r->branch == "z9hG4bKx1");
    BOOST_TEST(r->call_id == "abc");
    BOOST_TEST(r->cseq_method == "OPTIONS");
    BOOST_TEST(text.substr(r->size) == "NEXT");
    // Every prefix of a stream is incomplete, never garbage.
    for (std::size_t n = 0; n < r->size; ++n) {
        BOOST_TEST(!sip::parse_response(std::string_view(text).substr(0, n), true, incomplete, err));
        BOOST_TEST(incomplete, "prefix " << n << ": " << err);
    }
    sip::Options o;
    o.call_id = "abc";
    o.branch = "z9hG4bKx1";
    BOOST_TEST(sip::mismatch(*r, o).empty());
    o.call_id = "abd";
    BOOST_TEST(has(sip::mismatch(*r, o), "Call-ID"));
    o.call_id = "abc";
    o.branch = "z9hG4bKx2";
    BOOST_TEST(has(sip::mismatch(*r, o), "branch"));
}

BOOST_AUTO_TEST_CASE(garbage_is_not_a_response) {
    bool incomplete = false;
    std::string err;
    BOOST_TEST(!sip::parse_response("HTTP/1.1 200 OK\r\n\r\n", true, incomplete, err));
    BOOST_TEST(!incomplete);
    BOOST_TEST(has(err, "not a SIP response"), err);
    BOOST_TEST(!sip::parse_response("SSH-2.0-Open", true, incomplete, err));   // no need to wait for more
    BOOST_TEST(!incomplete);
    BOOST_TEST(!sip::parse_response("SIP/2.0 2x0 OK\r\n\r\n", false, incomplete, err));
    BOOST_TEST(!sip::parse_response("SIP/2.0 200 OK\r\nContent-Length: -1\r\n\r\n", false, incomplete, err));
    BOOST_TEST(has(err, "Content-Length"), err);
    BOOST_TEST(!sip::parse_response("SIP/2.0 200 OK\r\nCall-ID: x\r\n", false, incomplete, err));
    BOOST_TEST(has(err, "without the end of the headers"), err);
    BOOST_TEST(!sip::parse_response(std::string(70000, 'S').replace(0, 8, "SIP/2.0 "), true, incomplete, err));
    BOOST_TEST(has(err, "longer than"), err);
    auto v = sip::parse_response("SIP/2.0 200\r\n\r\n", false, incomplete, err);   // no reason phrase at all
    BOOST_REQUIRE(v);
    BOOST_TEST(sip_verdict(*v).up);
}

BOOST_AUTO_TEST_CASE(probe_udp_200_any_reason_up) {
    boost::asio::io_context io;
    UdpServer srv(io, [](const std::string& q) { return std::vector<UdpServer::Out>{{reply_to(q, "SIP/2.0 200 Alles gut")}}; });
    auto r = check(io, sip_spec(srv.port(), true));
    BOOST_TEST(r.up, r.reason);
    BOOST_TEST(r.reason == "SIP/2.0 200 Alles gut");
    BOOST_REQUIRE(srv.received.size() == 1u);
    const std::string& q = srv.received[0];
    BOOST_TEST(q.substr(0, q.find("\r\n")) == "OPTIONS sip:ldirectord@director SIP/2.0");
    BOOST_TEST(has(header_of(q, "Via"), "SIP/2.0/UDP 127.0.0.1:"));
    BOOST_TEST(has(header_of(q, "Via"), ";branch=z9hG4bK"));
    BOOST_TEST(header_of(q, "Max-Forwards") == "70");
    BOOST_TEST(header_of(q, "Content-Length") == "0");
    BOOST_TEST(!header_of(q, "Call-ID").empty());
}

BOOST_AUTO_TEST_CASE(probe_udp_skips_provisional_and_stale_answers) {
    boost::asio::io_context io;
    UdpServer srv(io, [](const std::string& q) {
        std::string stale = q;
        auto at = stale.find("Call-ID: ");
        stale[at + 9] ^= 1;   // an answer to some earlier check
        return std::vector<UdpServer::Out>{{"garbage\r\n\r\n"},
                                           {reply_to(stale, "SIP/2.0 200 OK")},
                                           {reply_to(q, "SIP/2.0 100 Trying")},
                                           {reply_to(q, "SIP/2.0 404 Not Found"), std::chrono::milliseconds(50)}};
    });
    auto r = check(io, sip_spec(srv.port(), true));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason == "SIP/2.0 404 Not Found");
}

BOOST_AUTO_TEST_CASE(probe_udp_silence_resends_then_down) {
    boost::asio::io_context io;
    UdpServer srv(io, [](const std::string& q) {
        return std::vector<UdpServer::Out>{{reply_to(q, "SIP/2.0 180 Ringing")}};
    });
    auto start = std::chrono::steady_clock::now();
    auto r = check(io, sip_spec(srv.port(), true));
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "no final response after \"SIP/2.0 180 Ringing\""), r.reason);
    // Timer E within 2 s: at 0, 0.5 and 1.5 s, each the same request.
    BOOST_TEST(srv.received.size() == 3u);
    BOOST_TEST(srv.received[0] == srv.received[2]);
    BOOST_TEST(ms_since(start) < 2600);
    auto c = check(io, sip_spec(fakes::closed_udp_port(io), true));
    BOOST_TEST(!c.up);
    BOOST_TEST(has(c.reason, "refused"), c.reason);
}

BOOST_AUTO_TEST_CASE(probe_tcp_up_with_provisional_and_split_writes) {
    boost::asio::io_context io;
    fakes::StreamServer srv(io, tcp_answer([](const std::string& q) {
        return reply_to(q, "SIP/2.0 100 Trying", "", "x") + reply_to(q, "SIP/2.0 200 OK", "Content-Type: application/sdp\r\n", "v=0\r\n");
    }));
    auto r = check(io, sip_spec(srv.port(), false));
    BOOST_TEST(r.up, r.reason);
    BOOST_TEST(r.reason == "SIP/2.0 200 OK");
}

BOOST_AUTO_TEST_CASE(probe_tcp_failures) {
    boost::asio::io_context io;
    std::string seen;
    fakes::StreamServer bad(io, tcp_answer([&](const std::string& q) {
        seen = q;
        return reply_to(q, "SIP/2.0 503 Service Unavailable");
    }));
    auto r = check(io, sip_spec(bad.port(), false, ""));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason == "SIP/2.0 503 Service Unavailable");
    BOOST_TEST(has(seen, "OPTIONS sip:127.0.0.1:" + std::to_string(bad.port()) + " SIP/2.0"), seen);
    BOOST_TEST(has(header_of(seen, "Via"), "SIP/2.0/TCP 127.0.0.1:"));

    fakes::StreamServer silent(io, [](std::string&) -> std::optional<std::string> { return std::nullopt; });
    auto start = std::chrono::steady_clock::now();
    auto s = check(io, sip_spec(silent.port(), false));
    BOOST_TEST(!s.up);
    BOOST_TEST(ms_since(start) < 2600);

    fakes::StreamServer garbage(io, tcp_answer([](const std::string&) { return std::string("220 smtp.example.org ESMTP\r\n"); }));
    auto g = check(io, sip_spec(garbage.port(), false));
    BOOST_TEST(!g.up);
    BOOST_TEST(has(g.reason, "not a SIP response"), g.reason);

    fakes::StreamServer closing(io, tcp_answer([](const std::string&) { return fakes::StreamServer::kClose; }));
    auto c = check(io, sip_spec(closing.port(), false));
    BOOST_TEST(!c.up);
    BOOST_TEST(has(c.reason, "closed"), c.reason);
}

BOOST_AUTO_TEST_SUITE_END()
