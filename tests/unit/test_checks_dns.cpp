// service=dns: the message codec with hand-built packets (name compression, every
// truncation, loops, wrong id, rcodes, TC), the verdict, and the probe against
// in-process UDP/TCP fakes (good, PTR, mismatch, silent, garbage, wrong id, slow, TC
// then TCP, closed port, IPv6), plus the config-test warning for an empty receive=.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/checks/protocols/dns_message.hpp"
#include "directord/checks/protocols/dns_probe.hpp"
#include "tests/unit/config_fake.hpp"
#include "udp_fakes.hpp"

using namespace directord::checks;
namespace dnsm = directord::checks::dns;
using fakes::UdpServer;

namespace {

std::string u16(unsigned v) { return {(char)(v >> 8), (char)(v & 0xff)}; }
std::string u32(unsigned v) { return u16(v >> 16) + u16(v & 0xffff); }
std::string bytes(std::initializer_list<int> b) {
    std::string s;
    for (int c : b) s.push_back((char)c);
    return s;
}

// The wire form of www.example.org (17 bytes).
const std::string kWww = "\x03www\x07" "example\x03org" + std::string(1, '\0');

std::string header(unsigned id, unsigned flags, unsigned qd, unsigned an) {
    return u16(id) + u16(flags) + u16(qd) + u16(an) + u16(0) + u16(0);
}

// www.example.org A -> CNAME web.example.org (compressed against the question),
// web.example.org A 192.0.2.7 (its owner compressed against the CNAME's data).
std::string cname_answer(unsigned id) {
    std::string p = header(id, 0x8180, 1, 2) + kWww + u16(1) + u16(1);   // question at 12
    p += u16(0xc00c) + u16(5) + u16(1) + u32(300) + u16(6) + "\x03web" + u16(0xc010);   // rdata at 45
    p += u16(0xc02d) + u16(1) + u16(1) + u32(300) + u16(4) + bytes({192, 0, 2, 7});
    return p;
}

// An answer to `query` (its id and question echoed) with these records after it.
std::string answer_to(const std::string& query, unsigned flags, unsigned count, const std::string& records) {
    return query.substr(0, 2) + u16(flags) + u16(1) + u16(count) + u16(0) + u16(0) + query.substr(12) + records;
}

std::string a_record(std::initializer_list<int> addr) {
    return u16(0xc00c) + u16(1) + u16(1) + u32(60) + u16(4) + bytes(addr);
}

ReceivePattern re(const std::string& s) { return ReceivePattern(s); }

CheckSpec dns_spec(std::uint16_t port, const std::string& request, const std::string& receive, bool udp = true,
                   const char* addr = "127.0.0.1") {
    CheckSpec s;
    s.kind = CheckSpec::Kind::negotiate;
    s.service = "dns";
    s.addr = *ha::Address::parse(addr);
    s.port = port;
    s.udp = udp;
    s.request = request;
    s.receive = receive;
    s.negotiatetimeout = std::chrono::seconds(2);
    return s;
}

CheckResult check(boost::asio::io_context& io, const CheckSpec& s) {
    return fakes::run_once(io, std::make_unique<DnsProbe>(io.get_executor(), s), s.negotiatetimeout);
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

long ms_since(std::chrono::steady_clock::time_point t) {
    return (long)std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
}

// A server that answers every A query with these addresses, PTR with host.example.org.
UdpServer::Handler good_server(std::initializer_list<int> addr = {192, 0, 2, 7}) {
    std::string a = a_record(addr);
    return [a](const std::string& q) -> std::vector<UdpServer::Out> {
        unsigned type = ((unsigned char)q[q.size() - 4] << 8) | (unsigned char)q[q.size() - 3];
        if (type == dnsm::PTR) {
            std::string ptr = u16(0xc00c) + u16(12) + u16(1) + u32(60) + u16(18) + "\x04host\x07" "example\x03org" +
                              std::string(1, '\0');
            return {{answer_to(q, 0x8180, 1, ptr)}};
        }
        return {{answer_to(q, 0x8180, 1, a)}};
    };
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks_dns)

BOOST_AUTO_TEST_CASE(query_bytes) {
    std::string err;
    auto q = dnsm::encode_query(0x1234, {"www.example.org.", dnsm::A}, err);
    BOOST_REQUIRE(q);
    BOOST_TEST(*q == header(0x1234, 0x0100, 1, 0) + kWww + u16(1) + u16(1));
    auto root = dnsm::encode_query(7, {"", dnsm::A}, err);
    BOOST_REQUIRE(root);
    BOOST_TEST(*root == header(7, 0x0100, 1, 0) + std::string(1, '\0') + u16(1) + u16(1));
}

BOOST_AUTO_TEST_CASE(unencodable_names) {
    std::string err;
    BOOST_TEST(!dnsm::encode_query(1, {std::string(64, 'a') + ".org", dnsm::A}, err));
    BOOST_TEST(has(err, "63"), err);
    BOOST_TEST(!dnsm::encode_query(1, {"a..org", dnsm::A}, err));
    std::string long_name;
    for (int i = 0; i < 5; ++i) long_name += std::string(60, 'x') + ".";
    BOOST_TEST(!dnsm::encode_query(1, {long_name + "org", dnsm::A}, err));
    BOOST_TEST(has(err, "255"), err);
}

BOOST_AUTO_TEST_CASE(question_follows_net_dns) {
    auto a = dnsm::question_for("www.example.org");
    BOOST_TEST(a.name == "www.example.org");
    BOOST_TEST(a.type == dnsm::A);
    auto v4 = dnsm::question_for("192.0.2.1");
    BOOST_TEST(v4.name == "1.2.0.192.in-addr.arpa");
    BOOST_TEST(v4.type == dnsm::PTR);
    auto v6 = dnsm::question_for("2001:db8::1");
    BOOST_TEST(v6.name == "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
    BOOST_TEST(v6.type == dnsm::PTR);
    auto arpa = dnsm::question_for("7.2.0.192.IN-ADDR.ARPA.");
    BOOST_TEST(arpa.name == "7.2.0.192.IN-ADDR.ARPA");
    BOOST_TEST(arpa.type == dnsm::PTR);
    BOOST_TEST(dnsm::question_for("").type == dnsm::A);
    BOOST_TEST(dnsm::question_for("my-arpa.example").type == dnsm::A);
}

BOOST_AUTO_TEST_CASE(compressed_answer_decodes_and_matches) {
    std::string err;
    auto m = dnsm::decode(cname_answer(0xbeef), err);
    BOOST_REQUIRE_MESSAGE(m, err);
    BOOST_TEST(m->id == 0xbeef);
    BOOST_TEST(m->response);
    BOOST_TEST(!m->truncated);
    BOOST_REQUIRE(m->questions.size() == 1u);
    BOOST_TEST(m->questions[0].name == "www.example.org");
    BOOST_REQUIRE(m->answers.size() == 2u);
    BOOST_TEST(m->answers[0].type == dnsm::CNAME);
    BOOST_TEST(m->answers[0].data == "web.example.org");
    BOOST_TEST(m->answers[1].name == "web.example.org");
    BOOST_TEST(m->answers[1].data == "192.0.2.7");
    BOOST_TEST(m->answers[1].ttl == 300u);
    BOOST_TEST(dnsm::mismatch(*m, 0xbeef, {"WWW.example.org.", dnsm::A}).empty());

    auto up = dnsm::judge(*m, re("^192\\.0\\.2\\.7$"));
    BOOST_TEST(up.up);
    BOOST_TEST(up.reason == "A 192.0.2.7");
    auto down = dnsm::judge(*m, re("^192\\.0\\.2\\.8$"));
    BOOST_TEST(!down.up);
    BOOST_TEST(has(down.reason, "A 192.0.2.7 does not match"), down.reason);
    // ldirectord never matches the CNAME's name.
    BOOST_TEST(!dnsm::judge(*m, re("web")).up);
    BOOST_TEST(!dnsm::judge(*m, re("")).up);
}

BOOST_AUTO_TEST_CASE(every_truncation_is_an_error) {
    std::string full = cname_answer(1);
    for (std::size_t n = 0; n < full.size(); ++n) {
        std::string err;
        BOOST_TEST(!dnsm::decode(full.substr(0, n), err), "decoded " << n << " bytes");
        BOOST_TEST(!err.empty());
    }
}

BOOST_AUTO_TEST_CASE(bad_pointers) {
    std::string err;
    std::string loop = header(1, 0x8180, 1, 0) + u16(0xc00c) + u16(1) + u16(1);   // points at itself
    BOOST_TEST(!dnsm::decode(loop, err));
    BOOST_TEST(has(err, "loop"), err);
    std::string beyond = header(1, 0x8180, 1, 0) + u16(0xc0ff) + u16(1) + u16(1);
    BOOST_TEST(!dnsm::decode(beyond, err));
    BOOST_TEST(has(err, "beyond"), err);
    std::string label_type = header(1, 0x8180, 1, 0) + bytes({0x41, 0}) + u16(1) + u16(1);
    BOOST_TEST(!dnsm::decode(label_type, err));
    std::string short_a = header(1, 0x8180, 1, 1) + kWww + u16(1) + u16(1) + u16(0xc00c) + u16(1) + u16(1) + u32(1) +
                          u16(3) + bytes({1, 2, 3});
    BOOST_TEST(!dnsm::decode(short_a, err));
    BOOST_TEST(has(err, "A record with 3"), err);
}

BOOST_AUTO_TEST_CASE(label_bytes_are_escaped) {
    std::string p = header(1, 0x8180, 1, 0) + "\x03" "a.b\x02" "\\" + std::string(1, '\x07') + std::string(1, '\0') + u16(1) + u16(1);
    std::string err;
    auto m = dnsm::decode(p, err);
    BOOST_REQUIRE_MESSAGE(m, err);
    BOOST_TEST(m->questions[0].name == "a\\.b.\\\\\\007");
}

BOOST_AUTO_TEST_CASE(wrong_id_query_and_question_are_mismatches) {
    std::string err;
    auto m = dnsm::decode(cname_answer(5), err);
    BOOST_REQUIRE(m);
    BOOST_TEST(has(dnsm::mismatch(*m, 6, {"www.example.org", dnsm::A}), "answer id 5 for query id 6"));
    BOOST_TEST(has(dnsm::mismatch(*m, 5, {"www.example.com", dnsm::A}), "answer for www.example.org A"));
    BOOST_TEST(!dnsm::mismatch(*m, 5, {"www.example.org", dnsm::PTR}).empty());
    auto q = dnsm::decode(*dnsm::encode_query(5, {"www.example.org", dnsm::A}, err), err);
    BOOST_REQUIRE(q);
    BOOST_TEST(has(dnsm::mismatch(*q, 5, {"www.example.org", dnsm::A}), "not an answer"));
}

BOOST_AUTO_TEST_CASE(rcodes_tc_and_empty_answers) {
    std::string err;
    auto nx = dnsm::decode(header(1, 0x8183, 1, 0) + kWww + u16(1) + u16(1), err);
    BOOST_REQUIRE(nx);
    BOOST_TEST(nx->rcode == 3);
    BOOST_TEST(dnsm::judge(*nx, re(".")).reason == "NXDOMAIN");
    auto fail = dnsm::decode(header(1, 0x8182, 0, 0), err);   // no question echoed
    BOOST_REQUIRE(fail);
    BOOST_TEST(dnsm::mismatch(*fail, 1, {"www.example.org", dnsm::A}).empty());
    BOOST_TEST(dnsm::judge(*fail, re(".")).reason == "SERVFAIL");
    BOOST_TEST(dnsm::rcode_name(9) == "RCODE 9");
    auto empty = dnsm::decode(header(1, 0x8180, 1, 0) + kWww + u16(1) + u16(1), err);
    BOOST_REQUIRE(empty);
    BOOST_TEST(dnsm::judge(*empty, re(".")).reason == "no answer records");
    auto tc = dnsm::decode(header(1, 0x8380, 1, 0) + kWww + u16(1) + u16(1), err);
    BOOST_REQUIRE(tc);
    BOOST_TEST(tc->truncated);
    auto aaaa = dnsm::decode(header(1, 0x8180, 1, 1) + kWww + u16(28) + u16(1) + u16(0xc00c) + u16(28) + u16(1) + u32(1) +
                                 u16(16) + std::string(16, '\x01'),
                             err);
    BOOST_REQUIRE(aaaa);
    BOOST_TEST(!dnsm::judge(*aaaa, re(".")).up);   // AAAA ignored, as ldirectord
    BOOST_TEST(has(dnsm::judge(*aaaa, re(".")).reason, "no A or PTR answer"));
}

BOOST_AUTO_TEST_CASE(ptr_answer_matches_its_name) {
    std::string err;
    std::string p = header(9, 0x8180, 1, 1) + "\x01" "1\x01" "2\x01" "0\x03" "192\x07" "in-addr\x04" "arpa" + std::string(1, '\0') +
                    u16(12) + u16(1) + u16(0xc00c) + u16(12) + u16(1) + u32(60) + u16(18) + "\x04host\x07" "example\x03org" +
                    std::string(1, '\0');
    auto m = dnsm::decode(p, err);
    BOOST_REQUIRE_MESSAGE(m, err);
    BOOST_TEST(dnsm::mismatch(*m, 9, dnsm::question_for("192.0.2.1")).empty());
    auto v = dnsm::judge(*m, re("^host\\.example\\.org$"));
    BOOST_TEST(v.up, v.reason);
    BOOST_TEST(v.reason == "PTR host.example.org");
}

// The probe against fakes.

BOOST_AUTO_TEST_CASE(probe_a_and_ptr_up) {
    boost::asio::io_context io;
    UdpServer srv(io, good_server());
    auto r = check(io, dns_spec(srv.port(), "/www.example.org", "192\\.0\\.2\\.7"));
    BOOST_TEST(r.up, r.reason);
    BOOST_TEST(r.reason == "A 192.0.2.7");
    BOOST_REQUIRE(srv.received.size() == 1u);
    BOOST_TEST(srv.received[0].substr(12) == kWww + u16(1) + u16(1));
    auto p = check(io, dns_spec(srv.port(), "/192.0.2.7", "^host\\.example"));
    BOOST_TEST(p.up, p.reason);
    BOOST_TEST(p.reason == "PTR host.example.org");
}

BOOST_AUTO_TEST_CASE(probe_mismatch_and_empty_receive_down) {
    boost::asio::io_context io;
    UdpServer srv(io, good_server());
    auto r = check(io, dns_spec(srv.port(), "/www.example.org", "^10\\."));
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "www.example.org A: answer A 192.0.2.7 does not match receive"), r.reason);
    auto e = check(io, dns_spec(srv.port(), "/www.example.org", ""));
    BOOST_TEST(!e.up);
    BOOST_TEST(has(e.reason, "receive= is empty"), e.reason);
    BOOST_TEST(srv.received.size() == 1u);   // nothing sent for the empty receive
}

BOOST_AUTO_TEST_CASE(probe_silent_server_is_retried_then_down) {
    boost::asio::io_context io;
    UdpServer srv(io, [](const std::string&) { return std::vector<UdpServer::Out>{}; });
    auto start = std::chrono::steady_clock::now();
    auto r = check(io, dns_spec(srv.port(), "/www.example.org", "."));
    auto took = ms_since(start);
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "no answer"), r.reason);
    BOOST_TEST(srv.received.size() == 2u);   // at 0 and 1 s within the 2 s limit
    BOOST_TEST(srv.received[0] == srv.received[1]);
    BOOST_TEST(took < 2600);
}

