// The receive= matcher lives in config/ (the parser compiles every pattern for -t, and
// config sits below checks); checks and their tests know it by these names.
#pragma once
#include "directord/config/receive_pattern.hpp"

namespace directord::checks {
using directord::ReceiveMatch;
using directord::ReceivePattern;
} // namespace directord::checks
