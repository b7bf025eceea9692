// Config + kernel table -> what the health engine runs: the members of the health table
// and one check spec per identity. Pure.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "directord/checks/check_spec.hpp"
#include "directord/health/health_table.hpp"
#include "directord/ipvs/model.hpp"

namespace directord::health {

struct Plan {
    std::vector<Member> members;
    std::map<std::string, checks::CheckSpec> checks;   // by CheckSpec::key()
};

// `kernel` is the table now: a real it holds with weight > 0 starts up (start-up rule).
Plan make_plan(const Config& cfg, const ipvs::Table& kernel);

} // namespace directord::health