BOOST_AUTO_TEST_CASE(probe_ignores_garbage_and_wrong_id) {
    boost::asio::io_context io;
    auto good = good_server();
    UdpServer srv(io, [good](const std::string& q) {
        std::string wrong = q;
        wrong[0] ^= 0x55;
        auto out = good(wrong);
        out.insert(out.begin(), UdpServer::Out{"garbage"});
        out.push_back({good(q)[0].bytes, std::chrono::milliseconds(100)});
        return out;
    });
    auto r = check(io, dns_spec(srv.port(), "/www.example.org", "192"));
    BOOST_TEST(r.up, r.reason);

    UdpServer bad(io, [good](const std::string& q) {
        std::string wrong = q;
        wrong[1] ^= 1;
        return std::vector<UdpServer::Out>{{"garbage"}, {good(wrong)[0].bytes}};
    });
    auto d = check(io, dns_spec(bad.port(), "/www.example.org", "192"));
    BOOST_TEST(!d.up);
    BOOST_TEST(has(d.reason, "no answer"), d.reason);
    BOOST_TEST(has(d.reason, "ignored: answer id"), d.reason);
}

BOOST_AUTO_TEST_CASE(probe_slow_answer_past_the_deadline_is_down) {
    boost::asio::io_context io;
    auto good = good_server();
    UdpServer srv(io, [good](const std::string& q) {
        return std::vector<UdpServer::Out>{{good(q)[0].bytes, std::chrono::milliseconds(3000)}};
    });
    auto start = std::chrono::steady_clock::now();
    auto r = check(io, dns_spec(srv.port(), "/www.example.org", "192"));
    BOOST_TEST(!r.up);
    BOOST_TEST(ms_since(start) < 2600);
}

