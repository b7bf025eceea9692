#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <random>

#include "heartbeatd/config/authkeys.hpp"
#include "heartbeatd/wire/auth.hpp"
#include "heartbeatd/wire/base64.hpp"
#include "heartbeatd/wire/classic.hpp"
#include "heartbeatd/wire/crc32.hpp"
#include "heartbeatd/wire/fields.hpp"
#include "heartbeatd/wire/messages.hpp"
#include "heartbeatd/wire/netstring.hpp"
#include "heartbeatd/wire/packet.hpp"
#include "heartbeatd/wire/serial_framer.hpp"

using namespace hb::wire;
using std::chrono::milliseconds;

namespace {

hb::config::AuthKeys keys(const char* text, bool ext = false) {
    auto r = hb::config::parse_authkeys(text, {"authkeys", ext});
    BOOST_REQUIRE_MESSAGE(r.ok(), r.diagnostics.str());
    return r.keys;
}

Message sample() {
    Message m;
    m.add("t", "status").add("st", "up").add("dt", "7d0").add("protocol", "1").add("src", "alpha");
    m.add_binary("srcuuid", std::string("\x00\x01\x02\x0a\x0d=,:\xff\xfe\x80%%%\n#", 16));
    m.add("seq", "2a").add("hg", "5").add("ts", "6b026a98").add("ld", "0.00 0.01 0.05 1/95 17").add("ttl", "3");
    return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(hb_wire)

// Reference digests computed on this machine with `openssl dgst -<alg> -hmac sekrit` over
// the 15 bytes "hello heartbeat", and with Python's hmac module for the long key.
BOOST_AUTO_TEST_CASE(hmac_vectors) {
    BOOST_TEST(compute_digest(AuthMethod::md5, "sekrit", "hello heartbeat") == "8cb7d71f7de32f0e4ab30ed8c2f36d5f");
    BOOST_TEST(compute_digest(AuthMethod::sha1, "sekrit", "hello heartbeat") ==
               "14022849a546643672deda87380106dbaa35467e");
    BOOST_TEST(compute_digest(AuthMethod::sha256, "sekrit", "hello heartbeat") ==
               "414cf4dca6b1d3c86840c7a1cf7b87e87e2466dce6c131f7c935bfa8310f8de9");
    // Keys longer than the 64-byte block are hashed first (RFC 2104).
    BOOST_TEST(compute_digest(AuthMethod::sha1, std::string(100, 'k'), "hello heartbeat") ==
               "3b6c6a41a67d6ce33cf35c6a1e71b0949eca39d1");
    BOOST_TEST(compute_digest(AuthMethod::md5, "sekrit", "") == "e7a687ed993107c95a422261c5e29572");
    BOOST_TEST(digest_matches(AuthMethod::sha1, "sekrit", "hello heartbeat", "14022849a546643672deda87380106dbaa35467e"));
    BOOST_TEST(!digest_matches(AuthMethod::sha1, "sekrit", "hello heartbeat", "14022849a546643672deda87380106dbaa35467f"));
    BOOST_TEST(!digest_matches(AuthMethod::sha1, "sekrit", "hello heartbeat", "14022849"));
}

// CRC-32/POSIX without the length step: check value 0x765e7680 for "123456789" (cksum,
// which appends the length, prints 930766865 instead). Printed like %lx: no padding.
BOOST_AUTO_TEST_CASE(crc_vectors) {
    BOOST_TEST(heartbeat_crc32("123456789") == 0x765e7680u);
    BOOST_TEST(heartbeat_crc32("") == 0xffffffffu);
    BOOST_TEST(compute_digest(AuthMethod::crc, "ignored", "hello heartbeat") == "bf04fd5b");
    BOOST_TEST(compute_digest(AuthMethod::crc, "", "123456789") == "765e7680");
    // Values below 0x10000000 lose their leading zeros; find one to prove it.
    std::string d;
    for (int i = 0; i < 1000; ++i) {
        d = compute_digest(AuthMethod::crc, "", std::to_string(i));
        if (d.size() < 8) break;
    }
    BOOST_TEST(d.size() < 8u);
    BOOST_TEST(d[0] != '0');
}

BOOST_AUTO_TEST_CASE(auth_tokens) {
    BOOST_TEST(format_auth_token(1, "abc") == "1 abc");
    auto t = parse_auth_token("15 0aef98");
    BOOST_REQUIRE(t);
    BOOST_TEST(t->index == 15);
    BOOST_TEST(t->digest == "0aef98");
    for (const char* bad : {"", "1", "1 ", " 1 ab", "x ab", "123 ab", "1 AB", "1 ab cd", "1 g"})
        BOOST_TEST(!parse_auth_token(bad), bad);
}

BOOST_AUTO_TEST_CASE(base64) {
    BOOST_TEST(base64_encode("") == "");
    BOOST_TEST(base64_encode("a") == "YQ==");
    BOOST_TEST(base64_encode("ab") == "YWI=");
    BOOST_TEST(base64_encode(std::string("\x00\xff\xfe", 3)) == "AP/+");
    for (int n = 0; n < 40; ++n) {
        std::string s;
        for (int i = 0; i < n; ++i) s += char(i * 37 + n);
        BOOST_TEST(*base64_decode(base64_encode(s)) == s);
    }
    for (const char* bad : {"Y", "YQ=", "YQ=a", "Y===", "YR==", "YWJ=", "Y Q==", "YQ==YQ==", "*AAA"})
        BOOST_TEST(!base64_decode(bad), bad);
}

BOOST_AUTO_TEST_CASE(hex_and_decimal_fields) {
    BOOST_TEST(to_hex(0) == "0");
    BOOST_TEST(to_hex(10) == "a");
    BOOST_TEST(to_hex(0x6b026a98) == "6b026a98");
    BOOST_TEST(to_hex(~0ull) == "ffffffffffffffff");
    BOOST_TEST(*parse_hex("1F40") == 8000u);
    BOOST_TEST(!parse_hex(""));
    BOOST_TEST(!parse_hex("12345678901234567"));
    BOOST_TEST(!parse_hex("0x10"));
    BOOST_TEST(*parse_dec("129") == 129u);
    BOOST_TEST(!parse_dec("-1"));
    BOOST_TEST(format_deadtime(milliseconds(30000)) == "7530");
}

BOOST_AUTO_TEST_CASE(netstring_encoding) {
    Message m;
    m.add("t", "status").add_binary("srcuuid", std::string(16, '\0'));
    auto s = encode_netstring(m);
    BOOST_TEST(s == std::string("###\n11:(0)t=status,27:(1)srcuuid=") + std::string(16, '\0') + ",%%%\n");
    std::size_t used = 0;
    auto d = decode_netstring(s + "trailing", &used);
    BOOST_REQUIRE(d.ok());
    BOOST_TEST(used == s.size());
    BOOST_TEST((*d == m));
    // Values may hold any byte, including the format's own markers.
    auto m2 = sample();
    BOOST_TEST((*decode_netstring(encode_netstring(m2)) == m2));
    // An empty message and an empty value are representable.
    BOOST_TEST(decode_netstring("###\n%%%\n")->empty());
    BOOST_TEST(decode_netstring("###\n5:(0)x=,%%%\n")->get_or("x", "?") == "");
}

BOOST_AUTO_TEST_CASE(netstring_strictness) {
    for (const char* bad : {
             "", "##\n", "###\n", "###\n11:(0)t=status,",           // truncated
             "###\n12:(0)t=status,%%%\n",                             // wrong length
             "###\n10:(0)t=status,%%%\n", "###\n11:(0)t=status;%%%\n", // wrong length / separator
             "###\n8:(0)status,%%%\n",                                // no '='
             "###\n4:(0)=x,%%%\n",                                    // empty name
             "###\n11:(9)t=status,%%%\n", "###\n9:t=status,%%%\n",    // bad type prefix
             "###\n:(0)t=status,%%%\n", "###\n1234567890:(0)t=s,%%%\n",
             "###\nx%%%\n"}) {
        BOOST_TEST(!decode_netstring(bad).ok(), bad);
    }
}

BOOST_AUTO_TEST_CASE(classic_encoding) {
    Message m;
    m.add("t", "status").add("info", "line1\nline2").add_binary("srcuuid", "\x01\x02\x03");
    auto s = encode_classic(m);
    BOOST_REQUIRE(s.ok());
    BOOST_TEST(*s == ">>>\nt=status\ninfo=line1\x13line2\n(1)srcuuid=AQID\n<<<\n");
    auto d = decode_classic(*s);
    BOOST_REQUIRE(d.ok());
    BOOST_TEST((*d == m));
    BOOST_TEST(*classic_auth_body(m) == "t=status\ninfo=line1\x13line2\n(1)srcuuid=AQID\n");
    // One message, one encoding: CR line ends, stray CRs and blank lines are refused.
    for (const char* other : {">>>\r\nt=status\r\nst=up\r\n<<<\r\n", ">>>\nt=status\r\nst=up\n<<<\n",
                              ">>>\nt=status\n\nst=up\n<<<\n", ">>>\rt=status\rst=up\r<<<\r",
                              ">>>\nt=status\nst=up\n<<<\r\n"})
        BOOST_TEST(!decode_classic(other).ok(), other);
    std::size_t used = 0;
    auto lf = decode_classic(std::string(">>>\nt=status\nst=up\n<<<\n\0", 24), &used);
    BOOST_REQUIRE(lf.ok());
    BOOST_TEST(used == 24u);   // the trailing NUL belongs to the message
    BOOST_TEST(lf->get_or("st") == "up");
    BOOST_TEST(lf->size() == 2u);
    // The sample with binary bytes round-trips through base64.
    auto m2 = sample();
    BOOST_TEST((*decode_classic(*encode_classic(m2)) == m2));
}

BOOST_AUTO_TEST_CASE(classic_rejects_what_306_rejects) {
    // Empty values kill the whole message in 3.0.6, so heartbeatd never sends one.
    Message empty;
    empty.add("t", "repnodes").add("delnodelist", "");
    BOOST_TEST(!encode_classic(empty).ok());
    BOOST_TEST(!decode_classic(">>>\nt=status\nx=\n<<<\n").ok());
    Message cr;
    cr.add("t", "x").add("v", "a\rb");
    BOOST_TEST(!encode_classic(cr).ok());
    Message badname;
    badname.add("a=b", "c");
    BOOST_TEST(!encode_classic(badname).ok());
    for (const char* bad : {">>>\nt=status\n", ">>>t=status\n<<<\n", ">>>\nnoequals\n<<<\n",
                            ">>>\n=v\n<<<\n", ">>>\n(1)u=!!!!\n<<<\n", ">>>\n(7)u=x\n<<<\n", "<<<\n"})
        BOOST_TEST(!decode_classic(bad).ok(), bad);
}

BOOST_AUTO_TEST_CASE(repnodes_never_has_empty_values) {
    auto m = make_repnodes("alpha", {"alpha", "beta"});
    BOOST_TEST(m.fields[0].name == "dest");
    BOOST_TEST(m.fields[1].name == "t");
    BOOST_TEST(m.get_or("nodelist") == "alpha beta ");
    BOOST_TEST(m.get_or("delnodelist") == " ");
    BOOST_TEST(encode_classic(m).ok());
}

BOOST_AUTO_TEST_CASE(message_builders) {
    auto st = make_status("active", milliseconds(8000));
    BOOST_TEST(hb::wire::to_debug_string(st) == "t=status st=active dt=1f40 protocol=1");
    BOOST_TEST(to_debug_string(make_status("up", milliseconds(10000), false)) == "t=status st=up dt=2710");
    auto rx = make_rexmit("beta", 129, 130);
    BOOST_TEST(to_debug_string(rx) == "t=NS_rexmit dest=beta firstseq=129 lastseq=130");   // decimal!
    auto range = read_rexmit(rx);
    BOOST_REQUIRE(range);
    BOOST_TEST((range->first == 129u && range->last == 130u));
    BOOST_TEST(!read_rexmit(make_rexmit("b", 5, 4)));
    BOOST_TEST(to_debug_string(make_nak_rexmit("beta", 255, "seqno too low")) ==
               "t=NS_nak_rexmit firstseq=ff dest=beta info=seqno too low");
    BOOST_TEST(to_debug_string(make_ackmsg("beta", 20)) == "t=NS_ackmsg dest=beta ackseq=14");
    BOOST_TEST(to_debug_string(make_resource("local", true, "standby")) ==
               "t=resource rsc_hold=local rtype=full isstable=1 info=standby");
    BOOST_TEST(to_debug_string(make_ask_resources("foreign", "me")) == "t=ask_resources rsc_hold=foreign info=me");
    BOOST_TEST(to_debug_string(make_ip_request("IPaddr::10.0.0.1")) == "t=ip-request ipaddr=IPaddr::10.0.0.1");
    BOOST_TEST(to_debug_string(make_ip_request_resp("a", "k", true)) ==
               "t=ip-request-resp dest=a ipaddr=k weown=yes ok=OK");
    BOOST_TEST(to_debug_string(make_shutdone()) == "t=shutdone st=dead");
    BOOST_TEST(to_debug_string(make_stonith("b", "n_stnth")) == "t=stonith node=b result=n_stnth");
    BOOST_TEST(to_debug_string(make_hb_takeover("all")) == "t=hb_takeover rsc_hold=all");
    BOOST_TEST(to_debug_string(make_starting()) == "t=starting");
}

BOOST_AUTO_TEST_CASE(control_fields_order_and_no_overwrite) {
    Stamp s;
    s.src = "alpha";
    s.seq = 0x2a;
    s.generation = 7;
    s.timestamp = 0x100;
    s.load = "0.00 0.00 0.00 1/1 1";
    s.ttl = 3;
    s.destuuid = Uuid{};
    Message m = make_status("up", milliseconds(2000));
    add_control_fields(m, s);
    BOOST_TEST(to_debug_string(m) ==
               "t=status st=up dt=7d0 protocol=1 src=alpha seq=2a hg=7 ts=100 ld=0.00 0.00 0.00 1/1 1 ttl=3");
    // dest set: destuuid first; a creator-set field (ts) keeps its value and position.
    Message d;
    d.add("t", "ip-request-resp").add("dest", "beta").add("ts", "5");
    add_control_fields(d, s);
    BOOST_TEST(to_debug_string(d) == "t=ip-request-resp dest=beta ts=5 destuuid=0x00000000000000000000000000000000 "
                                     "src=alpha seq=2a hg=7 ld=0.00 0.00 0.00 1/1 1 ttl=3");
}

BOOST_AUTO_TEST_CASE(header_validation) {
    auto base = [] {
        Message m;
        m.add("t", "status").add("src", "alpha").add("seq", "1").add("hg", "2").add("ts", "3");
        return m;
    };
    BOOST_TEST(read_header(base()).ok());
    auto no = [&](const char* f) { auto m = base(); m.remove(f); return read_header(m); };
    BOOST_TEST(!no("t").ok());
    BOOST_TEST(!no("src").ok());
    BOOST_TEST(!no("seq").ok());
    BOOST_TEST(!no("hg").ok());
    BOOST_TEST(!no("ts").ok());
    auto zero = base();
    zero.set("ts", "0");
    BOOST_TEST(!read_header(zero).ok());
    auto ns = base();
    ns.set("t", "NS_ackmsg");
    ns.remove("seq");
    BOOST_TEST(read_header(ns).ok());
    auto baduuid = base();
    baduuid.add_binary("srcuuid", "short");
    BOOST_TEST(!read_header(baduuid).ok());
    auto badseq = base();
    badseq.set("seq", "zz");
    BOOST_TEST(!read_header(badseq).ok());
}

BOOST_AUTO_TEST_CASE(udp_encode_formats) {
    auto k = keys("auth 3\n3 sha1 abc\n");
    auto m = sample();
    auto classic = encode_udp(m, k, hb::config::MsgFmt::classic);
    auto netstr = encode_udp(m, k, hb::config::MsgFmt::netstring);
    BOOST_REQUIRE(classic.ok());
    BOOST_REQUIRE(netstr.ok());
    BOOST_TEST(classic->find(":(0)auth=3 ") != std::string::npos);
    BOOST_TEST(netstr->find("auth=") == std::string::npos);
    BOOST_TEST(netstr->substr(netstr->rfind("%%%\n") + 4, 5) == "42:3 ");
    BOOST_TEST(netstr->size() == netstr->rfind("%%%\n") + 4 + 46);
    for (auto* p : {&*classic, &*netstr}) {
        auto rx = receive_packet(*p, k);
        BOOST_REQUIRE(rx.ok());
        BOOST_TEST(rx->auth_index == 3);
    }
    // The classic-format auth field verifies on its own when sent as a serial frame.
    auto serial = encode_serial(m, k);
    BOOST_REQUIRE(serial.ok());
    BOOST_TEST(receive_packet(*serial, k).ok());
    // sha256 extension round-trips between heartbeatd nodes.
    auto k256 = keys("auth 1\n1 sha256 abc\n", true);
    auto p256 = encode_udp(m, k256, hb::config::MsgFmt::classic);
    BOOST_TEST(p256->rfind("%%%\n66:1 ") != std::string::npos);
    BOOST_TEST(receive_packet(*p256, k256).ok());
    BOOST_TEST(!receive_packet(*p256, keys("auth 1\n1 sha1 abc\n")).ok());
    // A message with an empty value cannot go out in classic mode, but can as netstring.
    Message e;
    e.add("t", "x").add("v", "");
    BOOST_TEST(!encode_udp(e, k, hb::config::MsgFmt::classic).ok());
    BOOST_TEST(encode_udp(e, k, hb::config::MsgFmt::netstring).ok());
    // Re-signing replaces a stale auth field instead of adding a second one.
    auto signed1 = with_classic_auth(m, *k.signing());
    auto signed2 = with_classic_auth(*signed1, *k.signing());
    BOOST_TEST((*signed1 == *signed2));
}

// Garbage must produce an error value, never a crash or an exception.
BOOST_AUTO_TEST_CASE(fuzz_random_and_mutated_input) {
    // Every method verifies here, crc included (allowed beside HMAC keys for this test only).
    hb::config::AuthKeysOptions o{"authkeys"};
    o.allow_crc_beside_hmac = true;
    auto parsed = hb::config::parse_authkeys("auth 1\n1 sha1 sekrit\n2 md5 x\n3 crc\n", o);
    BOOST_REQUIRE_MESSAGE(parsed.ok(), parsed.diagnostics.str());
    auto k = parsed.keys;
    auto good = *encode_udp(sample(), k, hb::config::MsgFmt::classic);
    auto good_serial = *encode_serial(sample(), k);
    std::mt19937 rng(12345);
    int accepted = 0;
    for (int iter = 0; iter < 20000; ++iter) {
        std::string s;
        switch (iter % 4) {
        case 0: {   // pure noise, sometimes with a valid-looking start
            s.resize(rng() % 300);
            for (auto& c : s) c = char(rng());
            if (rng() % 2) s = (rng() % 2 ? "###\n" : ">>>\n") + s;
            break;
        }
        case 1:
        case 2: {   // mutate a valid packet: flips, truncation, insertion
            s = iter % 4 == 1 ? good : good_serial;
            int n = 1 + rng() % 4;
            for (int i = 0; i < n; ++i) {
                auto pos = rng() % s.size();
                switch (rng() % 4) {
                case 0: s[pos] = char(rng()); break;
                case 1: s.resize(pos); break;
                case 2: s.insert(pos, 1, char("0123456789:,=\n#%()"[rng() % 18])); break;
                case 3: s.erase(pos, 1); break;
                }
                if (s.empty()) break;
            }
            break;
        }
        case 3: {   // structured garbage: netstrings with random lengths
            s = "###\n";
            int n = rng() % 6;
            for (int i = 0; i < n; ++i)
                s += std::to_string(rng() % 40) + ":(" + char('0' + rng() % 10) + ")a=b,";
            if (rng() % 2) s += "%%%\n";
            s += std::to_string(rng() % 50) + ":1 abc,";
            break;
        }
        }
        auto p = parse_packet(s);
        if (p.ok()) (void)verify_packet(*p, k);
        auto r = receive_packet(s, k);
        if (r.ok()) {
            ++accepted;
            (void)read_header(r->message);
        }
        (void)decode_classic(s);
        (void)decode_netstring(s);
        SerialFramer f;
        f.feed(s);
        while (f.next()) {}
    }
    // Mutations that survive authentication can only be ones that keep the signed bytes
    // intact (e.g. a trailing NUL); anything accepted must still verify.
    BOOST_TEST(accepted < 200);
}

BOOST_AUTO_TEST_SUITE_END()
