// HTTP replies as the http checks read them (HttpReplyReader, branch `harden`): bytes fed in
// the splits the input chooses must give what one feed gives (status, code, body, error);
// every failure says why; what the reader holds stays near its caps (small ones here, so
// the fuzzer reaches them); a finished reply's code has 3 digits.
#include <fuzzer/FuzzedDataProvider.h>

#include "directord/checks/protocols/http_reply.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using directord::checks::HttpReplyReader;

namespace {
constexpr std::size_t kBodyCap = 4096, kHeaderCap = 1024;

struct Outcome {
    HttpReplyReader::Status status;
    int code;
    std::string body, error;
    bool operator==(const Outcome&) const = default;
};

Outcome read(bool head, std::string_view bytes, const std::vector<std::size_t>& cuts, bool close) {
    HttpReplyReader r(head, kBodyCap, kHeaderCap);
    std::size_t pos = 0;
    for (std::size_t n : cuts) {
        if (pos >= bytes.size() || r.status() != HttpReplyReader::Status::more) break;
        r.feed(bytes.substr(pos, n));
        pos += n;
        FUZZ_CHECK(r.held() <= 4 * (kBodyCap + kHeaderCap) + 256);
        FUZZ_CHECK(r.body().size() <= kBodyCap);
    }
    if (pos < bytes.size() && r.status() == HttpReplyReader::Status::more) r.feed(bytes.substr(pos));
    if (close && r.status() == HttpReplyReader::Status::more) r.end_of_stream();
    if (r.status() == HttpReplyReader::Status::failed) FUZZ_CHECK(!r.error().empty());
    if (r.status() == HttpReplyReader::Status::done) FUZZ_CHECK(r.code() >= 0 && r.code() <= 999);   // "HTTP/1.1 099" is taken (as of harden c063933)
    FUZZ_CHECK(r.body().size() <= kBodyCap);
    return {r.status(), r.code(), r.body(), r.error()};
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider fdp(data, size);
    const bool head = fdp.ConsumeBool(), close = fdp.ConsumeBool();
    std::vector<std::size_t> cuts;
    for (int i = 0; i < 16; ++i) cuts.push_back(fdp.ConsumeIntegralInRange<std::size_t>(1, 64));
    const std::string bytes = fdp.ConsumeRemainingBytesAsString();
    Outcome whole = read(head, bytes, {bytes.size() + 1}, close);
    Outcome split = read(head, bytes, cuts, close);
    std::vector<std::size_t> ones(bytes.size(), 1);
    Outcome bytewise = read(head, bytes, ones, close);
    FUZZ_CHECK(whole == split);
    FUZZ_CHECK(whole == bytewise);
    return 0;
}
