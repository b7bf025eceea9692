#include "directord/checks/protocols/external_probe.hpp"

#include <sys/wait.h>

#include "directord/checks/transport/child_process.hpp"

namespace directord::checks {

namespace asio = boost::asio;

ExternalProbe::ExternalProbe(asio::any_io_executor ex, std::vector<std::string> argv, std::chrono::seconds timeout,
                             std::shared_ptr<ProcessPool> pool)
    : ex_(ex), argv_(std::move(argv)), timeout_(timeout), pool_(std::move(pool)) {}

asio::awaitable<CheckResult> ExternalProbe::run(Deadline& dl) {
    std::shared_ptr<ProcessPool::Waiter> waiter;
    ProcessPool::Slot slot;
    {
        // Only a stop ends the wait for a slot (the deadline is not armed yet).
        auto guard = dl.on_expire([&] { pool_->cancel(waiter); });
        slot = co_await pool_->acquire(waiter);
    }
    if (!slot) co_return CheckResult{false, "stopped while waiting for a process slot"};
    dl.arm(timeout_);
    std::string err;
    auto child = ChildProcess::spawn(ex_, argv_, err);
    if (!child) co_return CheckResult{false, err};
    auto guard = dl.on_expire([&] { child->kill(); });
    auto status = co_await child->wait();
    if (!status) co_return CheckResult{false, "wait failed"};
    int st = *status;
    if (WIFEXITED(st)) {
        int code = WEXITSTATUS(st);
        if (code == 0) co_return CheckResult{true, "exit 0"};
        co_return CheckResult{false, code == 127 ? "exit 127 (cannot run " + argv_[0] + ")" : "exit " + std::to_string(code)};
    }
    co_return CheckResult{false, "killed by signal " + std::to_string(WTERMSIG(st))};
}

} // namespace directord::checks
