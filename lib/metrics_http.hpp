// The HTTP/1.0 side of a /metrics endpoint, pure: judge a request head (bounded; the
// server stops reading at kMaxRequestHead) and build the whole response.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace ha::metrics {

inline constexpr std::size_t kMaxRequestHead = 4096;

struct RequestVerdict {
    enum class Kind { incomplete, metrics, bad_request, not_found, method_not_allowed, too_large };
    Kind kind = Kind::incomplete;
    bool head_only = false;   // HEAD /metrics
};

// `head` is everything read so far. Only GET (and HEAD) of /metrics (a query string is
// ignored) is served; complete means the blank line that ends the head has arrived.
RequestVerdict judge_request(std::string_view head);

// Status line, headers (Content-Type for the text format, Content-Length, Connection:
// close) and body; errors get a one-line text body.
std::string http_response(const RequestVerdict& v, std::string_view metrics_body);

} // namespace ha::metrics
