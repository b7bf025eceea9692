// heartbeat's netstring format (UDP). Raw bytes: decode_netstring and read_netstring, with
// decode -> encode -> decode equal. Built messages: encode -> decode gives them back.
#include <fuzzer/FuzzedDataProvider.h>

#include "heartbeatd/wire/netstring.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using namespace hb::wire;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = fuzz::view(data, size);
    std::size_t used = 0;
    auto m = decode_netstring(bytes, &used);
    if (m) {
        FUZZ_CHECK(used >= kNetstringBegin.size() + kNetstringEnd.size() && used <= size);
        FUZZ_CHECK(bytes.substr(used - kNetstringEnd.size(), kNetstringEnd.size()) == kNetstringEnd);
        const std::string enc = encode_netstring(*m);
        std::size_t used2 = 0;
        auto back = decode_netstring(enc, &used2);
        FUZZ_CHECK(back && *back == *m && used2 == enc.size());
    }
    std::size_t nused = 0;
    auto ns = read_netstring(bytes, &nused);
    if (ns) {
        FUZZ_CHECK(nused <= size && ns->size() < nused);
        std::size_t nused2 = 0;
        const std::string again = netstring(*ns);
        auto back = read_netstring(again, &nused2);
        FUZZ_CHECK(back && *back == *ns && nused2 == again.size());
    }

    // A message built from the bytes: whatever the encoder writes, the decoder reads back.
    FuzzedDataProvider fdp(data, size);
    Message built;
    bool representable = true;
    while (fdp.remaining_bytes() > 0 && built.size() < 16) {
        auto type = FieldType(fdp.ConsumeIntegralInRange<int>(0, kMaxFieldType));
        std::string name = fdp.ConsumeRandomLengthString(32);
        std::string value = fdp.ConsumeRandomLengthString(256);
        // The format cannot carry an empty name or one with '=' (the first '=' ends it).
        representable = representable && !name.empty() && name.find('=') == std::string::npos;
        built.add(std::move(name), std::move(value), type);
    }
    const std::string enc = encode_netstring(built);
    std::size_t used3 = 0;
    auto back = decode_netstring(enc, &used3);
    if (representable) FUZZ_CHECK(back && *back == built && used3 == enc.size());
    return 0;
}
