// Splits the byte stream of a serial link into classic frames (">>>\n" ... "<<<\n").
// Frames are written back to back with no separator; line noise between them is skipped.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace hb::wire {

class SerialFramer {
public:
    static constexpr std::size_t kMaxFrame = 256 * 1024;   // MAXMSG

    void feed(std::string_view bytes);
    // The next complete frame, or nullopt until more bytes arrive.
    std::optional<std::string> next();
    std::size_t discarded() const { return discarded_; }   // garbage bytes skipped so far

private:
    std::string buf_;
    std::size_t discarded_ = 0;
};

} // namespace hb::wire
