// service=radius: the packet codec against vectors computed independently, and the
// probe against an in-process UDP fake (accept, reject, wrong secret, stray and
// garbage answers, silence with resends, closed port).
//
// Vectors. RFC 2865 section 7.1 (user nemo, password arctangent, secret xyzzy5461): its
// Access-Request and Access-Accept bytes, checked with python3 before use:
//   hashlib.md5(resp[0:4] + req[4:20] + resp[20:] + b"xyzzy5461").hexdigest()
//     == "86fe220e7624ba2a1005f6bf9b55e0b2" (the Accept's authenticator) and
//   md5(b"xyzzy5461" + req[4:20]) XOR b"arctangent\0\0\0\0\0\0" == req[28:44].
// The Message-Authenticator vectors below were made with this python3:
//   def attr(t, v): return bytes([t, len(v) + 2]) + v
//   def hide(pw, s, ra):   # RFC 2865 5.2
//       p = pw + b"\0" * ((-len(pw)) % 16); out = b""; prev = ra
//       for i in range(0, len(p), 16):
//           c = bytes(x ^ y for x, y in zip(p[i:i+16], hashlib.md5(s + prev).digest())); out += c; prev = c
//       return out
//   s = b"testing123"; ra = bytes(range(16)); pw = b"wonderland-is-a-long-password"
//   attrs = attr(80, b"\0"*16) + attr(1, b"alice") + attr(2, hide(pw, s, ra)) + attr(4, bytes([127, 0, 0, 1]))
//   pkt = bytes([1, 0x2a]) + struct.pack(">H", 20 + len(attrs)) + ra + attrs
//   pkt = pkt[:22] + hmac.new(s, pkt, hashlib.md5).digest() + pkt[38:]
//   # Accept: Reply-Message "welcome" + Message-Authenticator (HMAC over the packet with
//   # the request authenticator in place and its value zeroed), then the authenticator.
//   r = attr(18, b"welcome") + attr(80, b"\0"*16); hdr = bytes([2, 0x2a]) + struct.pack(">H", 20 + len(r))
//   r = attr(18, b"welcome") + attr(80, hmac.new(s, hdr + ra + r, hashlib.md5).digest())
//   accept = hdr + hashlib.md5(hdr + ra + r + s).digest() + r
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/checks/protocols/radius_packet.hpp"
#include "directord/checks/protocols/radius_probe.hpp"
#include "udp_fakes.hpp"

using namespace directord::checks;
using fakes::UdpServer;

