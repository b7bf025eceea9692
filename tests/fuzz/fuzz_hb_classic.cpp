// heartbeat's classic text format (serial links, the FIFO). Raw bytes: decode_classic, then
// decode -> encode -> decode equal whenever the message can be re-encoded, and the encoding
// is consumed whole. Built messages: whatever encode_classic accepts decodes back equal.
#include <fuzzer/FuzzedDataProvider.h>

#include "heartbeatd/wire/classic.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using namespace hb::wire;

namespace {
void round_trip(const Message& m) {
    auto enc = encode_classic(m);
    if (!enc) return;
    FUZZ_CHECK(enc->substr(0, kClassicBegin.size()) == kClassicBegin);
    FUZZ_CHECK(enc->find('\r') == std::string::npos);
    std::size_t used = 0;
    auto back = decode_classic(*enc, &used);
    FUZZ_CHECK(back && *back == m && used == enc->size());
    auto body = classic_auth_body(m);
    FUZZ_CHECK(body.ok());
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = fuzz::view(data, size);
    std::size_t used = 0;
    auto m = decode_classic(bytes, &used);
    if (m) {
        FUZZ_CHECK(used >= 8 && used <= size);
        for (const auto& f : m->fields) FUZZ_CHECK(!f.name.empty() && !f.value.empty());
        round_trip(*m);
    }

    FuzzedDataProvider fdp(data, size);
    Message built;
    while (fdp.remaining_bytes() > 0 && built.size() < 16) {
        auto type = fdp.ConsumeBool() ? FieldType::string : FieldType(fdp.ConsumeIntegralInRange<int>(0, kMaxFieldType));
        std::string name = fdp.ConsumeRandomLengthString(32);
        std::string value = fdp.ConsumeRandomLengthString(256);
        built.add(std::move(name), std::move(value), type);
    }
    round_trip(built);
    return 0;
}
