// The lines a background log writer has yet to write, bounded: a daemon whose disk stalls
// must not grow without limit, nor wait for the disk. A line that finds the queue full is
// dropped and counted; the writer then writes "N log line(s) dropped" where they were lost.
// Pure: the locking and the thread are the writer's (lib/log_writer).
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace ha {

class LogQueue {
public:
    explicit LogQueue(std::size_t max_lines, std::size_t max_bytes = std::size_t(1) << 20)
        : max_lines_(max_lines), max_bytes_(max_bytes) {}

    // false (and counted) when the queue is full.
    bool push(std::string line);

    // Everything queued, oldest first; where lines were dropped since the last take, the
    // notice for them comes after the lines queued before the drops.
    struct Batch {
        std::vector<std::string> lines;
        std::uint64_t dropped = 0;   // lines lost since the last take
        bool empty() const { return lines.empty() && dropped == 0; }
    };
    Batch take();

    bool empty() const { return lines_.empty() && dropped_ == 0; }
    std::size_t size() const { return lines_.size(); }
    std::uint64_t dropped_total() const { return dropped_total_; }

private:
    std::size_t max_lines_, max_bytes_;
    std::deque<std::string> lines_;
    std::size_t bytes_ = 0;
    std::uint64_t dropped_ = 0, dropped_total_ = 0;
};

// "N log line(s) dropped (the log writer fell behind)", the line a batch with drops ends with.
std::string dropped_notice(std::uint64_t n);

} // namespace ha