namespace {

std::string unhex(const std::string& h) {
    std::string out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back((char)std::stoi(h.substr(i, 2), nullptr, 16));
    return out;
}

std::string hex(const std::string& s) {
    static const char d[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += d[c >> 4];
        out += d[c & 15];
    }
    return out;
}

const std::string kRfcRequest = unhex(
    "010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee0406c0a8011005060000"
    "0003");
const std::string kRfcAccept = unhex("0200002686fe220e7624ba2a1005f6bf9b55e0b206060000000"
                                     "10f06000000000e06c0a80103");

const std::string kMaRequest = unhex(
    "012a0055000102030405060708090a0b0c0d0e0f50124fdab69a9e48f78b2d331e5ee833634c0107616c6963650222e18167ae118f16"
    "7b7e222a4d7339e3a6877c7aaec4a48762540d5f58ae928ee404067f000001");
const std::string kMaAccept = unhex("022a002f6b6b5e629e293ce1146e3b3512c0abf1120977656c636f6d6550120e2bbad45049cd0024e37d2d4f1d23fa");
const std::string kReject = unhex("032a0022228c1157ef1279173f15b87145a1ce0c120e6261642070617373776f7264");

radius::Authenticator auth_of(const std::string& packet) {
    radius::Authenticator a;
    std::copy(packet.begin() + 4, packet.begin() + 20, a.begin());
    return a;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

long ms_since(std::chrono::steady_clock::time_point t) {
    return (long)std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
}

// A RADIUS server for user alice/secret (secret `secret`): answers what it is sent,
// signed with its own secret, after `delay`; `code` forces the answer's code.
struct FakeRadius {
    std::string secret = "testing123";
    std::string user = "alice", password = "secret-pw";
    std::chrono::milliseconds delay{0};
    int answers = 0;
    std::vector<std::string> attrs_seen;   // attribute types of the last request, as text

    std::vector<UdpServer::Out> operator()(const std::string& q) {
        if (q.size() < 20) return {};
        ++answers;
        radius::Authenticator ra;
        std::copy(q.begin() + 4, q.begin() + 20, ra.begin());
        std::string name, hidden;
        attrs_seen.clear();
        for (std::size_t off = 20; off + 2 <= q.size() && (unsigned char)q[off + 1] >= 2;) {
            std::size_t len = (unsigned char)q[off + 1];
            attrs_seen.push_back(std::to_string((unsigned char)q[off]));
            if (q[off] == radius::UserName) name = q.substr(off + 2, len - 2);
            if (q[off] == radius::UserPassword) hidden = q.substr(off + 2, len - 2);
            off += len;
        }
        bool ok = name == user && hidden == radius::hide_password(password, secret, ra);
        std::string attrs;
        std::string msg = ok ? "hello" : "denied";
        attrs.push_back((char)radius::ReplyMessage);
        attrs.push_back((char)(msg.size() + 2));
        attrs += msg;
        std::string p;
        p.push_back((char)(ok ? radius::AccessAccept : radius::AccessReject));
        p.push_back(q[1]);
        p.push_back(0);
        p.push_back((char)(20 + attrs.size()));
        std::string auth = radius::md5(p + q.substr(4, 16) + attrs + secret);
        return {{p + auth + attrs, delay}};
    }
};

CheckSpec radius_spec(std::uint16_t port, const std::string& login, const std::string& passwd,
                      const std::string& secret = "testing123") {
    CheckSpec s;
    s.kind = CheckSpec::Kind::negotiate;
    s.service = "radius";
    s.addr = *ha::Address::parse("127.0.0.1");
    s.port = port;
    s.udp = true;
    s.login = login;
    s.passwd = passwd;
    s.secret = secret;
    s.negotiatetimeout = s.checktimeout = std::chrono::seconds(2);
    return s;
}

CheckResult check(boost::asio::io_context& io, const CheckSpec& s) {
    return fakes::run_once(io, std::make_unique<RadiusProbe>(io.get_executor(), s), s.deadline());
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks_radius)

BOOST_AUTO_TEST_CASE(rfc2865_example_request) {
    radius::Request r;
    r.id = 0;
    r.authenticator = auth_of(kRfcRequest);
    r.user = "nemo";
    r.password = "arctangent";
    r.nas = *ha::Address::parse("192.168.1.16");
    r.message_authenticator = false;
    std::string err;
    auto p = radius::encode_access_request(r, "xyzzy5461", err);
    BOOST_REQUIRE_MESSAGE(p, err);
    // The RFC's packet without its NAS-Port attribute (6 bytes), so 50 bytes long.
    std::string want = kRfcRequest.substr(0, 50);
    want[3] = 50;
    BOOST_TEST(hex(*p) == hex(want));
}

BOOST_AUTO_TEST_CASE(rfc2865_example_accept_verifies) {
    std::string err;
    auto r = radius::verify_response(kRfcAccept, kRfcRequest, "xyzzy5461", err);
    BOOST_REQUIRE_MESSAGE(r, err);
    BOOST_TEST(r->code == radius::AccessAccept);
    BOOST_TEST(!radius::verify_response(kRfcAccept, kRfcRequest, "xyzzy5462", err));
    BOOST_TEST(has(err, "Response Authenticator does not verify"), err);
    std::string tampered = kRfcAccept;
    tampered.back() ^= 1;
    BOOST_TEST(!radius::verify_response(tampered, kRfcRequest, "xyzzy5461", err));
    // Padding past the length field is ignored (RFC 2865 3).
    BOOST_TEST(radius::verify_response(kRfcAccept + std::string(5, '\0'), kRfcRequest, "xyzzy5461", err).has_value(), err);
}

BOOST_AUTO_TEST_CASE(password_hiding_two_blocks) {
    radius::Authenticator ra;
    for (int i = 0; i < 16; ++i) ra[i] = (std::uint8_t)i;
    BOOST_TEST(hex(radius::hide_password("wonderland-is-a-long-password", "testing123", ra)) ==
               "e18167ae118f167b7e222a4d7339e3a6877c7aaec4a48762540d5f58ae928ee4");
    BOOST_TEST(radius::hide_password("", "s", ra).size() == 16u);
    BOOST_TEST(radius::hide_password(std::string(16, 'x'), "s", ra).size() == 16u);
    BOOST_TEST(radius::hide_password(std::string(17, 'x'), "s", ra).size() == 32u);
}

BOOST_AUTO_TEST_CASE(request_with_message_authenticator) {
    radius::Request r;
    r.id = 0x2a;
    for (int i = 0; i < 16; ++i) r.authenticator[i] = (std::uint8_t)i;
    r.user = "alice";
    r.password = "wonderland-is-a-long-password";
    r.nas = *ha::Address::parse("127.0.0.1");
    std::string err;
    auto p = radius::encode_access_request(r, "testing123", err);
    BOOST_REQUIRE_MESSAGE(p, err);
    BOOST_TEST(hex(*p) == hex(kMaRequest));
}

BOOST_AUTO_TEST_CASE(responses_with_message_authenticator_and_reject) {
    std::string err;
    auto a = radius::verify_response(kMaAccept, kMaRequest, "testing123", err);
    BOOST_REQUIRE_MESSAGE(a, err);
    BOOST_TEST(a->code == radius::AccessAccept);
    BOOST_TEST(a->reply_message == "welcome");
    // A broken Message-Authenticator with a valid Response Authenticator is refused.
    std::string bad = kMaAccept;
    bad[bad.size() - 1] ^= 1;
    std::string check = bad.substr(0, 4) + kMaRequest.substr(4, 16) + bad.substr(20) + "testing123";
    bad.replace(4, 16, radius::md5(check));
    BOOST_TEST(!radius::verify_response(bad, kMaRequest, "testing123", err));
    BOOST_TEST(has(err, "Message-Authenticator does not verify"), err);
    auto rj = radius::verify_response(kReject, kMaRequest, "testing123", err);
    BOOST_REQUIRE_MESSAGE(rj, err);
    BOOST_TEST(rj->code == radius::AccessReject);
    BOOST_TEST(rj->reply_message == "bad password");
}

BOOST_AUTO_TEST_CASE(malformed_responses) {
    std::string err;
    BOOST_TEST(!radius::verify_response(kReject.substr(0, 19), kMaRequest, "testing123", err));
    std::string other_id = kReject;
    other_id[1] = 0x2b;
    BOOST_TEST(!radius::verify_response(other_id, kMaRequest, "testing123", err));
    BOOST_TEST(has(err, "identifier 43"), err);
    std::string longer = kReject;
    longer[3] = (char)(longer.size() + 1);
    BOOST_TEST(!radius::verify_response(longer, kMaRequest, "testing123", err));
    BOOST_TEST(has(err, "length field"), err);
    std::string zero_attr = kReject;
    zero_attr[21] = 0;
    BOOST_TEST(!radius::verify_response(zero_attr, kMaRequest, "testing123", err));
    BOOST_TEST(has(err, "malformed attribute"), err);
    std::string request_code = kReject;
    request_code[0] = radius::AccessRequest;
    BOOST_TEST(!radius::verify_response(request_code, kMaRequest, "testing123", err));
}

BOOST_AUTO_TEST_CASE(unencodable_requests) {
    radius::Request r;
    r.user = "u";
    std::string err;
    BOOST_TEST(!radius::encode_access_request(r, "", err));
    BOOST_TEST(has(err, "secret"), err);
    r.user = "";
    BOOST_TEST(!radius::encode_access_request(r, "s", err));
    BOOST_TEST(has(err, "login"), err);
    r.user = "u";
    r.password = std::string(129, 'p');
    BOOST_TEST(!radius::encode_access_request(r, "s", err));
    r.password = std::string(128, 'p');
    BOOST_TEST(radius::encode_access_request(r, "s", err).has_value());
}

// The probe against the fake.

BOOST_AUTO_TEST_CASE(probe_accept_up_reject_down) {
    boost::asio::io_context io;
    FakeRadius f;
    UdpServer srv(io, std::ref(f));
    auto r = check(io, radius_spec(srv.port(), "alice", "secret-pw"));
    BOOST_TEST(r.up, r.reason);
    BOOST_TEST(r.reason == "Access-Accept: hello");
    // Message-Authenticator, User-Name, User-Password, NAS-IP-Address.
    BOOST_TEST((f.attrs_seen == std::vector<std::string>{"80", "1", "2", "4"}));
    auto d = check(io, radius_spec(srv.port(), "alice", "wrong"));
    BOOST_TEST(!d.up);
    BOOST_TEST(d.reason == "Access-Reject: denied");
}

BOOST_AUTO_TEST_CASE(probe_wrong_secret_is_down_with_the_reason) {
    boost::asio::io_context io;
    FakeRadius f;
    UdpServer srv(io, std::ref(f));
    auto r = check(io, radius_spec(srv.port(), "alice", "secret-pw", "not-the-secret"));
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "no answer"), r.reason);
    BOOST_TEST(has(r.reason, "Response Authenticator does not verify (wrong secret?)"), r.reason);
}

