// Makes a Kernel's calls where they cannot stall the event loop. A fast kernel (netlink,
// memory) is called inline: the completion runs before dump()/apply() return, as a plain
// call would. A slow one (Kernel::slow(): the ipvsadm tool) is called on one worker
// thread that owns every call to it; the completion is posted back to the loop.
// One call at a time (the daemon never overlaps syncs); busy() says whether one is out.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "lib/asio.hpp"
#include "directord/ipvs/kernel.hpp"

namespace ipvs {

class KernelWorker {
public:
    // `error`: KernelError's text when the table could not be read.
    using DumpDone = std::function<void(std::optional<Table> table, std::string error)>;
    using ApplyDone = std::function<void(std::vector<OpResult>)>;

    KernelWorker(boost::asio::io_context& io, std::unique_ptr<Kernel> kernel);
    // Interrupts the call in progress (the tool is killed) and joins the thread.
    ~KernelWorker();
    KernelWorker(const KernelWorker&) = delete;
    KernelWorker& operator=(const KernelWorker&) = delete;

    void dump(DumpDone done);
    void apply(std::vector<Op> ops, ApplyDone done);

    bool threaded() const { return thread_.joinable(); }
    // A call is out and its completion has not run yet. Loop thread only.
    bool busy() const { return busy_; }
    // The kernel itself, for blocking calls; only while !busy() (e.g. the clean-up at stop).
    Kernel& kernel() { return *kernel_; }
    // Ends the call in progress soon (its results then say so); later calls fail.
    void interrupt() { kernel_->interrupt(); }

private:
    void submit(std::function<void()> job);
    void loop();

    boost::asio::io_context& io_;
    std::unique_ptr<Kernel> kernel_;
    bool busy_ = false;
    // Completions check it: none runs once the worker is gone.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    std::mutex mu_;
    std::condition_variable cv_;
    std::function<void()> job_;   // at most one
    bool quit_ = false;
    std::thread thread_;
};

} // namespace ipvs
