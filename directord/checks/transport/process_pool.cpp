#include "directord/checks/transport/process_pool.hpp"

#include <algorithm>

namespace directord::checks {

namespace asio = boost::asio;

struct ProcessPool::Waiter {
    explicit Waiter(asio::any_io_executor ex) : timer(ex, asio::steady_timer::time_point::max()) {}
    asio::steady_timer timer;   // cancelled to wake the waiter
    bool granted = false;
};

ProcessPool::ProcessPool(asio::any_io_executor ex, std::size_t max) : ex_(ex), max_(std::max<std::size_t>(1, max)) {}

asio::awaitable<ProcessPool::Slot> ProcessPool::acquire(std::shared_ptr<Waiter>& waiter) {
    if (in_use_ < max_ && waiters_.empty()) {
        ++in_use_;
        co_return Slot(this);
    }
    waiter = std::make_shared<Waiter>(ex_);
    waiters_.push_back(waiter);
    boost::system::error_code ec;
    co_await waiter->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    bool granted = waiter->granted;
    waiter.reset();
    co_return granted ? Slot(this) : Slot();
}

void ProcessPool::cancel(const std::shared_ptr<Waiter>& waiter) {
    if (!waiter) return;
    auto it = std::find(waiters_.begin(), waiters_.end(), waiter);
    if (it != waiters_.end()) waiters_.erase(it);
    waiter->timer.cancel();
}

void ProcessPool::release() {
    if (!waiters_.empty()) {
        // Hand the slot over directly: in_use_ stays the same.
        auto w = waiters_.front();
        waiters_.pop_front();
        w->granted = true;
        w->timer.cancel();
        return;
    }
    if (in_use_) --in_use_;
}

} // namespace directord::checks
