#include "lib/heap_trim.hpp"

#include <malloc.h>

namespace ha {

void set_daemon_heap_policy() {
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);   // also fixes the trim threshold (no dynamic raise)
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
}

std::size_t heap_free_bytes() { return mallinfo2().fordblks; }

bool trim_heap_if_slack(std::size_t min_slack) {
    struct mallinfo2 mi = mallinfo2();
    std::size_t heap = mi.arena + mi.hblkhd;
    if (mi.fordblks < min_slack || mi.fordblks * 4 < heap) return false;
    return malloc_trim(0) != 0;
}

} // namespace ha
