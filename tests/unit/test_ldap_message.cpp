// The LDAPv3 BER codec of the ldap check: exact bytes of the requests (written out
// by hand from RFC 4511 / X.690), decoding of the answers, long-form lengths, and
// truncated or garbage input giving a clear reason, never a crash.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <random>

#include "directord/checks/protocols/ldap_message.hpp"

using namespace directord::checks::ldap;

namespace {

std::string bytes(std::initializer_list<int> b) {
    std::string s;
    for (int x : b) s += (char)x;
    return s;
}

std::string hexdump(const std::string& s) {
    static const char* d = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += d[c >> 4];
        out += d[c & 15];
        out += ' ';
    }
    return out;
}

Parse parse(const std::string& in, Message& m, std::size_t& used, std::string& err) { return parse_message(in, m, used, err); }

Parse parse(const std::string& in, std::string& err) {
    Message m;
    std::size_t used = 0;
    return parse_message(in, m, used, err);
}

} // namespace

BOOST_AUTO_TEST_SUITE(ldap_message)

BOOST_AUTO_TEST_CASE(anonymous_bind_request_bytes) {
    // SEQUENCE { id 1, [APPLICATION 0] { version 3, name "", simple [0] "" } }
    auto want = bytes({0x30, 0x0c, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00, 0x80, 0x00});
    BOOST_TEST(hexdump(bind_request(1, "", "")) == hexdump(want));
}

BOOST_AUTO_TEST_CASE(simple_bind_request_bytes) {
    auto want = bytes({0x30, 0x11, 0x02, 0x01, 0x01, 0x60, 0x0c, 0x02, 0x01, 0x03, 0x04, 0x04, 'c', 'n', '=', 'a', 0x80, 0x01, 'x'});
    BOOST_TEST(hexdump(bind_request(1, "cn=a", "x")) == hexdump(want));
}

BOOST_AUTO_TEST_CASE(long_form_lengths_are_written) {
    std::string pw(300, 'p');
    auto b = bind_request(1, "", pw);
    // 300 = 0x012c: password [0] 82 01 2c; the op holds 3+2+4+300 = 309 = 0x0135;
    // the message 3+4+309 = 316 = 0x013c.
    BOOST_TEST(hexdump(b.substr(0, 4)) == hexdump(bytes({0x30, 0x82, 0x01, 0x3c})));
    BOOST_TEST(hexdump(b.substr(7, 4)) == hexdump(bytes({0x60, 0x82, 0x01, 0x35})));
    BOOST_TEST(b.size() == 4u + 316u);
    auto pos = b.find(std::string(1, (char)0x80));
    BOOST_REQUIRE(pos != std::string::npos);
    BOOST_TEST(hexdump(b.substr(pos, 4)) == hexdump(bytes({0x80, 0x82, 0x01, 0x2c})));
    // 128 is the first length that needs the long form.
    // id (3) + op header (2) + version (3) + name (2 + 116) + password (2) = 128.
    auto c = bind_request(1, std::string(116, 'd'), "");
    BOOST_TEST(hexdump(c.substr(0, 3)) == hexdump(bytes({0x30, 0x81, 0x80})));
}

BOOST_AUTO_TEST_CASE(search_request_bytes) {
    std::string want = bytes({0x30, 0x2e, 0x02, 0x01, 0x02, 0x63, 0x29, 0x04, 0x04}) + "dc=x" +
                       bytes({0x0a, 0x01, 0x00,    // scope baseObject
                              0x0a, 0x01, 0x02,    // derefFindingBaseObj
                              0x02, 0x01, 0x00,    // sizeLimit
                              0x02, 0x01, 0x00,    // timeLimit
                              0x01, 0x01, 0x00,    // typesOnly FALSE
                              0x87, 0x0b}) +       // present filter
                       "objectClass" + bytes({0x30, 0x05, 0x04, 0x03}) + "1.1";
    BOOST_TEST(hexdump(search_base_request(2, "dc=x")) == hexdump(want));
}

