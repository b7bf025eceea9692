// The serial link's framer: frames are cut out of a byte stream the same way whatever the
// read sizes; every frame is ">>>\n" ... "<<<\n" with no other start inside; each frame then
// goes through parse_packet as serial_medium does. The first bytes choose the read sizes.
#include <vector>

#include "heartbeatd/wire/packet.hpp"
#include "heartbeatd/wire/serial_framer.hpp"
#include "tests/fuzz/hb_keys.hpp"

using namespace hb::wire;

namespace {
std::vector<std::string> drain(SerialFramer& f) {
    std::vector<std::string> out;
    while (auto fr = f.next()) out.push_back(std::move(*fr));
    return out;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t chunk_seed = data[0] | (std::size_t(data[1]) << 8);
    const std::string_view stream = fuzz::view(data + 2, size - 2);

    SerialFramer whole;
    whole.feed(stream);
    auto frames = drain(whole);

    SerialFramer pieces;
    std::vector<std::string> frames2;
    std::size_t pos = 0, k = 0;
    while (pos < stream.size()) {
        std::size_t n = 1 + ((chunk_seed >> (k++ % 12)) & 0x1f);
        auto part = stream.substr(pos, n);
        pos += part.size();
        pieces.feed(part);
        for (auto& f : drain(pieces)) frames2.push_back(std::move(f));
    }
    FUZZ_CHECK(frames == frames2);
    FUZZ_CHECK(whole.discarded() == pieces.discarded());

    std::size_t framed = 0;
    for (const auto& f : frames) {
        FUZZ_CHECK(f.size() >= 8 && f.size() <= SerialFramer::kMaxFrame + 4);
        FUZZ_CHECK(f.compare(0, 4, ">>>\n") == 0 && f.compare(f.size() - 4, 4, "<<<\n") == 0);
        FUZZ_CHECK(f.find(">>>\n", 1) == std::string::npos);
        framed += f.size();
        auto p = parse_packet(f);
        if (p) (void)verify_packet(*p, fuzz::fixed_keys());
    }
    FUZZ_CHECK(framed + whole.discarded() <= stream.size());
    return 0;
}
