// heartbeatd's control socket, as ControlServer handles a request: the line (cut at 4096
// bytes), split_words, answer() against a fixed cluster view; and the client's decode_reply
// on raw bytes. Invariants: no word is empty or holds a separator; a reply survives
// encode_reply -> decode_reply; standby/takeover reach the daemon only with a valid set.
#include <algorithm>

#include "heartbeatd/daemon/control_query.hpp"
#include "tests/fuzz/hb_view.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using namespace hb::daemon;

namespace {

void same(const Reply& a, const Reply& b) { FUZZ_CHECK(a.ok == b.ok && a.text == b.text); }

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = fuzz::view(data, size);
    std::string line(bytes.substr(0, bytes.find('\n') == std::string_view::npos ? bytes.size() : bytes.find('\n') + 1));
    if (line.size() > 4096) line.resize(4096);
    auto words = split_words(line);
    for (const auto& w : words) {
        FUZZ_CHECK(!w.empty());
        FUZZ_CHECK(w.find_first_of(" \t\r\n") == std::string::npos);
    }
    fuzz::View view;
    Reply r = answer(words, view);
    FUZZ_CHECK(!r.text.empty());
    same(decode_reply(encode_reply(r)), r);
    FUZZ_CHECK(view.requested.size() <= 1);
    for (const auto& req : view.requested)
        FUZZ_CHECK(req.ends_with(" all") || req.ends_with(" local") || req.ends_with(" foreign"));

    Reply d = decode_reply(bytes);
    if (d.ok) FUZZ_CHECK(bytes.substr(0, 3) == "OK\n" || bytes == "OK");
    return 0;
}
