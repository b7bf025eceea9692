// At most N external checks run at once; the others wait their turn in FIFO order.
// Waiting does not count against a check's timeout (the deadline starts with the
// process), so a busy pool delays checks instead of failing them.
#pragma once
#include <cstddef>
#include <deque>
#include <memory>

#include "directord/checks/transport/coro.hpp"

namespace directord::checks {

class ProcessPool {
public:
    ProcessPool(boost::asio::any_io_executor ex, std::size_t max);

    // A held slot; released when destroyed.
    class Slot {
    public:
        Slot() = default;
        explicit Slot(ProcessPool* p) : pool_(p) {}
        Slot(Slot&& o) noexcept : pool_(o.pool_) { o.pool_ = nullptr; }
        Slot& operator=(Slot&& o) noexcept {
            if (this != &o) {
                if (pool_) pool_->release();
                pool_ = o.pool_;
                o.pool_ = nullptr;
            }
            return *this;
        }
        ~Slot() { if (pool_) pool_->release(); }
        explicit operator bool() const { return pool_ != nullptr; }

    private:
        ProcessPool* pool_ = nullptr;
    };

    struct Waiter;
    // Waits for a slot. `waiter` (out) can be passed to cancel() while waiting.
    boost::asio::awaitable<Slot> acquire(std::shared_ptr<Waiter>& waiter);
    void cancel(const std::shared_ptr<Waiter>& waiter);

    std::size_t in_use() const { return in_use_; }
    std::size_t waiting() const { return waiters_.size(); }
    std::size_t max() const { return max_; }

private:
    void release();

    boost::asio::any_io_executor ex_;
    std::size_t max_;
    std::size_t in_use_ = 0;
    std::deque<std::shared_ptr<Waiter>> waiters_;
};

} // namespace directord::checks
