// Log lines for table changes, in ldirectord's wording, so existing log watchers keep working.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "directord/config/config.hpp"
#include "directord/config/virtual_id.hpp"
#include "directord/ipvs/model.hpp"

namespace directord {

// Tells fallback and configured reals apart through an index built once per config,
// so narrating a 10,000-change sync stays linear.
class ChangeNarrator {
public:
    explicit ChangeNarrator(const Config& cfg);
    // `before` is the table the op applies to.
    std::string operator()(const ipvs::Op& op, const ipvs::Table& before) const;

private:
    enum class Role { real, fallback };
    using Where = std::pair<ipvs::ServiceKey, ipvs::DestKey>;
    // Sorted by address, one entry each (lib/sorted_pairs): ~0.6 MB at 10,000 reals, a map ~0.9.
    std::vector<std::pair<Where, Role>> roles_;
};

// One-off convenience (builds the index each call).
std::string describe_change(const ipvs::Op& op, const Config& cfg, const ipvs::Table& before);

} // namespace directord