BOOST_AUTO_TEST_CASE(probe_truncated_udp_retries_over_tcp) {
    boost::asio::io_context io;
    UdpServer udp(io, [](const std::string& q) { return std::vector<UdpServer::Out>{{answer_to(q, 0x8380, 0, "")}}; });
    std::unique_ptr<fakes::StreamServer> tcp;
    auto tcp_answer = [](std::string& b) -> std::optional<std::string> {
        if (b.size() < 2) return std::nullopt;
        std::size_t len = ((unsigned char)b[0] << 8) | (unsigned char)b[1];
        if (b.size() < 2 + len) return std::nullopt;
        std::string a = answer_to(b.substr(2, len), 0x8180, 1, a_record({192, 0, 2, 9}));
        return u16((unsigned)a.size()) + a;
    };
    auto r0 = check(io, dns_spec(udp.port(), "/www.example.org", "192"));
    BOOST_TEST(!r0.up);   // nothing on TCP yet
    BOOST_TEST(has(r0.reason, "truncated over UDP, over TCP: connect"), r0.reason);
    try {
        tcp = std::make_unique<fakes::StreamServer>(io, tcp_answer, "127.0.0.1", udp.port());
    } catch (const std::exception&) {
        BOOST_WARN_MESSAGE(false, "TCP port " << udp.port() << " taken: TC-over-TCP case not run");
        return;
    }
    auto r = check(io, dns_spec(udp.port(), "/www.example.org", "192\\.0\\.2\\.9"));
    BOOST_TEST(r.up, r.reason);
    BOOST_TEST(tcp->connections == 1);
}

