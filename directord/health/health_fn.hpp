// What the health engine tells the director: is this real server up?
#pragma once
#include <cstddef>
#include <functional>

namespace directord::health {

// Health of one configured real server of one virtual (index into Config::virtuals and
// Virtual::reals). Up means "should take traffic".
using HealthFn = std::function<bool(std::size_t virtual_index, std::size_t real_index)>;

} // namespace directord::health
