#include "heartbeatd/daemon/background_saver.hpp"

#include <pthread.h>
#include <sched.h>

namespace hb::daemon {

BackgroundSaver::BackgroundSaver(Write write) : write_(std::move(write)) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    // Small stack: under mlockall(MCL_FUTURE) all of it would be locked in memory.
    pthread_attr_setstacksize(&attr, 256 * 1024);
    // Waiting for the disk is this thread's job: not at the realtime priority of the loop.
    pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setschedpolicy(&attr, SCHED_OTHER);
    sched_param sp{};
    pthread_attr_setschedparam(&attr, &sp);
    started_ = pthread_create(&thread_, &attr, &BackgroundSaver::run, this) == 0;
    pthread_attr_destroy(&attr);
}

void* BackgroundSaver::run(void* self) {
    static_cast<BackgroundSaver*>(self)->loop();
    return nullptr;
}

BackgroundSaver::~BackgroundSaver() {
    {
        std::lock_guard<std::mutex> g(mu_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (started_) pthread_join(thread_, nullptr);
}

void BackgroundSaver::save(std::string content) {
    if (!started_) {   // no thread (out of resources): write here, as before
        std::string why;
        if (!write_(content, why)) error_ = why;
        return;
    }
    {
        std::lock_guard<std::mutex> g(mu_);
        pending_ = std::move(content);
    }
    wake_.notify_one();
}

void BackgroundSaver::flush() {
    std::unique_lock<std::mutex> g(mu_);
    idle_.wait(g, [this] { return !pending_ && !busy_; });
}

std::optional<std::string> BackgroundSaver::take_error() {
    std::lock_guard<std::mutex> g(mu_);
    auto e = std::move(error_);
    error_.reset();
    return e;
}

unsigned long BackgroundSaver::writes() const {
    std::lock_guard<std::mutex> g(mu_);
    return writes_;
}

void BackgroundSaver::loop() {
    std::unique_lock<std::mutex> g(mu_);
    for (;;) {
        wake_.wait(g, [this] { return stopping_ || pending_; });
        if (!pending_) return;   // stopping, nothing left
        std::string content = std::move(*pending_);
        pending_.reset();
        busy_ = true;
        g.unlock();
        std::string why;
        bool ok = write_(content, why);
        g.lock();
        busy_ = false;
        ++writes_;
        if (!ok) error_ = why;
        if (!pending_) idle_.notify_all();
    }
}

} // namespace hb::daemon
