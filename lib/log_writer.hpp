// Writes a log file from a thread of its own, so that the daemon's event loop never waits for
// the disk: post() only queues the line (lib/log_queue: bounded, drops counted and reported).
// logrotate needs no signal: before each batch the writer compares the path's inode with the
// one it has open and reopens when the file was moved or removed (a stat, no open per line).
// The file is opened as lib/safe_file says (no symlinks, no files planted by others).
// The writer thread exists only in the process that started it: after a fork, owned() is
// false there and the caller writes synchronously instead.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <string>
#include <sys/types.h>

#include "lib/log_queue.hpp"

namespace ha {

struct FileId {
    dev_t dev = 0;
    ino_t ino = 0;
    bool operator==(const FileId&) const = default;
};

// Whether the open file is no longer the one at the path: rotated (other inode) or removed
// (nothing there). Pure, for the writer's reopen decision.
inline bool log_file_moved(const FileId& open, const std::optional<FileId>& at_path) {
    return !at_path || !(*at_path == open);
}

class LogFileWriter {
public:
    // stamp turns a message into a whole line (the writer's own notices go through it).
    LogFileWriter(std::string path, std::function<std::string(const std::string&)> stamp,
                  std::size_t max_lines = 4096);
    ~LogFileWriter();   // writes what is queued, then ends the thread
    LogFileWriter(const LogFileWriter&) = delete;
    LogFileWriter& operator=(const LogFileWriter&) = delete;

    bool start();                    // false if the thread cannot be created
    bool owned() const;              // this process runs the thread
    void post(std::string line);     // a whole line without its '\n'; never blocks on I/O
    void flush();                    // returns once everything posted so far is written
    std::uint64_t dropped_total();

private:
    static void* run(void* self);
    void loop();
    void write_batch(LogQueue::Batch& b);
    bool ensure_open();

    std::string path_;
    std::function<std::string(const std::string&)> stamp_;
    std::mutex mu_;
    std::condition_variable wake_, idle_;
    LogQueue queue_;
    bool stopping_ = false, busy_ = false, started_ = false;
    pthread_t thread_{};
    pid_t owner_ = -1;
    // Writer thread only:
    int fd_ = -1;
    FileId open_id_;
    std::string last_error_;
};

} // namespace ha
