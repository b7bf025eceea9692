// Replaces the program's operator new/delete (the plain, array, sized and nothrow forms;
// the over-aligned forms stay the library's) with a thread-local SmallBlockCache. Linked
// only into programs that call ha::use_small_block_cache(); sanitizer builds keep the
// library's operators so ASan still sees every allocation.
#include <new>

#include "lib/small_block_cache.hpp"

namespace ha {
void use_small_block_cache() {}
} // namespace ha

#if !defined(__SANITIZE_ADDRESS__)
namespace {
// 2 MB per thread: a 50 ms slot of checks at 10,000 a second reuses its blocks without
// reaching malloc, and an idle daemon keeps at most this much in its caches.
thread_local ha::SmallBlockCache t_cache(2u << 20);

void* allocate_or_throw(std::size_t n) {
    for (;;) {
        if (void* p = t_cache.allocate(n)) return p;
        std::new_handler h = std::get_new_handler();
        if (!h) throw std::bad_alloc();
        h();
    }
}
} // namespace

void* operator new(std::size_t n) { return allocate_or_throw(n); }
void* operator new[](std::size_t n) { return allocate_or_throw(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return t_cache.allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return t_cache.allocate(n); }
void operator delete(void* p) noexcept { t_cache.deallocate(p); }
void operator delete[](void* p) noexcept { t_cache.deallocate(p); }
void operator delete(void* p, std::size_t) noexcept { t_cache.deallocate(p); }
void operator delete[](void* p, std::size_t) noexcept { t_cache.deallocate(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { t_cache.deallocate(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { t_cache.deallocate(p); }
#endif
