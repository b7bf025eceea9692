#include "directord/ipvs/kernel_worker.hpp"

#include <cerrno>
#include <csignal>
#include <pthread.h>

namespace ipvs {

using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

KernelWorker::KernelWorker(boost::asio::io_context& io, std::unique_ptr<Kernel> kernel)
    : io_(io), kernel_(std::move(kernel)) {
    if (!kernel_->slow()) return;
    // The loop thread takes every signal (asio's signal_set): none is delivered here.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    thread_ = std::thread([this] { loop(); });
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

KernelWorker::~KernelWorker() {
    *alive_ = false;
    if (!thread_.joinable()) return;
    kernel_->interrupt();
    {
        std::lock_guard<std::mutex> lock(mu_);
        quit_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void KernelWorker::loop() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [this] { return quit_ || job_; });
            if (!job_) return;   // quit_ and nothing left
            job = std::move(job_);
            job_ = nullptr;
        }
        job();
    }
}

void KernelWorker::submit(std::function<void()> job) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        job_ = std::move(job);
    }
    cv_.notify_one();
}

void KernelWorker::dump(DumpDone done) {
    busy_ = true;
    auto call = [k = kernel_.get()]() -> std::pair<std::optional<Table>, std::string> {
        try {
            return {k->dump(), {}};
        } catch (const std::exception& e) {
            return {std::nullopt, e.what()};
        }
    };
    if (!threaded()) {
        auto [table, error] = call();
        busy_ = false;
        done(std::move(table), std::move(error));
        return;
    }
    // The guard keeps io.run() going while only this call is out.
    auto guard = std::make_shared<Guard>(io_.get_executor());
    submit([this, call, done = std::move(done), guard, alive = alive_]() mutable {
        auto result = std::make_shared<std::pair<std::optional<Table>, std::string>>(call());
        boost::asio::post(io_, [this, result, done = std::move(done), guard, alive]() mutable {
            guard->reset();
            if (!*alive) return;
            busy_ = false;
            done(std::move(result->first), std::move(result->second));
        });
    });
}

void KernelWorker::apply(std::vector<Op> ops, ApplyDone done) {
    busy_ = true;
    auto call = [k = kernel_.get()](const std::vector<Op>& ops) {
        try {
            return k->apply(ops);
        } catch (const std::exception& e) {
            // Nothing is known of any op: each is reported with the reason.
            return std::vector<OpResult>(ops.size(), OpResult{EIO, e.what()});
        }
    };
    if (!threaded()) {
        auto results = call(ops);
        busy_ = false;
        done(std::move(results));
        return;
    }
    auto guard = std::make_shared<Guard>(io_.get_executor());
    submit([this, call, ops = std::move(ops), done = std::move(done), guard, alive = alive_]() mutable {
        auto results = std::make_shared<std::vector<OpResult>>(call(ops));
        boost::asio::post(io_, [this, results, done = std::move(done), guard, alive]() mutable {
            guard->reset();
            if (!*alive) return;
            busy_ = false;
            done(std::move(*results));
        });
    });
}

} // namespace ipvs
