#include "lib/log_writer.hpp"

#include <cerrno>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/io_thread.hpp"
#include "lib/safe_file.hpp"

namespace ha {

LogFileWriter::LogFileWriter(std::string path, std::function<std::string(const std::string&)> stamp,
                             std::size_t max_lines)
    : path_(std::move(path)), stamp_(std::move(stamp)), queue_(max_lines) {}

LogFileWriter::~LogFileWriter() {
    if (!owned()) return;   // a forked child: the thread is not ours to join
    {
        std::lock_guard<std::mutex> g(mu_);
        stopping_ = true;
    }
    wake_.notify_one();
    pthread_join(thread_, nullptr);
    if (fd_ >= 0) ::close(fd_);
}

bool LogFileWriter::start() {
    if (started_) return true;
    started_ = start_io_thread(thread_, &LogFileWriter::run, this);
    if (started_) owner_ = ::getpid();
    return started_;
}

bool LogFileWriter::owned() const { return started_ && owner_ == ::getpid(); }

void LogFileWriter::post(std::string line) {
    {
        std::lock_guard<std::mutex> g(mu_);
        queue_.push(std::move(line));
    }
    wake_.notify_one();
}

void LogFileWriter::flush() {
    if (!owned()) return;
    std::unique_lock<std::mutex> g(mu_);
    idle_.wait(g, [this] { return queue_.empty() && !busy_; });
}

std::uint64_t LogFileWriter::dropped_total() {
    std::lock_guard<std::mutex> g(mu_);
    return queue_.dropped_total();
}

void* LogFileWriter::run(void* self) {
    static_cast<LogFileWriter*>(self)->loop();
    return nullptr;
}

void LogFileWriter::loop() {
    std::unique_lock<std::mutex> g(mu_);
    for (;;) {
        wake_.wait(g, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty() && stopping_) return;
        auto batch = queue_.take();
        busy_ = true;
        g.unlock();
        write_batch(batch);
        g.lock();
        busy_ = false;
        if (queue_.empty()) idle_.notify_all();
    }
}

bool LogFileWriter::ensure_open() {
    if (fd_ >= 0) {
        struct stat st{};
        std::optional<FileId> at_path;
        if (::stat(path_.c_str(), &st) == 0) at_path = FileId{st.st_dev, st.st_ino};
        if (!log_file_moved(open_id_, at_path)) return true;
        ::close(fd_);   // rotated or removed: the next lines go to a new file at the path
        fd_ = -1;
    }
    std::string why;
    fd_ = open_for_append(path_, why);
    if (fd_ < 0) {
        if (why != last_error_) std::fprintf(stderr, "log: %s\n", why.c_str());
        last_error_ = why;
        return false;
    }
    last_error_.clear();
    struct stat st{};
    if (::fstat(fd_, &st) == 0) open_id_ = FileId{st.st_dev, st.st_ino};
    return true;
}

void LogFileWriter::write_batch(LogQueue::Batch& b) {
    std::string text;
    for (auto& l : b.lines) {
        text += l;
        text += '\n';
    }
    if (b.dropped) text += stamp_(dropped_notice(b.dropped)) + '\n';
    if (!ensure_open()) {
        std::fwrite(text.data(), 1, text.size(), stderr);   // as the synchronous writer does
        return;
    }
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;   // disk full or gone: these lines are lost; the next batch retries
        done += std::size_t(n);
    }
}

} // namespace ha
