// The sip check's response parser, on a datagram and on a stream. Invariants: a stream
// response's size lies within what was read and any shorter stream is incomplete or the same
// refusal, a datagram is taken whole; a response echoing our OPTIONS (Call-ID, branch, CSeq)
// does not mismatch it.
#include <fuzzer/FuzzedDataProvider.h>

#include "directord/checks/protocols/sip_message.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using namespace directord::checks;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = fuzz::view(data, size);
    bool incomplete = false;
    std::string err;
    auto dg = sip::parse_response(bytes, false, incomplete, err);
    FUZZ_CHECK(!incomplete);
    if (dg) {
        FUZZ_CHECK(dg->size == size && dg->status >= 0 && dg->status <= 999);
        FUZZ_CHECK(dg->status_line.size() <= 200);
    } else {
        FUZZ_CHECK(!err.empty());
    }
    err.clear();
    auto st = sip::parse_response(bytes, true, incomplete, err);
    if (st) {
        FUZZ_CHECK(st->size <= size && st->size > 0);
        // The same message followed by more bytes (the next one) is read the same.
        bool inc2 = false;
        std::string err2;
        std::string more(bytes);
        more += "SIP/2.0 200 OK\r\n";
        auto st2 = sip::parse_response(more, true, inc2, err2);
        FUZZ_CHECK(st2 && st2->size == st->size && st2->call_id == st->call_id && st2->branch == st->branch);
    } else {
        FUZZ_CHECK(incomplete != !err.empty());
    }

    FuzzedDataProvider fdp(data, size);
    sip::Options o;
    auto token = [&](std::size_t max) {
        std::string s = fdp.ConsumeRandomLengthString(max), out;
        for (char c : s)
            if (c > 0x20 && c < 0x7f && c != ';' && c != ',') out += c;
        return out.empty() ? std::string("x") : out;
    };
    o.transport = fdp.ConsumeBool() ? "UDP" : "TCP";
    o.sent_by = "10.0.0.1:5060";
    o.uri = "sip:" + token(40);
    o.branch = "z9hG4bK" + token(40);
    o.tag = token(20);
    o.call_id = token(60);
    o.cseq = fdp.ConsumeIntegralInRange<unsigned>(1, 1u << 31);
    const int status = fdp.ConsumeIntegralInRange<int>(100, 699);
    const std::string body = fdp.ConsumeRandomLengthString(200);
    std::string resp = "SIP/2.0 " + std::to_string(status) + " Whatever\r\n";
    resp += "Via: SIP/2.0/" + o.transport + " " + o.sent_by + ";branch=" + o.branch + ";rport=5060\r\n";
    resp += "Call-ID: " + o.call_id + "\r\nCSeq: " + std::to_string(o.cseq) + " OPTIONS\r\n";
    resp += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    auto r = sip::parse_response(resp, true, incomplete, err);
    FUZZ_CHECK(r && r->status == status && r->size == resp.size());
    FUZZ_CHECK(sip::mismatch(*r, o).empty());
    auto cut = sip::parse_response(std::string_view(resp).substr(0, resp.size() - 1), true, incomplete, err);
    FUZZ_CHECK(!cut && incomplete);
    return 0;
}
