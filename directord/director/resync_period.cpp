#include "directord/director/resync_period.hpp"

#include <algorithm>

namespace directord {

std::chrono::milliseconds resync_period(int checkinterval_s, std::chrono::steady_clock::duration last_cost) {
    using namespace std::chrono;
    milliseconds base = seconds(std::max(1, checkinterval_s));
    milliseconds budget = duration_cast<milliseconds>(std::max(last_cost, steady_clock::duration::zero()) * 500);
    return std::clamp(budget, base, std::max(base, milliseconds(minutes(1))));
}

} // namespace directord
