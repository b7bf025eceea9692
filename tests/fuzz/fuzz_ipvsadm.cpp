// The --ipvsadm backend's readers: parse_save on `ipvsadm -S -n` output (text before the
// first empty line) and merge_thresholds on `ipvsadm -L -n --thresholds` output (after it).
// Invariants: the only exception is parse_save's std::runtime_error (it names the line);
// merge_thresholds never throws nor adds entries; writing a table in -S form and reading it
// back is a fixed point.
#include <stdexcept>
#include <typeinfo>

#include "directord/ipvs/ipvsadm_parse.hpp"
#include "tests/fuzz/fuzz_check.hpp"

using namespace ipvs;

namespace {
std::size_t dest_count(const Table& t) {
    std::size_t n = 0;
    for (const auto& [k, s] : t) n += s.dests.size();
    return n;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::view(data, size);
    const auto split = text.find("\n\n");
    const std::string_view save = text.substr(0, split);
    const std::string_view list = split == std::string_view::npos ? std::string_view{} : text.substr(split + 2);

    Table t;
    try {
        t = parse_save(save);
    } catch (const std::runtime_error& e) {
        FUZZ_CHECK(typeid(e) == typeid(std::runtime_error));
        FUZZ_CHECK(std::string_view(e.what()).starts_with("cannot read ipvsadm output ("));
        return 0;
    }
    const std::size_t services = t.size(), dests = dest_count(t);
    merge_thresholds(t, list);
    merge_thresholds(t, text);
    FUZZ_CHECK(t.size() == services && dest_count(t) == dests);

    const std::string once = save_format(t);
    Table back;
    try {
        back = parse_save(once);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "save_format output refused: %s\n%s", e.what(), once.c_str());
        FUZZ_CHECK(false);
    }
    FUZZ_CHECK(back.size() == t.size());
    FUZZ_CHECK(save_format(back) == once);
    (void)list_format(t);
    return 0;
}
