// lib/small_block_cache: size classes, reuse of freed blocks, the byte budget, alignment
// and blocks freed through another cache (another thread's).
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <vector>

#include "lib/small_block_cache.hpp"

using ha::SmallBlockCache;

BOOST_AUTO_TEST_SUITE(small_block_cache)

BOOST_AUTO_TEST_CASE(classes_round_up_to_16_bytes_up_to_1_KB) {
    BOOST_TEST(SmallBlockCache::class_size(0) == 16u);
    BOOST_TEST(SmallBlockCache::class_size(1) == 16u);
    BOOST_TEST(SmallBlockCache::class_size(16) == 16u);
    BOOST_TEST(SmallBlockCache::class_size(17) == 32u);
    BOOST_TEST(SmallBlockCache::class_size(969) == 976u);
    BOOST_TEST(SmallBlockCache::class_size(1024) == 1024u);
    BOOST_TEST(SmallBlockCache::class_size(1025) == 1025u);   // large: malloc'd as asked
}

BOOST_AUTO_TEST_CASE(a_freed_block_is_handed_out_again_for_its_class) {
    SmallBlockCache c(1 << 20);
    void* a = c.allocate(100);
    std::memset(a, 0xab, 100);
    c.deallocate(a);
    BOOST_TEST(c.cached_bytes() == 112u);
    BOOST_TEST(c.allocate(97) == a);     // same class (112)
    BOOST_TEST(c.cached_bytes() == 0u);
    void* b = c.allocate(100);            // the cache is empty again: a new block
    BOOST_TEST(b != a);
    c.deallocate(a);
    c.deallocate(b);
    void* other = c.allocate(200);        // another class does not take them
    BOOST_TEST(other != a);
    BOOST_TEST(other != b);
    c.deallocate(other);
}

BOOST_AUTO_TEST_CASE(blocks_are_aligned_for_any_scalar) {
    SmallBlockCache c(1 << 20);
    std::vector<void*> got;
    for (std::size_t n : {1u, 8u, 24u, 500u, 1024u, 5000u}) {
        void* p = c.allocate(n);
        BOOST_TEST(reinterpret_cast<std::uintptr_t>(p) % alignof(std::max_align_t) == 0u);
        std::memset(p, 0x5a, n);          // usable for the whole size (ASan/valgrind would see overruns)
        got.push_back(p);
    }
    for (void* p : got) c.deallocate(p);
    BOOST_TEST(c.cached_bytes() == 16u + 16u + 32u + 512u + 1024u);   // the 5,000-byte block went to free()
}

BOOST_AUTO_TEST_CASE(the_budget_bounds_what_is_kept) {
    SmallBlockCache c(1000);
    std::vector<void*> got;
    for (int i = 0; i < 20; ++i) got.push_back(c.allocate(100));   // 112 bytes each
    for (void* p : got) c.deallocate(p);
    BOOST_TEST(c.cached_bytes() == 8u * 112u);   // 8 fit in 1,000 bytes, 12 went back to malloc
    std::vector<void*> again;
    for (int i = 0; i < 8; ++i) again.push_back(c.allocate(100));
    BOOST_TEST(c.cached_bytes() == 0u);
    for (void* p : again) BOOST_TEST((std::find(got.begin(), got.end(), p) != got.end()));
    for (void* p : again) c.deallocate(p);
}

BOOST_AUTO_TEST_CASE(a_block_may_be_freed_through_another_cache) {
    SmallBlockCache mine(1 << 20), theirs(1 << 20);
    void* p = mine.allocate(300);
    theirs.deallocate(p);                  // another thread frees it: it joins that thread's cache
    BOOST_TEST(theirs.cached_bytes() == 304u);
    BOOST_TEST(theirs.allocate(290) == p);
    mine.deallocate(p);
    mine.deallocate(nullptr);              // as delete of a null pointer
    BOOST_TEST(mine.cached_bytes() == 304u);
}

BOOST_AUTO_TEST_SUITE_END()
