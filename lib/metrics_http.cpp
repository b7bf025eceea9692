#include "lib/metrics_http.hpp"

namespace ha::metrics {

using K = RequestVerdict::Kind;

RequestVerdict judge_request(std::string_view head) {
    RequestVerdict v;
    auto end = head.find("\r\n\r\n");
    auto end_lf = head.find("\n\n");
    if (end == std::string_view::npos && end_lf == std::string_view::npos) {
        v.kind = head.size() >= kMaxRequestHead ? K::too_large : K::incomplete;
        return v;
    }
    auto eol = head.find_first_of("\r\n");
    std::string_view line = head.substr(0, eol);
    auto sp1 = line.find(' ');
    auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) {
        v.kind = K::bad_request;
        return v;
    }
    auto method = line.substr(0, sp1);
    auto target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    auto version = line.substr(sp2 + 1);
    if (version.substr(0, 5) != "HTTP/" || target.empty() || line.find(' ', sp2 + 1) != std::string_view::npos) {
        v.kind = K::bad_request;
        return v;
    }
    if (auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);
    if (target != "/metrics") {
        v.kind = K::not_found;
        return v;
    }
    if (method != "GET" && method != "HEAD") {
        v.kind = K::method_not_allowed;
        return v;
    }
    v.kind = K::metrics;
    v.head_only = method == "HEAD";
    return v;
}

std::string http_response(const RequestVerdict& v, std::string_view body) {
    std::string status, type = "text/plain; charset=utf-8", text;
    switch (v.kind) {
    case K::metrics:
        status = "200 OK";
        type = "text/plain; version=0.0.4; charset=utf-8";
        text = std::string(body);
        break;
    case K::not_found: status = "404 Not Found"; text = "only /metrics is served here\n"; break;
    case K::method_not_allowed: status = "405 Method Not Allowed"; text = "GET /metrics only\n"; break;
    case K::too_large: status = "431 Request Header Fields Too Large"; text = "request head over 4096 bytes\n"; break;
    case K::bad_request:
    case K::incomplete: status = "400 Bad Request"; text = "not an HTTP request\n"; break;
    }
    std::string out = "HTTP/1.0 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " +
                      std::to_string(text.size()) + "\r\nConnection: close\r\n";
    if (v.kind == K::method_not_allowed) out += "Allow: GET, HEAD\r\n";
    out += "\r\n";
    if (!v.head_only) out += text;
    return out;
}

} // namespace ha::metrics
