// directord's per-thread cache of freed small blocks (alloc_cache.cpp replaces the
// global operator new and delete with it).
#pragma once
#include <cstddef>

namespace directord {

// Blocks this thread holds for reuse now (0 where the cache is compiled out).
std::size_t cached_blocks();
// Whether the cache is in this build (not under AddressSanitizer).
bool alloc_cache_enabled();

} // namespace directord
