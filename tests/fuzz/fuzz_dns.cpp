// The dns check's decoder on a server's datagram, and its query encoder. Invariants: a
// decoded answer matches its own question (mismatch() is empty for its id and first question),
// judge() gives a reason either way; a query for a plain name decodes back to that name.
#include "directord/checks/protocols/dns_message.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using namespace directord::checks;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = fuzz::view(data, size);
    std::string err;
    auto m = dns::decode(bytes, err);
    if (!m) {
        FUZZ_CHECK(!err.empty());
    } else {
        for (const auto& q : m->questions) FUZZ_CHECK(q.name.size() <= 4 * 255);
        for (const auto& r : m->answers) FUZZ_CHECK(r.name.size() <= 4 * 255 && r.data.size() <= 4 * 255);
        // (A name ending in an escaped dot is compared without it: skip those.)
        if (m->response && m->opcode == 0 && !m->questions.empty() &&
            (m->questions[0].name.empty() || m->questions[0].name.back() != '.'))
            FUZZ_CHECK(dns::mismatch(*m, m->id, m->questions[0]).empty());
        static const ReceivePattern any("."), none("^no such answer$");
        auto v = dns::judge(*m, any);
        FUZZ_CHECK(!v.reason.empty());
        FUZZ_CHECK(!dns::judge(*m, none).up);
        (void)dns::rcode_name(m->rcode);
    }

    // The request= of a dns check is operator input: a query for it, decoded, asks it back.
    const std::string request(bytes.substr(0, 300));
    auto q = dns::question_for(request);
    std::string qerr;
    auto enc = dns::encode_query(0x1234, q, qerr);
    if (!enc) {
        FUZZ_CHECK(!qerr.empty());
        return 0;
    }
    std::string derr;
    auto back = dns::decode(*enc, derr);
    FUZZ_CHECK(back && back->id == 0x1234 && !back->response && back->questions.size() == 1);
    FUZZ_CHECK(back->questions[0].type == q.type);
    bool plain = true;
    for (unsigned char c : q.name) plain = plain && c > 0x20 && c < 0x7f && c != '\\';
    if (plain) {
        std::string want = q.name;
        if (!want.empty() && want.back() == '.') want.pop_back();
        FUZZ_CHECK(back->questions[0].name == want);
    }
    return 0;
}
