// authkeys (hb::config::parse_authkeys). Invariants: a valid file has a signing key at the
// index "auth N" names, every entry sits at its own index and has a key when its method needs
// one; diagnostics name the file and a line; sha256 only with extensions allowed.
#include "heartbeatd/config/authkeys.hpp"
#include "heartbeatd/wire/auth.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::view(data, size);
    for (bool ext : {false, true}) {
        hb::config::AuthKeysOptions opts;
        opts.file_name = "fuzz.keys";
        opts.allow_extensions = ext;
        auto r = hb::config::parse_authkeys(text, opts);
        const int lines = fuzz::line_count(text);
        for (const auto& d : r.diagnostics.all()) {
            FUZZ_CHECK(d.file == "fuzz.keys");
            FUZZ_CHECK(d.line >= 0 && d.line <= lines);
        }
        if (!r.ok()) continue;
        const auto& k = r.keys;
        FUZZ_CHECK(k.sign_index >= 0 && k.sign_index <= hb::config::AuthKeys::kMaxIndex);
        const auto* s = k.signing();
        FUZZ_CHECK(s != nullptr && s->index == k.sign_index);
        for (int i = 0; i <= hb::config::AuthKeys::kMaxIndex; ++i) {
            const auto* e = k.find(i);
            if (!e) continue;
            FUZZ_CHECK(e->index == i);
            FUZZ_CHECK(e->line >= 1 && e->line <= lines);
            if (hb::wire::needs_key(e->method)) FUZZ_CHECK(!e->key.empty());
            if (!ext) FUZZ_CHECK(!hb::wire::is_extension(e->method));
        }
        FUZZ_CHECK(k.find(-1) == nullptr && k.find(hb::config::AuthKeys::kMaxIndex + 1) == nullptr);
    }
    return 0;
}
