// The read cap (directord/checks/transport/read_cap.hpp) on the checks that read from a server
// over a LineChannel: endless lines, a line that never ends, a byte per tick, an
// endless FTP file, LDAP searches answered with 1,000 huge entries or lying BER
// lengths, SIP over TCP without an end. Each is down with its reason by the deadline,
// and what the channel reads stays within the cap.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/checks/protocols/dns_message.hpp"
#include "directord/checks/protocols/dns_probe.hpp"
#include "directord/checks/protocols/ldap_message.hpp"
#include "directord/checks/protocols/line_channel.hpp"
#include "directord/checks/transport/read_cap.hpp"
#include "directord/checks/protocols/sip_probe.hpp"
#include "directord/checks/engine/text_probes.hpp"
#include "hostile_fakes.hpp"
#include "text_fakes.hpp"

using namespace directord::checks;
using fakes::ScriptServer;

namespace {

CheckSpec spec(const std::string& service, std::uint16_t port, int seconds = 5) {
    return fakes::negotiate_spec(service, port, std::chrono::seconds(seconds));
}

CheckResult check(boost::asio::io_context& io, const CheckSpec& s) {
    auto p = make_text_probe(io.get_executor(), s, [](std::string&) { return std::shared_ptr<boost::asio::ssl::context>(); });
    BOOST_REQUIRE(p);
    return fakes::run_once(io, std::move(p), s.negotiatetimeout);
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string bytes(std::initializer_list<int> b) {
    std::string s;
    for (int x : b) s += (char)x;
    return s;
}
// BER with a 4-byte long-form length, whatever the size.
std::string ltlv(int tag, const std::string& v) {
    auto n = v.size();
    return bytes({tag, 0x84, (int)(n >> 24) & 0xff, (int)(n >> 16) & 0xff, (int)(n >> 8) & 0xff, (int)n & 0xff}) + v;
}
std::string bind_ok() { return ltlv(0x30, bytes({0x02, 0x01, 0x01}) + ltlv(0x61, bytes({0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00}))); }
std::string entry(const std::string& dn) { return ltlv(0x30, bytes({0x02, 0x01, 0x02}) + ltlv(0x64, ltlv(0x04, dn) + bytes({0x30, 0x00}))); }
std::string done() { return ltlv(0x30, bytes({0x02, 0x01, 0x02}) + ltlv(0x65, bytes({0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00}))); }

// The bind answer, `n` entries (each made when sent), the search's end.
ScriptServer::Script directory(std::size_t n, std::size_t dn_size) {
    return [n, dn_size](std::size_t i) -> std::optional<std::string> {
        if (i == 0) return bind_ok();
        if (i <= n) return entry("cn=" + std::to_string(i) + "," + std::string(dn_size, 'd'));
        if (i == n + 1) return done();
        return std::nullopt;
    };
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks_read_cap)

BOOST_AUTO_TEST_CASE(a_line_channel_reads_no_more_than_the_cap) {
    boost::asio::io_context io;
    ScriptServer srv(io, ScriptServer::endless("", std::string(1000, 'x') + "\n"), std::chrono::milliseconds(0),
                     ScriptServer::End::close, false);
    Deadline dl(io.get_executor());
    dl.arm(std::chrono::seconds(20));
    std::string err;
    std::size_t lines = 0, read = 0;
    bool finished = false;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            LineChannel c(io.get_executor());
            bool open = co_await c.open(dl, *ha::Address::parse("127.0.0.1"), srv.port(), nullptr, err);
            if (open) {
                for (;;) {
                    auto l = co_await c.line(err);
                    if (!l) break;
                    ++lines;
                }
            }
            read = c.bytes_read();
            finished = true;
        },
        boost::asio::detached);
    while (!finished) io.run_one();
    BOOST_TEST(err == "the server sent more than the 1 MB read cap");
    BOOST_TEST(read == kReadCap + 1);
    // The lines before the read that passed the cap (at most 4 KB each).
    BOOST_TEST(lines >= (kReadCap - 4096) / 1001);
    BOOST_TEST(lines <= kReadCap / 1001);
    BOOST_TEST(srv.sent > kReadCap);
}

BOOST_AUTO_TEST_CASE(simpletcp_endless_lines_stop_at_the_read_cap) {
    boost::asio::io_context io;
    // 1 KB lines: the cap comes before simpletcp's 10,000-line limit.
    ScriptServer srv(io, ScriptServer::endless("", std::string(1000, 'n') + "\r\n"), std::chrono::milliseconds(0),
                     ScriptServer::End::close, false);
    auto s = spec("simpletcp", srv.port(), 20);
    s.receive = "^never$";
    auto r = check(io, s);
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "the server sent more than the 1 MB read cap"), r.reason);
}

BOOST_AUTO_TEST_CASE(a_line_that_never_ends_is_bounded) {
    boost::asio::io_context io;
    ScriptServer srv(io, ScriptServer::endless("220", std::string(4096, 'g')), std::chrono::milliseconds(0), ScriptServer::End::close,
                     false);
    auto r = check(io, spec("smtp", srv.port(), 20));
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "a line longer than 8192 bytes"), r.reason);
}

BOOST_AUTO_TEST_CASE(a_byte_per_tick_is_down_at_the_deadline) {
    boost::asio::io_context io;
    ScriptServer srv(io, ScriptServer::bytewise("", std::string(100, 'b')), std::chrono::milliseconds(200), ScriptServer::End::hold,
                     false);
    auto s = spec("simpletcp", srv.port(), 1);
    s.receive = "^never$";
    auto r = check(io, s);
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "timed out"), r.reason);
}

