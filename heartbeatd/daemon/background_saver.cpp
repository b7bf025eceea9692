#include "heartbeatd/daemon/background_saver.hpp"

#include "lib/io_thread.hpp"

namespace hb::daemon {

BackgroundSaver::BackgroundSaver(Write write) : write_(std::move(write)) {
    started_ = ha::start_io_thread(thread_, &BackgroundSaver::run, this);
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
