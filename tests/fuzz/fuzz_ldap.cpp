// The ldap check's BER decoder on what a server sends, read as ldap_probe reads its stream:
// message after message until one is bad or incomplete. Invariants: ok consumes a whole
// message within the input, every shorter prefix of it is need_more (never ok or bad), bad
// says why; a response built here (BindResponse, SearchResultEntry, SearchResultDone) decodes
// to what was put in.
#include <fuzzer/FuzzedDataProvider.h>

#include "directord/checks/protocols/ldap_message.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using namespace directord::checks;

namespace {

std::string ber_len(std::size_t n) {
    if (n < 0x80) return std::string(1, char(n));
    std::string b;
    while (n) b.insert(b.begin(), char(n & 0xff)), n >>= 8;
    return std::string(1, char(0x80 | b.size())) + b;
}
std::string tlv(unsigned char tag, const std::string& v) { return std::string(1, char(tag)) + ber_len(v.size()) + v; }
std::string ber_int(unsigned char tag, std::int64_t v) {
    std::string b;
    do {
        b.insert(b.begin(), char(v & 0xff));
        v >>= 8;
    } while (!((v == 0 && !(b[0] & 0x80)) || (v == -1 && (b[0] & 0x80))));
    return tlv(tag, b);
}

void check_prefixes(std::string_view in, std::size_t used) {
    for (std::size_t k : {std::size_t(0), std::size_t(1), used / 2, used - 1}) {
        if (k >= used) continue;
        ldap::Message m;
        std::size_t u = 0;
        std::string err;
        FUZZ_CHECK(ldap::parse_message(in.substr(0, k), m, u, err) == ldap::Parse::need_more);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view in = fuzz::view(data, size);
    for (int n = 0; n < 64; ++n) {
        ldap::Message m;
        std::size_t used = 0;
        std::string err;
        auto p = ldap::parse_message(in, m, used, err);
        if (p == ldap::Parse::bad) {
            FUZZ_CHECK(!err.empty());
            break;
        }
        if (p == ldap::Parse::need_more) break;
        FUZZ_CHECK(used >= 2 && used <= in.size() && used <= ldap::kMaxMessage + 6);
        FUZZ_CHECK(m.id >= 0);
        check_prefixes(in, used);
        (void)ldap::op_name(m.op);
        (void)ldap::result_name(m.result_code);
        in.remove_prefix(used);
    }

    FuzzedDataProvider fdp(data, size);
    const std::int32_t id = fdp.ConsumeIntegralInRange<std::int32_t>(0, 0x7fffffff);
    const int code = fdp.ConsumeIntegralInRange<int>(0, 0xffff);
    const std::string dn = fdp.ConsumeRandomLengthString(300);
    const std::string diag = fdp.ConsumeRandomLengthString(300);
    const int which = fdp.ConsumeIntegralInRange<int>(0, 2);
    std::string op;
    if (which == 0) op = tlv(0x61, ber_int(0x0a, code) + tlv(0x04, dn) + tlv(0x04, diag));
    else if (which == 1) op = tlv(0x64, tlv(0x04, dn) + tlv(0x30, ""));
    else op = tlv(0x65, ber_int(0x0a, code) + tlv(0x04, dn) + tlv(0x04, diag));
    const std::string msg = tlv(0x30, ber_int(0x02, id) + op);
    ldap::Message m;
    std::size_t used = 0;
    std::string err;
    FUZZ_CHECK(ldap::parse_message(msg, m, used, err) == ldap::Parse::ok);
    FUZZ_CHECK(used == msg.size() && m.id == id);
    if (which == 1) {
        FUZZ_CHECK(m.op == ldap::Message::Op::search_entry && m.dn == dn);
    } else {
        FUZZ_CHECK(m.op == (which == 0 ? ldap::Message::Op::bind_response : ldap::Message::Op::search_done));
        FUZZ_CHECK(m.result_code == code && m.matched_dn == dn && m.diagnostic == diag);
    }
    check_prefixes(msg, used);
    return 0;
}
