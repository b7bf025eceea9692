// ha.cf (hb::config::parse_ha_cf). Invariants: ok() iff an error was recorded; every
// diagnostic names the file and a line of it; a valid file's values are within the ranges
// the daemon relies on; parsing is deterministic.
#include "heartbeatd/config/ha_cf.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::view(data, size);
    hb::config::HaCfOptions opts;
    opts.file_name = "fuzz.cf";
    // The first line's first word, when short, stands for the local node name.
    if (size > 0 && data[0] == '@') opts.local_node = "alpha";
    auto r = hb::config::parse_ha_cf(text, opts);
    const int lines = fuzz::line_count(text);
    std::size_t errors = 0;
    for (const auto& d : r.diagnostics.all()) {
        FUZZ_CHECK(d.file == "fuzz.cf");
        FUZZ_CHECK(d.line >= 0 && d.line <= lines);
        FUZZ_CHECK(!d.message.empty());
        errors += d.severity == hb::config::Severity::error;
    }
    FUZZ_CHECK(r.ok() == (errors == 0));
    FUZZ_CHECK(r.diagnostics.error_count() == errors);
    if (r.ok()) {
        const auto& c = r.config;
        FUZZ_CHECK(c.keepalive.count() > 0);
        FUZZ_CHECK(c.deadtime.count() > 0);
        for (const auto& n : c.nodes) {
            FUZZ_CHECK(!n.empty());
            for (char ch : n) FUZZ_CHECK(!(ch >= 'A' && ch <= 'Z'));   // lowercased
        }
        if (opts.local_node) FUZZ_CHECK(c.has_node(*opts.local_node));
        (void)c.ttl();
    }
    auto again = hb::config::parse_ha_cf(text, opts);
    FUZZ_CHECK(again.diagnostics.str() == r.diagnostics.str());
    return 0;
}