BOOST_AUTO_TEST_CASE(probe_over_tcp_for_tcp_virtuals) {
    boost::asio::io_context io;
    // The answer arrives in two pieces; a second server answers with a wrong id.
    fakes::StreamServer good(io, [](std::string& b) -> std::optional<std::string> {
        if (b.size() < 2 || b.size() < 2u + (((unsigned char)b[0] << 8) | (unsigned char)b[1])) return std::nullopt;
        std::string a = answer_to(b.substr(2), 0x8180, 1, a_record({10, 1, 2, 3}));
        return u16((unsigned)a.size()) + a;
    });
    auto r = check(io, dns_spec(good.port(), "/www.example.org", "^10\\.1\\.2\\.3$", false));
    BOOST_TEST(r.up, r.reason);
    fakes::StreamServer wrong(io, [](std::string& b) -> std::optional<std::string> {
        if (b.size() < 14) return std::nullopt;
        std::string a = answer_to(b.substr(2), 0x8180, 1, a_record({10, 1, 2, 3}));
        a[0] ^= 1;
        return u16((unsigned)a.size()) + a;
    });
    auto w = check(io, dns_spec(wrong.port(), "/www.example.org", "10", false));
    BOOST_TEST(!w.up);
    BOOST_TEST(has(w.reason, "answer id"), w.reason);
    fakes::StreamServer cut(io, [](std::string& b) -> std::optional<std::string> {
        if (b.size() < 14) return std::nullopt;
        return fakes::StreamServer::kClose;
    });
    auto c = check(io, dns_spec(cut.port(), "/www.example.org", "10", false));
    BOOST_TEST(!c.up);
    BOOST_TEST(has(c.reason, "closed"), c.reason);
}

