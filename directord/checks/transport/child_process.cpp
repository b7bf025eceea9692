#include "directord/checks/transport/child_process.hpp"

#include "lib/unreaped_child.hpp"

namespace directord::checks {

namespace asio = boost::asio;

std::unique_ptr<ChildProcess> ChildProcess::spawn(asio::any_io_executor ex, const std::vector<std::string>& argv, std::string& err) {
    // stdout to /dev/null, stderr inherited (the daemon's log in -d mode).
    ha::UnreapedChild c = ha::spawn_unreaped(argv, nullptr, -1, -1, err);
    if (c.pid < 0) return nullptr;
    return std::unique_ptr<ChildProcess>(new ChildProcess(ex, c.pid, c.pidfd));
}

ChildProcess::ChildProcess(asio::any_io_executor ex, pid_t pid, int pidfd)
    : ex_(ex), pid_(pid), fd_(std::make_unique<asio::posix::stream_descriptor>(ex, pidfd)) {}

bool ChildProcess::try_reap(int& status) {
    siginfo_t info;
    if (!ha::reap_pidfd(fd_->native_handle(), info, false)) return false;   // still running
    reaped_ = true;
    status = info.si_code == CLD_EXITED ? (info.si_status & 0xff) << 8 : (info.si_status & 0x7f);
    return true;
}

asio::awaitable<std::optional<int>> ChildProcess::wait() {
    int status = 0;
    while (!reaped_) {
        if (try_reap(status)) co_return status;
        boost::system::error_code ec;
        co_await fd_->async_wait(asio::posix::descriptor_base::wait_read, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return std::nullopt;
    }
    co_return std::nullopt;
}

void ChildProcess::kill() {
    if (!reaped_) ha::kill_group(pid_, fd_->native_handle());
}

ChildProcess::~ChildProcess() {
    if (reaped_) return;
    kill();
    int status;
    if (try_reap(status)) return;
    // Reap it when it is gone, so no zombie is left; the handler owns the descriptor.
    auto fd = std::shared_ptr<asio::posix::stream_descriptor>(std::move(fd_));
    fd->async_wait(asio::posix::descriptor_base::wait_read, [fd](const boost::system::error_code&) {
        siginfo_t info;
        ha::reap_pidfd(fd->native_handle(), info, true);
    });
}

} // namespace directord::checks
