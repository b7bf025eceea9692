// The radius check: verify_response on a server's datagram against a fixed Access-Request.
// Invariants: what verifies carries the right Response Authenticator, refusals say why; an
// answer built here with the secret (random attributes, with or without a
// Message-Authenticator) verifies and gives back its code, id and Reply-Message, and with one
// byte changed it does not.
#include <fuzzer/FuzzedDataProvider.h>

#include "directord/checks/protocols/radius_packet.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using namespace directord::checks;

namespace {

const std::string kSecret = "fuzz-secret";

const std::string& fixed_request() {
    static const std::string req = [] {
        radius::Request r;
        r.id = 42;
        for (int i = 0; i < 16; ++i) r.authenticator[i] = std::uint8_t(i * 7);
        r.user = "ldirector";
        r.password = "secret-pass";
        r.nas = ha::Address::parse("10.0.0.1");
        r.nas_identifier = "director";
        std::string err;
        auto p = radius::encode_access_request(r, kSecret, err);
        FUZZ_CHECK(p.has_value());
        return *p;
    }();
    return req;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& req = fixed_request();
    std::string err;
    const std::string_view input = fuzz::view(data, size);
    auto raw = radius::verify_response(input, req, kSecret, err);
    if (!raw) {
        FUZZ_CHECK(!err.empty());
    } else {
        // libFuzzer sees the expected authenticator through its memcmp hook and can copy it
        // in: then it must really be MD5(Code+ID+Length+RequestAuth+Attributes+Secret).
        const std::size_t len = (std::size_t(std::uint8_t(input[2])) << 8) | std::uint8_t(input[3]);
        FUZZ_CHECK(len >= 20 && len <= input.size());
        const std::string_view pkt = input.substr(0, len);
        std::string check(pkt.substr(0, 4));
        check += req.substr(4, 16);
        check += pkt.substr(20);
        check += kSecret;
        FUZZ_CHECK(radius::md5(check) == pkt.substr(4, 16));
        FUZZ_CHECK(raw->id == std::uint8_t(req[1]));
    }

    FuzzedDataProvider fdp(data, size);
    static const std::uint8_t codes[] = {radius::AccessAccept, radius::AccessReject, radius::AccessChallenge};
    const std::uint8_t code = fdp.PickValueInArray(codes);
    const bool with_ma = fdp.ConsumeBool();
    std::string attrs, replies;
    std::size_t ma_at = 0;
    if (with_ma) {
        ma_at = 20 + 2;
        attrs += std::string{char(radius::MessageAuthenticator), char(18)} + std::string(16, '\0');
    }
    while (fdp.remaining_bytes() > 2 && attrs.size() < 3000) {
        std::uint8_t type = fdp.ConsumeIntegral<std::uint8_t>();
        if (type == radius::MessageAuthenticator) continue;
        std::string v = fdp.ConsumeRandomLengthString(253);
        attrs += std::string{char(type), char(v.size() + 2)} + v;
        if (type == radius::ReplyMessage) replies += (replies.empty() ? "" : " ") + v;
    }
    std::string pkt{char(code), char(req[1])};
    std::size_t len = 20 + attrs.size();
    pkt += char(len >> 8);
    pkt += char(len & 0xff);
    pkt += req.substr(4, 16);   // the Request Authenticator, for the HMAC
    pkt += attrs;
    if (with_ma) pkt.replace(ma_at, 16, radius::hmac_md5(kSecret, pkt));
    std::string check = pkt.substr(0, 4) + req.substr(4, 16) + pkt.substr(20) + kSecret;
    pkt.replace(4, 16, radius::md5(check));
    const std::string padded = pkt + fdp.ConsumeRemainingBytesAsString().substr(0, 16);   // bytes past Length are padding

    auto r = radius::verify_response(padded, req, kSecret, err);
    FUZZ_CHECK(r.has_value());
    FUZZ_CHECK(r->code == code && r->id == std::uint8_t(req[1]) && r->reply_message == replies);
    FUZZ_CHECK(!radius::verify_response(pkt, req, "other-secret", err));
    std::string bad = pkt;
    bad[(size * 131) % bad.size()] ^= 0x01;
    FUZZ_CHECK(!radius::verify_response(bad, req, kSecret, err));
    return 0;
}