BOOST_AUTO_TEST_CASE(probe_closed_port_is_refused_at_once) {
    boost::asio::io_context io;
    auto start = std::chrono::steady_clock::now();
    auto r = check(io, dns_spec(fakes::closed_udp_port(io), "/www.example.org", "."));
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "refused"), r.reason);
    BOOST_TEST(ms_since(start) < 1000);
}

BOOST_AUTO_TEST_CASE(probe_ipv6_real_server) {
    boost::asio::io_context io;
    if (!fakes::has_ipv6_loopback(io)) {
        BOOST_WARN_MESSAGE(false, "no ::1 here: IPv6 case not run");
        return;
    }
    UdpServer srv(io, good_server({198, 51, 100, 1}), "::1");
    auto r = check(io, dns_spec(srv.port(), "/www.example.org", "198\\.51", true, "::1"));
    BOOST_TEST(r.up, r.reason);
}

BOOST_AUTO_TEST_CASE(config_warns_about_empty_receive) {
    auto r = cfgtest::parse("virtual=10.0.0.1:53\n\treal=10.0.0.2:53 gate\n\tservice=dns\n\trequest=\"www.example.org\"\n");
    BOOST_TEST(cfgtest::has_warning(r, 1,
                                    "virtual service udp:10.0.0.1:53: a dns check without receive= is never up, in "
                                    "ldirectord as here; set receive= to a regex for the expected address or name"),
               cfgtest::warnings_text(r));
    auto ok = cfgtest::parse("virtual=10.0.0.1:53\n\treal=10.0.0.2:53 gate\n\tservice=dns\n\treceive=\"10\"\n");
    BOOST_TEST(cfgtest::warnings_text(ok).find("dns check") == std::string::npos, cfgtest::warnings_text(ok));
}

BOOST_AUTO_TEST_SUITE_END()
