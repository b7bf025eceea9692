#include "lib/small_block_cache.hpp"

#include <cstdlib>
#include <cstring>

namespace ha {

namespace {
struct Header {
    std::uint32_t cls;   // size class index, or kLarge
    std::uint32_t pad[3];
};
static_assert(sizeof(Header) == SmallBlockCache::kHeader);

Header* header_of(void* p) { return reinterpret_cast<Header*>(static_cast<char*>(p) - SmallBlockCache::kHeader); }
} // namespace

void* SmallBlockCache::allocate(std::size_t n) noexcept {
    if (n <= kMaxSmall) {
        std::size_t cls = n == 0 ? 0 : (n - 1) / kGranule;
        if (Free* f = free_[cls]) {
            free_[cls] = f->next;
            cached_ -= (cls + 1) * kGranule;
            return f;
        }
        auto* h = static_cast<Header*>(std::malloc(kHeader + (cls + 1) * kGranule));
        if (!h) return nullptr;
        h->cls = static_cast<std::uint32_t>(cls);
        return h + 1;
    }
    if (n > SIZE_MAX - kHeader) return nullptr;
    auto* h = static_cast<Header*>(std::malloc(kHeader + n));
    if (!h) return nullptr;
    h->cls = kLarge;
    return h + 1;
}

void SmallBlockCache::deallocate(void* p) noexcept {
    if (!p) return;
    Header* h = header_of(p);
    if (h->cls != kLarge) {
        std::size_t size = (h->cls + 1) * kGranule;
        if (cached_ + size <= budget_) {
            auto* f = static_cast<Free*>(p);
            f->next = free_[h->cls];
            free_[h->cls] = f;
            cached_ += size;
            return;
        }
    }
    std::free(h);
}

SmallBlockCache::~SmallBlockCache() {
    for (auto& head : free_) {
        while (Free* f = head) {
            head = f->next;
            std::free(header_of(f));
        }
    }
    cached_ = 0;
    budget_ = 0;   // blocks freed later in this thread's exit go straight to free()
}

} // namespace ha