BOOST_AUTO_TEST_CASE(ftp_endless_file_stops_at_the_read_cap) {
    boost::asio::io_context io;
    ScriptServer data(io, ScriptServer::endless("", std::string(65536, 'f')), std::chrono::milliseconds(0), ScriptServer::End::close,
                      false);
    auto port = data.port();
    fakes::TextServer control(io, "220 ftp ready\r\n", [port](const std::string& l) -> std::string {
        if (l.rfind("USER", 0) == 0) return "230 in\r\n";
        if (l == "PASV") return "227 Entering Passive Mode (127,0,0,1," + std::to_string(port / 256) + "," + std::to_string(port % 256) + ")\r\n";
        if (l.rfind("RETR", 0) == 0) return "150 here it comes\r\n";
        return "200 ok\r\n";
    });
    auto s = spec("ftp", control.port(), 20);
    s.login = "anonymous";
    s.request = "/big";
    s.receive = "f";
    auto r = check(io, s);
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason == "RETR /big: the server sent more than the 1 MB read cap");
}

BOOST_AUTO_TEST_CASE(ldap_1000_huge_entries_cost_no_more_than_the_cap) {
    boost::asio::io_context io;
    // 1,000 entries of 1 MB DNs: each announces more than one element may.
    ScriptServer mb(io, directory(1000, 1 << 20));
    auto r = check(io, spec("ldap", mb.port(), 20));
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "search: BER element of"), r.reason);
    BOOST_TEST(has(r.reason, "(limit 262144)"), r.reason);
    // 1,000 entries of 200 KB DNs: each may be read, together they pass the read cap.
    ScriptServer big(io, directory(1000, 200 * 1024));
    r = check(io, spec("ldap", big.port(), 20));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason.find("search: the server sent more than the 1 MB read cap") == 0u, r.reason);
    // 1,000 small ones: counted, not kept.
    ScriptServer many(io, directory(1000, 10));
    r = check(io, spec("ldap", many.port(), 20));
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "1000 entries at"), r.reason);
}

BOOST_AUTO_TEST_CASE(ldap_lying_ber_length_is_down_at_the_deadline) {
    boost::asio::io_context io;
    // An entry announcing 200 KB, then 10 bytes and silence.
    ScriptServer::Script lie = [](std::size_t i) -> std::optional<std::string> {
        if (i == 0) return bind_ok();
        if (i == 1) return bytes({0x30, 0x84, 0x00, 0x03, 0x20, 0x00}) + "0123456789";
        return std::nullopt;
    };
    ScriptServer srv(io, lie, std::chrono::milliseconds(0), ScriptServer::End::hold);
    auto r = check(io, spec("ldap", srv.port(), 1));
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "timed out"), r.reason);
    // Announcing more than an element may: refused on the header alone.
    ScriptServer::Script huge = [](std::size_t i) -> std::optional<std::string> {
        if (i == 0) return bind_ok();
        if (i == 1) return bytes({0x30, 0x84, 0x7f, 0xff, 0xff, 0xff});
        return std::nullopt;
    };
    ScriptServer srv2(io, huge, std::chrono::milliseconds(0), ScriptServer::End::hold);
    r = check(io, spec("ldap", srv2.port(), 5));
    BOOST_TEST(!r.up);
    BOOST_TEST(r.reason == "search: BER element of 2147483647 bytes (limit 262144)");
}

BOOST_AUTO_TEST_CASE(sip_over_tcp_without_an_end_is_bounded) {
    boost::asio::io_context io;
    ScriptServer srv(io, ScriptServer::endless("SIP/2.0 100 Trying\r\n", "X-Pad: " + std::string(1000, 's') + "\r\n"));
    auto s = spec("sip", srv.port(), 20);
    s.login = "ldirectord@director";
    auto r = fakes::run_once(io, std::make_unique<SipProbe>(io.get_executor(), s), s.negotiatetimeout);
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "longer than 65536 bytes"), r.reason);
}

BOOST_AUTO_TEST_CASE(dns_lying_lengths_are_errors) {
    boost::asio::io_context io;
    // Over TCP: a length prefix of 65535 with 10 bytes behind it, then the close.
    ScriptServer srv(io, ScriptServer::once(std::string("\xff\xff", 2) + "0123456789"));
    auto s = spec("dns", srv.port(), 2);
    s.udp = false;
    s.request = "/www.example.org";
    s.receive = ".";
    auto r = fakes::run_once(io, std::make_unique<DnsProbe>(io.get_executor(), s), s.negotiatetimeout);
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "answer cut short (12 bytes)"), r.reason);
    // Counts announcing 65535 answers (and questions) with none behind them.
    const std::string www = std::string("\x03www\x07" "example\x03org", 16) + std::string(1, '\0') + bytes({0, 1, 0, 1});
    for (auto counts : {bytes({0, 1, 0xff, 0xff}), bytes({0xff, 0xff, 0, 0})}) {
        std::string packet = bytes({0x12, 0x34, 0x81, 0x80}) + counts + bytes({0, 0, 0, 0}) + www;
        std::string err;
        BOOST_TEST(!dns::decode(packet, err));
        BOOST_TEST(!err.empty());
    }
}

BOOST_AUTO_TEST_SUITE_END()
