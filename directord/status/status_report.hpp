// `directord status`: the kernel table in `ipvsadm -Ln` layout, with the state of every
// configured real server (up, quiescent, down, fallback) and which virtuals are foreign.
#pragma once
#include <string>

#include "directord/config/config.hpp"
#include "directord/ipvs/model.hpp"

namespace directord {

// cfg may be null (config unreadable): the table is printed without states.
std::string status_report(const ipvs::Table& kernel, const Config* cfg);

} // namespace directord
