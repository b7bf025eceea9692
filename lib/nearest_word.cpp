#include "lib/nearest_word.hpp"

#include <algorithm>
#include <cctype>

namespace ha {

namespace {
// Optimal string alignment distance (a swap of two neighbours counts as one edit), capped: any
// distance above `limit` comes back as limit + 1. It runs for every unknown key against every
// known one, so it keeps three rolling rows (on the stack for short words) and stops once two
// rows in a row are past the limit (no later cell can come back under it).
std::size_t distance(const std::string& a, const std::string& b, std::size_t limit) {
    const std::size_t w = b.size() + 1;
    constexpr std::size_t kStackWidth = 64;
    std::size_t stack_rows[3 * kStackWidth];
    std::vector<std::size_t> heap_rows(w > kStackWidth ? 3 * w : 0);
    std::size_t* before = w > kStackWidth ? heap_rows.data() : stack_rows;   // row i - 2
    std::size_t* prev = before + w;                                          // row i - 1
    std::size_t* cur = prev + w;                                             // row i
    for (std::size_t j = 0; j < w; ++j) prev[j] = j;
    std::size_t min_prev = 0;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        std::size_t min_cur = i;
        for (std::size_t j = 1; j < w; ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], before[j - 2] + 1);
            min_cur = std::min(min_cur, cur[j]);
        }
        if (min_cur > limit && min_prev > limit) return limit + 1;
        std::size_t* oldest = before;
        before = prev;
        prev = cur;
        cur = oldest;
        min_prev = min_cur;
    }
    return std::min(prev[b.size()], limit + 1);
}
} // namespace

std::string nearest_word(const std::string& word, const std::vector<std::string>& candidates) {
    std::string lower = word;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto common_prefix = [&](const std::string& c) {
        std::size_t n = 0;
        while (n < c.size() && n < lower.size() && c[n] == lower[n]) ++n;
        return n;
    };
    std::size_t limit = std::clamp<std::size_t>(word.size() / 4, 1, 3);
    std::string best;
    std::size_t best_d = 0;
    for (const auto& c : candidates) {
        // The distance is at least the difference in length: skip the ones that cannot pass
        // (a long garbage word costs nothing then).
        std::size_t gap = c.size() > lower.size() ? c.size() - lower.size() : lower.size() - c.size();
        if (gap > limit) continue;
        std::size_t d = distance(lower, c, limit);
        if (best.empty() || d < best_d || (d == best_d && common_prefix(c) > common_prefix(best)))
            best = c, best_d = d;
    }
    return !best.empty() && best_d <= limit && best != word ? best : std::string();
}

} // namespace ha
