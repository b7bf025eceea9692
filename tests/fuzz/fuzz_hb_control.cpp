// heartbeatd's control socket, as ControlServer handles a request: the line (cut at 4096
// bytes), split_words, answer() against a fixed cluster view; and the client's decode_reply
// on raw bytes. Invariants: no word is empty or holds a separator; a reply survives
// encode_reply -> decode_reply; standby/takeover reach the daemon only with a valid set.
#include <algorithm>

#include "heartbeatd/daemon/control_query.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using namespace hb::daemon;

namespace {

struct View : ClusterView {
    std::vector<std::string> requested;
    std::vector<std::string> nodes() const override { return {"alpha", "beta"}; }
    std::vector<std::string> ping_nodes() const override { return {"10.0.0.254"}; }
    hb::membership::NodeStatus node_status(const std::string& n) const override {
        return n == "alpha" ? hb::membership::NodeStatus::active : hb::membership::NodeStatus::dead;
    }
    std::vector<std::string> links(const std::string&) const override { return {"eth0", "/dev/ttyS0"}; }
    std::optional<bool> link_up(const std::string& n, const std::string& l) const override {
        if (l != "eth0" && l != "/dev/ttyS0") return std::nullopt;
        return n == "alpha";
    }
    std::string rsc_status() const override { return "all"; }
    std::optional<std::string> parameter(const std::string& p) const override {
        if (p == "deadtime") return "30";
        return std::nullopt;
    }
    std::string counters() const override { return "malformed 0"; }
    std::string standby(const std::string& s) override { return requested.push_back("standby " + s), ""; }
    std::string takeover(const std::string& s) override {
        requested.push_back("takeover " + s);
        return s == "foreign" ? "no foreign resources" : "";
    }
};

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
    View view;
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