BOOST_AUTO_TEST_CASE(probe_ignores_stray_and_garbage_answers) {
    boost::asio::io_context io;
    FakeRadius f;
    UdpServer srv(io, [&f](const std::string& q) {
        auto good = f(q);
        std::string stray = good[0].bytes;
        stray[1] ^= 1;   // another request's identifier
        return std::vector<UdpServer::Out>{{"garbage"}, {stray}, {good[0].bytes, std::chrono::milliseconds(50)}};
    });
    auto r = check(io, radius_spec(srv.port(), "alice", "secret-pw"));
    BOOST_TEST(r.up, r.reason);
}

BOOST_AUTO_TEST_CASE(probe_resends_the_same_request) {
    boost::asio::io_context io;
    FakeRadius f;
    int n = 0;
    // The first request is lost: the second, identical, is answered.
    UdpServer srv(io, [&](const std::string& q) {
        if (n++ == 0) return std::vector<UdpServer::Out>{};
        return f(q);
    });
    auto r = check(io, radius_spec(srv.port(), "alice", "secret-pw"));
    BOOST_TEST(r.up, r.reason);
    BOOST_REQUIRE(srv.received.size() == 2u);
    BOOST_TEST(srv.received[0] == srv.received[1]);
}

BOOST_AUTO_TEST_CASE(probe_silent_slow_and_closed_are_down) {
    boost::asio::io_context io;
    FakeRadius slow;
    slow.delay = std::chrono::milliseconds(2500);
    UdpServer srv(io, std::ref(slow));
    auto start = std::chrono::steady_clock::now();
    auto r = check(io, radius_spec(srv.port(), "alice", "secret-pw"));
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "no answer (sent 2 times)"), r.reason);
    BOOST_TEST(ms_since(start) < 2600);
    auto c = check(io, radius_spec(fakes::closed_udp_port(io), "alice", "secret-pw"));
    BOOST_TEST(!c.up);
    BOOST_TEST(has(c.reason, "refused"), c.reason);
    auto e = check(io, radius_spec(srv.port(), "", "pw"));
    BOOST_TEST(!e.up);
    BOOST_TEST(has(e.reason, "login= is empty"), e.reason);
}

BOOST_AUTO_TEST_CASE(limit_is_the_smaller_timeout) {
    auto s = radius_spec(1812, "a", "b");
    s.checktimeout = std::chrono::seconds(3);
    s.negotiatetimeout = std::chrono::seconds(30);
    BOOST_TEST(s.deadline().count() == 3);
    s.service = "ldap";   // the same alarm pair in ldirectord
    BOOST_TEST(s.deadline().count() == 3);
    s.service = "ldaps";
    BOOST_TEST(s.deadline().count() == 3);
    s.service = "sip";
    BOOST_TEST(s.deadline().count() == 30);
}

BOOST_AUTO_TEST_SUITE_END()
