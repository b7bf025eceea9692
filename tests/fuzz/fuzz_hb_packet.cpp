// Whole heartbeat packets (UDP datagrams and serial frames) and their authentication against
// a fixed authkeys. Invariants: errors carry a PacketError code; a packet verifies iff
// receive_packet accepts it, with the same message; the standard fields are read without
// fault; whatever heartbeatd signs (UDP in both msgfmts, serial) it accepts, and the same
// bytes with one byte changed it refuses.
#include "heartbeatd/wire/fields.hpp"
#include "heartbeatd/wire/messages.hpp"
#include "heartbeatd/wire/packet.hpp"
#include "tests/fuzz/hb_keys.hpp"

using namespace hb::wire;
using ha::Expected;

namespace {

void accepts_own(const Expected<std::string>& bytes, const Message& expected, std::size_t salt) {
    if (!bytes) return;
    const auto& keys = fuzz::fixed_keys();
    auto rp = receive_packet(*bytes, keys);
    FUZZ_CHECK(rp.ok());
    FUZZ_CHECK(rp->message == expected && rp->auth_index == keys.sign_index);
    // Any single changed byte (the high bit flipped) is refused.
    std::string bad = *bytes;
    bad[salt % bad.size()] ^= char(0x80);
    FUZZ_CHECK(!receive_packet(bad, keys).ok());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = fuzz::view(data, size);
    const auto& keys = fuzz::fixed_keys();
    auto p = parse_packet(bytes);
    auto rp = receive_packet(bytes, keys);
    if (!p) {
        FUZZ_CHECK(p.error_code() == malformed && !p.error().empty());
        FUZZ_CHECK(!rp.ok() && rp.error_code() == malformed);
        return 0;
    }
    auto v = verify_packet(*p, keys);
    FUZZ_CHECK(v.ok() == rp.ok());
    if (v) {
        FUZZ_CHECK(keys.find(*v) != nullptr);
        FUZZ_CHECK(rp->message == p->message && rp->auth_index == *v);
    } else {
        int c = v.error_code();
        FUZZ_CHECK(c == unauthenticated || c == unknown_key || c == bad_signature);
        FUZZ_CHECK(c != unauthenticated || !p->token);
    }
    (void)read_header(p->message);
    (void)read_deadtime(p->message);
    (void)read_rexmit(p->message);
    (void)to_debug_string(p->message);

    Message m = p->message;
    m.remove("auth");
    std::size_t salt = 0;
    for (std::size_t i = 0; i < size && i < 16; ++i) salt = salt * 31 + data[i];
    accepts_own(encode_udp(m, keys, hb::config::MsgFmt::netstring), m, salt);
    const auto* sign = keys.signing();
    auto with_auth = with_classic_auth(m, *sign);
    if (with_auth) {
        accepts_own(encode_udp(m, keys, hb::config::MsgFmt::classic), *with_auth, salt);
        accepts_own(encode_serial(m, keys), *with_auth, salt);
    }
    return 0;
}
