#include "lib/log_queue.hpp"

namespace ha {

bool LogQueue::push(std::string line) {
    if (lines_.size() >= max_lines_ || bytes_ + line.size() > max_bytes_) {
        ++dropped_;
        ++dropped_total_;
        return false;
    }
    bytes_ += line.size();
    lines_.push_back(std::move(line));
    return true;
}

LogQueue::Batch LogQueue::take() {
    Batch b;
    b.lines.assign(std::make_move_iterator(lines_.begin()), std::make_move_iterator(lines_.end()));
    lines_.clear();
    bytes_ = 0;
    b.dropped = dropped_;
    dropped_ = 0;
    return b;
}

std::string dropped_notice(std::uint64_t n) {
    return std::to_string(n) + (n == 1 ? " log line" : " log lines") + " dropped (the log writer fell behind)";
}

} // namespace ha
