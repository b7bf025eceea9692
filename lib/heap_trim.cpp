#include "lib/heap_trim.hpp"

#include <malloc.h>

namespace ha {

void set_daemon_heap_policy() {
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);   // also fixes the trim threshold (no dynamic raise)
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
    // One arena: a helper thread (directord's ipvsadm worker) would otherwise get its own,
    // with its own slack, for the few calls it makes; they are one at a time, so the lock
    // they share with the event loop is never contended for long.
    mallopt(M_ARENA_MAX, 1);
}

namespace {

struct HeapInfo {
    std::size_t free = 0, total = 0;
};

HeapInfo heap_info() {
#if __GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33)
    struct mallinfo2 mi = mallinfo2();
#else
    struct mallinfo mi = mallinfo();   // older glibc: int fields, fine below 2 GB
#endif
    return {static_cast<std::size_t>(mi.fordblks), static_cast<std::size_t>(mi.arena) + static_cast<std::size_t>(mi.hblkhd)};
}

} // namespace

bool trim_heap_if_slack(std::size_t min_slack) {
    HeapInfo h = heap_info();
    if (h.free < min_slack || h.free * 4 < h.total) return false;
    return malloc_trim(0) != 0;
}

} // namespace ha
