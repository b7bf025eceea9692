#include "heartbeatd/wire/serial_framer.hpp"

#include <algorithm>

namespace hb::wire {

void SerialFramer::feed(std::string_view bytes) { buf_.append(bytes); }

std::optional<std::string> SerialFramer::next() {
    while (true) {
        auto start = buf_.find(">>>\n");
        if (start == std::string::npos) {
            // Keep a possible partial ">>>" at the end; drop the rest.
            std::size_t keep = std::min<std::size_t>(buf_.size(), 3);
            discarded_ += buf_.size() - keep;
            buf_.erase(0, buf_.size() - keep);
            return std::nullopt;
        }
        if (start) {
            discarded_ += start;
            buf_.erase(0, start);
        }
        auto end = buf_.find("<<<\n", 4);
        // A new frame starting before this one ends means this one was cut: resync on it.
        auto restart = buf_.find(">>>\n", 4);
        if (restart != std::string::npos && (end == std::string::npos || restart < end)) {
            discarded_ += restart;
            buf_.erase(0, restart);
            continue;
        }
        if (end == std::string::npos) {
            if (buf_.size() > kMaxFrame) {
                discarded_ += buf_.size();
                buf_.clear();
            }
            return std::nullopt;
        }
        std::string frame = buf_.substr(0, end + 4);
        buf_.erase(0, end + 4);
        return frame;
    }
}

} // namespace hb::wire
