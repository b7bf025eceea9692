// directord's operator new/delete: a per-thread cache of freed small blocks in front of
// glibc's malloc. A check run allocates ~12 blocks (coroutine frames of up to ~1 KB, an
// I/O operation, a shared state) and frees them within a millisecond, while the scheduler
// starts up to 128 runs per wake-up: glibc's own per-thread cache holds 7 blocks per size
// and none over 1,032 bytes, so most of them went through its bins (splitting,
// coalescing, consolidating fast bins: ~20% of a check's user-space instructions at
// 10,000 checks a second).
//
// No header is added (an earlier cache with a 16-byte size header cost 5-6 MB of RSS at
// 10,000 reals): a block's size class is its glibc chunk size, from the size given to a
// sized delete, else from malloc_usable_size(). Blocks stay glibc's: anything not cached
// goes to free() as before. What a class holds is bounded (64 KB of blocks, at least 16),
// so the cache keeps at most a few hundred KB out of the heap's reach.
//
// Not under AddressSanitizer (the fuzz and sanitizer builds): reused blocks would hide
// use-after-free from it.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DIRECTORD_NO_ALLOC_CACHE 1
#endif
#endif
#include "directord/daemon/alloc_cache.hpp"

#if !defined(__SANITIZE_ADDRESS__) && !defined(DIRECTORD_NO_ALLOC_CACHE)
#include <cstddef>
#include <cstdlib>
#include <malloc.h>
#include <new>

namespace {

constexpr std::size_t kMaxBlock = 4096;                  // larger blocks are not cached
constexpr std::size_t kClasses = (kMaxBlock + 8 + 15) / 16 + 1;
constexpr std::size_t kBytesPerClass = 64 * 1024;

// glibc's chunk for a request of n bytes: n + 8 rounded up to 16, at least 32; the
// block's usable size is the chunk's minus 8. Chunks of one class are interchangeable.
constexpr std::size_t class_of_request(std::size_t n) { return n <= 24 ? 2 : (n + 8 + 15) / 16; }
constexpr std::size_t class_of_usable(std::size_t usable) { return (usable + 8) / 16; }
constexpr unsigned limit_of(std::size_t cls) {
    std::size_t n = kBytesPerClass / (cls * 16);
    return static_cast<unsigned>(n < 16 ? 16 : n);
}

struct FreeList {
    void* head;
    unsigned count;
};
// Zero-initialised and trivial: no TLS guard on the hot path. A thread's blocks are given
// back when it ends (Drain, registered with its first cached block).
thread_local FreeList t_lists[kClasses];
thread_local bool t_drain_registered;

struct Drain {
    ~Drain() {
        for (auto& l : t_lists) {
            while (l.head) {
                void* p = l.head;
                l.head = *static_cast<void**>(p);
                std::free(p);
            }
            l.count = 0;
        }
    }
};

void* allocate(std::size_t n) {
    std::size_t cls = class_of_request(n);
    if (cls < kClasses) {
        FreeList& l = t_lists[cls];
        if (void* p = l.head) {
            l.head = *static_cast<void**>(p);
            --l.count;
            return p;
        }
    }
    for (;;) {
        if (void* p = std::malloc(n ? n : 1)) return p;
        std::new_handler h = std::get_new_handler();
        if (!h) throw std::bad_alloc();
        h();
    }
}

void release(void* p, std::size_t cls) {
    if (cls < kClasses) {
        FreeList& l = t_lists[cls];
        if (l.count < limit_of(cls)) {
            if (!t_drain_registered) {
                t_drain_registered = true;
                static thread_local Drain drain;
                (void)drain;
            }
            *static_cast<void**>(p) = l.head;
            l.head = p;
            ++l.count;
            return;
        }
    }
    std::free(p);
}

} // namespace

std::size_t directord::cached_blocks() {
    std::size_t n = 0;
    for (const auto& l : t_lists) n += l.count;
    return n;
}
bool directord::alloc_cache_enabled() { return true; }

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void operator delete(void* p) noexcept {
    if (p) release(p, class_of_usable(malloc_usable_size(p)));
}
void operator delete[](void* p) noexcept {
    if (p) release(p, class_of_usable(malloc_usable_size(p)));
}
void operator delete(void* p, std::size_t n) noexcept {
    if (p) release(p, class_of_request(n));
}
void operator delete[](void* p, std::size_t n) noexcept {
    if (p) release(p, class_of_request(n));
}
#else
std::size_t directord::cached_blocks() { return 0; }
bool directord::alloc_cache_enabled() { return false; }
#endif
