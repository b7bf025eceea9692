#include "heartbeatd/daemon/drop_counter.hpp"

namespace hb::daemon {

std::string_view to_string(DropCause c) {
    switch (c) {
    case DropCause::malformed: return "malformed";
    case DropCause::unauthenticated: return "unauthenticated";
    case DropCause::unknown_key: return "unknown_key";
    case DropCause::bad_signature: return "bad_signature";
    case DropCause::unknown_node: return "unknown_node";
    case DropCause::replay: return "replay";
    case DropCause::rate_limited: return "rate_limited";
    }
    return "?";
}

std::optional<std::string> DropCounter::drop(DropCause c, std::string_view detail, Millis now) {
    auto& s = slots_[std::size_t(c)];
    ++s.total;
    if (s.last_logged && now - *s.last_logged < interval_) {
        ++s.suppressed;
        return std::nullopt;
    }
    std::string text = "dropped packet (" + std::string(to_string(c)) + "): " + std::string(detail);
    if (s.suppressed) text += " (" + std::to_string(s.suppressed) + " more suppressed)";
    s.suppressed = 0;
    s.last_logged = now;
    return text;
}

std::uint64_t DropCounter::total() const {
    std::uint64_t t = 0;
    for (auto& s : slots_) t += s.total;
    return t;
}

std::string DropCounter::summary() const {
    std::string out;
    for (std::size_t i = 0; i < kDropCauses; ++i) {
        if (i) out += ' ';
        out += std::string(to_string(DropCause(i))) + '=' + std::to_string(slots_[i].total);
    }
    return out;
}

} // namespace hb::daemon