BOOST_AUTO_TEST_CASE(unbind_request_bytes) {
    BOOST_TEST(hexdump(unbind_request(3)) == hexdump(bytes({0x30, 0x05, 0x02, 0x01, 0x03, 0x42, 0x00})));
}

BOOST_AUTO_TEST_CASE(message_ids_round_trip) {
    for (std::int32_t id : {0, 1, 127, 128, 255, 256, 32767, 32768, 65535, 0x7fffffff}) {
        Message m;
        std::size_t used = 0;
        std::string err;
        auto b = unbind_request(id);
        BOOST_TEST((parse(b, m, used, err) == Parse::ok), err);
        BOOST_TEST(m.id == id);
        BOOST_TEST(used == b.size());
        BOOST_TEST((m.op == Message::Op::other));
        BOOST_TEST(m.tag == 0x42u);
    }
    // 128 needs a leading zero byte to stay positive.
    BOOST_TEST(hexdump(unbind_request(128).substr(2, 4)) == hexdump(bytes({0x02, 0x02, 0x00, 0x80})));
}

BOOST_AUTO_TEST_CASE(bind_responses) {
    Message m;
    std::size_t used = 0;
    std::string err;
    auto ok = bytes({0x30, 0x0c, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00});
    BOOST_TEST((parse(ok, m, used, err) == Parse::ok), err);
    BOOST_TEST((m.op == Message::Op::bind_response));
    BOOST_TEST(m.id == 1);
    BOOST_TEST(m.result_code == 0);
    BOOST_TEST(used == ok.size());

    auto refused = bytes({0x30, 0x0f, 0x02, 0x01, 0x01, 0x61, 0x0a, 0x0a, 0x01, 0x31, 0x04, 0x00, 0x04, 0x03, 'b', 'a', 'd'});
    BOOST_TEST((parse(refused, m, used, err) == Parse::ok), err);
    BOOST_TEST(m.result_code == 49);
    BOOST_TEST(m.diagnostic == "bad");
    BOOST_TEST(result_name(m.result_code) == "invalidCredentials (49)");
    BOOST_TEST(result_name(32) == "noSuchObject (32)");
    BOOST_TEST(result_name(99) == "code 99");

    // Trailing bytes (the next message) are left alone.
    std::string two = ok + refused;
    BOOST_TEST((parse(two, m, used, err) == Parse::ok));
    BOOST_TEST(used == ok.size());
    BOOST_TEST(m.result_code == 0);
}

BOOST_AUTO_TEST_CASE(search_results) {
    Message m;
    std::size_t used = 0;
    std::string err;
    // Entry with a 200-byte DN: long-form lengths inside and outside.
    std::string dn = "cn=" + std::string(197, 'z');
    std::string entry = bytes({0x30, 0x81, 0xd3, 0x02, 0x01, 0x02, 0x64, 0x81, 0xcd, 0x04, 0x81, 0xc8}) + dn + bytes({0x30, 0x00});
    BOOST_REQUIRE(entry.size() == 3u + 0xd3u);
    BOOST_TEST((parse(entry, m, used, err) == Parse::ok), err);
    BOOST_TEST((m.op == Message::Op::search_entry));
    BOOST_TEST(m.dn == dn);
    BOOST_TEST(m.id == 2);

    auto ref = bytes({0x30, 0x0f, 0x02, 0x01, 0x02, 0x73, 0x0a, 0x04, 0x08}) + "ldap://x";
    BOOST_TEST((parse(ref, m, used, err) == Parse::ok), err);
    BOOST_TEST((m.op == Message::Op::search_reference));

    auto done = bytes({0x30, 0x84, 0x00, 0x00, 0x00, 0x0c, 0x02, 0x01, 0x02, 0x65, 0x07, 0x0a, 0x01, 0x20, 0x04, 0x00, 0x04, 0x00});
    BOOST_TEST((parse(done, m, used, err) == Parse::ok), err);
    BOOST_TEST((m.op == Message::Op::search_done));
    BOOST_TEST(m.result_code == 32);
    BOOST_TEST(used == done.size());

    // With controls after the op.
    auto ctl = bytes({0x30, 0x13, 0x02, 0x01, 0x02, 0x65, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00, 0xa0, 0x05, 0x30, 0x03,
                      0x04, 0x01, '1'});
    BOOST_TEST((parse(ctl, m, used, err) == Parse::ok), err);
    BOOST_TEST(m.result_code == 0);

    // Notice of disconnection: id 0, ExtendedResponse, unavailable.
    auto notice = bytes({0x30, 0x0c, 0x02, 0x01, 0x00, 0x78, 0x07, 0x0a, 0x01, 0x34, 0x04, 0x00, 0x04, 0x00});
    BOOST_TEST((parse(notice, m, used, err) == Parse::ok), err);
    BOOST_TEST((m.op == Message::Op::extended_response));
    BOOST_TEST(m.id == 0);
    BOOST_TEST(m.result_code == 52);
}

