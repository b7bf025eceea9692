#include "directord/checks/transport/fd_wait.hpp"

#include <memory>

namespace directord::checks {

namespace asio = boost::asio;

namespace {

// Shared with the handlers: a cancelled wait still runs its handler after the
// coroutine has moved on.
struct WaitState {
    explicit WaitState(asio::any_io_executor ex) : desc(ex), wake(ex) {}
    asio::posix::stream_descriptor desc;
    asio::steady_timer wake;   // the coroutine sleeps on it; readiness cancels it
    FdReady got;
};

} // namespace

asio::awaitable<FdReady> wait_fd(int fd, bool read, bool write, std::optional<std::chrono::milliseconds> timeout,
                                 Deadline& dl) {
    auto ex = co_await asio::this_coro::executor;
    FdReady none;
    if (dl.expired()) {
        none.expired = true;
        co_return none;
    }
    if (fd < 0) {
        none.bad_fd = true;
        co_return none;
    }
    auto st = std::make_shared<WaitState>(ex);
    boost::system::error_code ec;
    st->desc.assign(fd, ec);
    if (ec) {
        none.bad_fd = true;
        co_return none;
    }
    if (timeout) st->wake.expires_after(*timeout);
    else st->wake.expires_at(asio::steady_timer::time_point::max());
    auto on_ready = [st](bool FdReady::*flag) {
        return [st, flag](const boost::system::error_code& e) {
            if (e) return;
            st->got.*flag = true;
            st->wake.cancel();
        };
    };
    if (read) st->desc.async_wait(asio::posix::stream_descriptor::wait_read, on_ready(&FdReady::readable));
    if (write) st->desc.async_wait(asio::posix::stream_descriptor::wait_write, on_ready(&FdReady::writable));
    {
        auto guard = dl.on_expire([st] {
            st->got.expired = true;
            st->wake.cancel();
        });
        co_await st->wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    if (!ec) st->got.timed_out = true;
    // cancel() hands the pending waits to the loop as aborted, so release() leaves
    // no operation behind; the fd goes back to the library untouched (not closed).
    st->desc.cancel(ec);
    st->desc.release();
    co_return st->got;
}

} // namespace directord::checks
