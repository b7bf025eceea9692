// ldirectord.cf: the whole parse and validation from text (directord::parse_config), with a
// resolver that never leaves the process. Invariants: a config xor errors; every diagnostic
// names the file and a line of it; parsing and normalizing are deterministic.
#include <cerrno>
#include <map>

#include "directord/config/config.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

struct FuzzResolver : directord::Resolver {
    std::optional<ha::Address> host(const std::string& h, int af) const override {
        if (auto a = numeric_host(h, af)) return a;
        static const std::map<std::pair<std::string, int>, std::string> hosts = {
            {{"web1", AF_INET}, "10.0.0.11"}, {{"web2", AF_INET}, "10.0.0.12"},
            {{"localhost", AF_INET}, "127.0.0.1"}, {{"localhost", AF_INET6}, "::1"},
            {{"web6", AF_INET6}, "2001:db8::11"}};
        auto it = hosts.find({h, af});
        if (it == hosts.end()) return std::nullopt;
        return ha::Address::parse(it->second);
    }
    std::optional<std::uint16_t> service(const std::string& n, const std::string&) const override {
        static const std::map<std::string, std::uint16_t> ports = {
            {"http", 80}, {"https", 443}, {"ftp", 21}, {"smtp", 25}, {"domain", 53}, {"ldap", 389},
            {"mysql", 3306}, {"sip", 5060}, {"pop3", 110}, {"imap", 143}, {"radius", 1812}};
        auto it = ports.find(n);
        if (it == ports.end()) return std::nullopt;
        return it->second;
    }
    int can_append(const std::string& path) const override { return path.empty() ? ENOENT : 0; }
    bool is_directory(const std::string& p) const override { return p == "/srv/maint"; }
    std::string local_hostname() const override { return "fuzzhost"; }
};

void check_diagnostics(const std::vector<directord::Diagnostic>& ds, int lines) {
    for (const auto& d : ds) {
        FUZZ_CHECK(d.file == "fuzz.cf");
        FUZZ_CHECK(d.line >= 0 && d.line <= lines);
        FUZZ_CHECK(!d.message.empty());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(fuzz::view(data, size));
    const FuzzResolver resolver;
    auto r = directord::parse_config(text, "fuzz.cf", resolver);
    const int lines = fuzz::line_count(text);
    FUZZ_CHECK(r.config.has_value() == r.errors.empty());
    check_diagnostics(r.errors, lines);
    check_diagnostics(r.warnings, lines);
    if (!r.config) return 0;
    for (const auto& v : r.config->virtuals) FUZZ_CHECK(v.line >= 1 && v.line <= lines);
    const std::string n = directord::normalize(*r.config);
    auto again = directord::parse_config(text, "fuzz.cf", resolver);
    FUZZ_CHECK(again.config && directord::normalize(*again.config) == n);
    return 0;
}