BOOST_AUTO_TEST_CASE(every_prefix_needs_more) {
    std::string dn = "cn=" + std::string(197, 'z');
    std::string entry = bytes({0x30, 0x81, 0xd3, 0x02, 0x01, 0x02, 0x64, 0x81, 0xcd, 0x04, 0x81, 0xc8}) + dn + bytes({0x30, 0x00});
    for (std::size_t n = 0; n < entry.size(); ++n) {
        std::string err;
        BOOST_TEST((parse(entry.substr(0, n), err) == Parse::need_more), n << ": " << err);
    }
}

BOOST_AUTO_TEST_CASE(garbage_is_bad_with_a_reason) {
    struct Case {
        std::string in, reason;
    };
    std::vector<Case> cases = {
        {"HTTP/1.1 400 Bad Request\r\n\r\n", "not an LDAP message (first byte 0x48)"},
        {bytes({0x30, 0x80, 0x02, 0x01, 0x01}), "indefinite length"},
        {bytes({0x30, 0x85, 1, 1, 1, 1, 1}), "length of 5 bytes"},
        {bytes({0x30, 0x84, 0x7f, 0xff, 0xff, 0xff}), "limit"},   // refused before it arrives
        {bytes({0x30, 0x03, 0x02, 0x05, 0x01}), "messageID: truncated"},
        {bytes({0x30, 0x03, 0x04, 0x01, 0x01}), "messageID: tag 0x04, expected 0x02"},
        {bytes({0x30, 0x02, 0x02, 0x00}), "messageID: integer of 0 bytes"},
        {bytes({0x30, 0x03, 0x02, 0x01, 0xff}), "messageID -1 out of range"},
        {bytes({0x30, 0x03, 0x02, 0x01, 0x01}), "protocolOp: truncated"},
        {bytes({0x30, 0x06, 0x02, 0x01, 0x01, 0x1f, 0x81, 0x00}), "multi-byte BER tag"},
        {bytes({0x30, 0x07, 0x02, 0x01, 0x01, 0x61, 0x02, 0x04, 0x00}), "BindResponse: resultCode: tag 0x04"},
        {bytes({0x30, 0x08, 0x02, 0x01, 0x01, 0x61, 0x03, 0x0a, 0x01, 0x00}), "BindResponse: matchedDN: truncated"},
        {bytes({0x30, 0x0a, 0x02, 0x01, 0x01, 0x61, 0x05, 0x0a, 0x01, 0x00, 0x04, 0x00}), "diagnosticMessage: truncated"},
        {bytes({0x30, 0x07, 0x02, 0x01, 0x02, 0x64, 0x02, 0x30, 0x00}), "objectName: tag 0x30"},
    };
    for (const auto& c : cases) {
        std::string err;
        BOOST_TEST((parse(c.in, err) == Parse::bad), hexdump(c.in));
        BOOST_TEST(err.find(c.reason) != std::string::npos, hexdump(c.in) << "-> " << err);
    }
}

