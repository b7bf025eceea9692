// Gives the C library's free heap memory back to the kernel after a burst (the first
// round of 10,000 checks in flight at once, a reload of a big table): glibc keeps freed
// chunks in the middle of the heap mapped, so RSS would stay at the burst's peak for good.
// Only when the slack is worth it: trimming pages that are about to be reused costs page
// faults for nothing.
#pragma once
#include <cstddef>

namespace ha {

// A long-running daemon's allocator policy: buffers of 256 KB and more (a table dump, the
// log lines of a big sync) get their own mappings, returned to the kernel when freed,
// instead of glibc's default that raises this threshold after each such free and so
// leaves later big buffers fragmenting the heap for good.
void set_daemon_heap_policy();

// malloc_trim(0) when more than `min_slack` bytes are free and they are more than a
// quarter of the heap; true when it trimmed.
bool trim_heap_if_slack(std::size_t min_slack = 4u << 20);

} // namespace ha
