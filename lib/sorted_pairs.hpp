// A read-mostly map kept as a vector of (key, value) pairs sorted by key: at 10,000 entries
// about a third of a std::map's memory (no node per entry), looked up by binary search.
#pragma once
#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace ha {

// Sorts by key; of a key given more than once, the pair given last stays (as repeated
// assignments to a map would leave it).
template <class K, class V>
void sort_keep_last(std::vector<std::pair<K, V>>& v) {
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::size_t kept = 0;
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (kept > 0 && v[kept - 1].first == v[k].first) {
            v[kept - 1] = std::move(v[k]);
        } else {
            if (kept != k) v[kept] = std::move(v[k]);
            ++kept;
        }
    }
    v.resize(kept);
}

// The value for `key` in a vector sorted by sort_keep_last, or null.
template <class K, class V>
const V* find_sorted(const std::vector<std::pair<K, V>>& v, const K& key) {
    auto it = std::lower_bound(v.begin(), v.end(), key, [](const auto& e, const K& k) { return e.first < k; });
    return it != v.end() && it->first == key ? &it->second : nullptr;
}

} // namespace ha