BOOST_AUTO_TEST_CASE(random_and_mutated_input_never_crashes) {
    std::mt19937 rng(4511);
    std::vector<std::string> seeds = {
        bytes({0x30, 0x0c, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00}),
        bytes({0x30, 0x13, 0x02, 0x01, 0x02, 0x64, 0x0e, 0x04, 0x0a}) + "dc=example" + bytes({0x30, 0x00}),
        search_base_request(2, "dc=example,dc=test"),
        bind_request(1, "cn=admin", std::string(200, 's')),
    };
    int counts[3] = {0, 0, 0};
    for (int i = 0; i < 20000; ++i) {
        std::string s;
        if (i % 4 == 0) {
            s.resize(rng() % 64);
            for (auto& c : s) c = (char)(rng() & 0xff);
            if (!s.empty() && i % 8 == 0) s[0] = 0x30;
        } else {
            s = seeds[rng() % seeds.size()];
            for (int k = 1 + (int)(rng() % 3); k > 0; --k) s[rng() % s.size()] = (char)(rng() & 0xff);
            if (rng() % 3 == 0) s.resize(rng() % (s.size() + 1));
        }
        Message m;
        std::size_t used = 0;
        std::string err;
        Parse p = parse_message(s, m, used, err);
        counts[(int)p]++;
        if (p == Parse::ok) BOOST_TEST_REQUIRE(used <= s.size());
        if (p == Parse::bad) BOOST_TEST_REQUIRE(!err.empty());
    }
    // The mutations reach every outcome.
    BOOST_TEST(counts[0] > 0);
    BOOST_TEST(counts[1] > 0);
    BOOST_TEST(counts[2] > 0);
}

BOOST_AUTO_TEST_CASE(only_a_bounded_dn_is_kept) {
    // An entry with a 200 KB DN (long-form lengths): decoded, the DN cut to kMaxText.
    std::string dn = "cn=" + std::string(200 * 1024, 'd');
    auto len4 = [](std::size_t n) { return bytes({0x84, (int)(n >> 24) & 0xff, (int)(n >> 16) & 0xff, (int)(n >> 8) & 0xff, (int)n & 0xff}); };
    std::string name = bytes({0x04}) + len4(dn.size()) + dn;
    std::string op = bytes({0x64}) + len4(name.size() + 2) + name + bytes({0x30, 0x00});
    std::string msg = bytes({0x30}) + len4(op.size() + 3) + bytes({0x02, 0x01, 0x02}) + op;
    Message m;
    std::size_t used = 0;
    std::string err;
    BOOST_TEST((parse(msg, m, used, err) == Parse::ok), err);
    BOOST_TEST(used == msg.size());
    BOOST_TEST(m.dn.size() == kMaxText);
    BOOST_TEST(m.dn_size == dn.size());
    BOOST_TEST(m.dn == dn.substr(0, kMaxText));
    // A 1 MB DN: the announced length alone is refused, nothing of it needed.
    std::string head = bytes({0x30}) + len4((1 << 20) + 20);
    BOOST_TEST((parse(head, err) == Parse::bad));
    BOOST_TEST(err == "BER element of 1048596 bytes (limit 262144)");
    // A diagnostic message is cut the same way.
    std::string diag(5000, 'x');
    std::string res = bytes({0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x82, 0x13, 0x88}) + diag;
    std::string bind = bytes({0x61, 0x82, (int)(res.size() >> 8), (int)res.size() & 0xff}) + res;
    std::string whole = bytes({0x30, 0x82, (int)((bind.size() + 3) >> 8), (int)(bind.size() + 3) & 0xff, 0x02, 0x01, 0x01}) + bind;
    BOOST_TEST((parse(whole, m, used, err) == Parse::ok), err);
    BOOST_TEST(m.diagnostic.size() == kMaxText);
}

BOOST_AUTO_TEST_SUITE_END()
