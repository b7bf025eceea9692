// Config + kernel table -> what the health engine runs: the members of the health table
// and one check spec per identity. Pure.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "directord/checks/check_spec.hpp"
#include "directord/health/health_table.hpp"
#include "directord/ipvs/model.hpp"

namespace directord::health {

struct Plan {
    std::vector<Member> members;
    std::map<std::string, checks::CheckSpec> checks;   // by identity_digest(CheckSpec::key())
};

// A 15-character digest (90 bits) of an identity text: what members hold as check_key
// and state_key. It fits a std::string without a heap block, where a CheckSpec::key() is
// ~130-250 bytes: ~2 MB at 10,000 reals. Two different checks share a digest with odds
// of ~1e-19 at 10,000 checks; the worst a collision could do is carry one real's state
// over a reload.
std::string identity_digest(std::string_view text);

// `kernel` is the table now: a real it holds with weight > 0 starts up (start-up rule).
Plan make_plan(const Config& cfg, const ipvs::Table& kernel);

} // namespace directord::health
