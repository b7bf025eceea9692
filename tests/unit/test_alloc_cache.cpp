// directord's per-thread block cache behind operator new/delete (alloc_cache.cpp).
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <future>
#include <malloc.h>
#include <new>
#include <random>
#include <thread>
#include <vector>

#include "directord/daemon/alloc_cache.hpp"

BOOST_AUTO_TEST_SUITE(alloc_cache)

// Whatever mix of sizes and of sized and unsized deletes came before, a block handed out
// holds at least what was asked, and blocks in use never overlap (each keeps its pattern).
BOOST_AUTO_TEST_CASE(blocks_fit_their_request_and_never_overlap) {
    std::mt19937 rng(12345);
    std::uniform_int_distribution<std::size_t> size(1, 5000);
    struct Live {
        unsigned char* p;
        std::size_t n;
        unsigned char tag;
    };
    std::vector<Live> live;
    for (int step = 0; step < 200000; ++step) {
        if (live.empty() || rng() % 2) {
            std::size_t n = size(rng);
            auto* p = static_cast<unsigned char*>(::operator new(n));
            BOOST_REQUIRE(malloc_usable_size(p) >= n);
            unsigned char tag = static_cast<unsigned char>(step);
            std::memset(p, tag, n);
            live.push_back({p, n, tag});
        } else {
            std::size_t i = rng() % live.size();
            Live l = live[i];
            live[i] = live.back();
            live.pop_back();
            for (std::size_t k = 0; k < l.n; k += 61) BOOST_REQUIRE(l.p[k] == l.tag);
            BOOST_REQUIRE(l.p[l.n - 1] == l.tag);
            if (rng() % 2) ::operator delete(l.p, l.n);
            else ::operator delete(l.p);
        }
    }
    for (auto& l : live) ::operator delete(l.p);
}

// A burst freed at once is kept only up to the class's bound; the rest goes back to malloc.
BOOST_AUTO_TEST_CASE(a_burst_is_cached_up_to_a_bound) {
    if (!directord::alloc_cache_enabled()) {
        BOOST_TEST_MESSAGE("SKIP: the cache is compiled out (AddressSanitizer build)");
        return;
    }
    std::vector<void*> burst;
    for (int i = 0; i < 2000; ++i) burst.push_back(::operator new(1000));
    std::size_t before = directord::cached_blocks();
    for (void* p : burst) ::operator delete(p, 1000);
    std::size_t kept = directord::cached_blocks() - before;
    BOOST_TEST(kept > 0u);
    BOOST_TEST(kept <= 70u);   // 64 KB of 1,008-byte blocks
    // Reused first: the next block of that size comes from the cache.
    void* again = ::operator new(1000);
    BOOST_TEST(directord::cached_blocks() == before + kept - 1);
    ::operator delete(again);
}

// Each thread has its own cache: what one thread frees is reused by it, not by another.
BOOST_AUTO_TEST_CASE(threads_have_their_own_cache) {
    if (!directord::alloc_cache_enabled()) {
        BOOST_TEST_MESSAGE("SKIP: the cache is compiled out (AddressSanitizer build)");
        return;
    }
    std::size_t theirs = 0;
    std::vector<void*> freed_there;
    freed_there.reserve(10);   // no buffer of its own freed inside the count
    std::promise<void> freed, checked;
    std::thread t([&] {
        std::size_t before = directord::cached_blocks();
        for (int i = 0; i < 10; ++i) freed_there.push_back(::operator new(3000));
        for (void* p : freed_there) ::operator delete(p);
        theirs = directord::cached_blocks() - before;
        freed.set_value();
        checked.get_future().wait();   // its cache lives until it ends
    });
    freed.get_future().wait();
    void* here = ::operator new(3000);
    bool reused_theirs = false;
    for (void* p : freed_there) reused_theirs = reused_theirs || p == here;
    ::operator delete(here);
    checked.set_value();
    t.join();
    BOOST_TEST(theirs == 10u);
    BOOST_TEST(!reused_theirs);
}

BOOST_AUTO_TEST_SUITE_END()
