// A per-thread cache of small heap blocks in front of malloc, for the check engine's
// churn: every check allocates ~19 short-lived blocks (coroutine frames of up to ~1 KB,
// reactor operations, strings) and frees them within a millisecond, hundreds of checks
// at a time. glibc's own per-thread cache keeps 7 blocks per size, so at 10,000 checks
// a second most of these went through its locked slow path (a tenth of directord's CPU
// in the profile: doc/STATUS.md, issue 15). Blocks are plain malloc'd memory with a
// 16-byte header naming their size class; a freed block goes back to the freeing
// thread's cache while that holds less than its byte budget, else to free().
#pragma once
#include <cstddef>
#include <cstdint>

namespace ha {

class SmallBlockCache {
public:
    static constexpr std::size_t kGranule = 16;     // size classes 16, 32, ... 1024 bytes
    static constexpr std::size_t kMaxSmall = 1024;
    static constexpr std::size_t kClasses = kMaxSmall / kGranule;
    static constexpr std::size_t kHeader = 16;      // keeps the block max_align_t-aligned
    static constexpr std::uint32_t kLarge = 0xffffffffu;

    explicit constexpr SmallBlockCache(std::size_t budget_bytes) : budget_(budget_bytes) {}
    SmallBlockCache(const SmallBlockCache&) = delete;
    SmallBlockCache& operator=(const SmallBlockCache&) = delete;
    ~SmallBlockCache();   // gives every cached block back to malloc

    // nullptr when malloc fails.
    void* allocate(std::size_t n) noexcept;
    // p from allocate() of any SmallBlockCache (any thread), or nullptr.
    void deallocate(void* p) noexcept;

    std::size_t cached_bytes() const { return cached_; }
    // The usable size the block of an allocate(n) has (its class), for tests.
    static constexpr std::size_t class_size(std::size_t n) {
        return n > kMaxSmall ? n : (n == 0 ? kGranule : (n + kGranule - 1) / kGranule * kGranule);
    }

private:
    struct Free { Free* next; };
    Free* free_[kClasses] = {};
    std::size_t cached_ = 0;
    std::size_t budget_;
};

// Call once from a program's main() to link lib/small_block_new.cpp in: it routes the
// program's operator new/delete through a thread-local SmallBlockCache.
void use_small_block_cache();

} // namespace ha
