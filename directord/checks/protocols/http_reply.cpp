#include "directord/checks/protocols/http_reply.hpp"

#include <algorithm>
#include <cctype>

namespace directord::checks {

namespace {

constexpr std::size_t kMaxChunkLine = 4096;   // a chunk size with its extensions

// ASCII case-insensitive equality with a lower-case literal: field names and tokens are
// compared in place (no lower-cased copy, no locale call: this runs for every header line
// of every check).
bool iequals(std::string_view s, std::string_view lower_literal) {
    if (s.size() != lower_literal.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != lower_literal[i]) return false;
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The comma-separated tokens of a field value, empty ones dropped (compare with iequals).
template <class F>
void each_token(std::string_view v, F f) {
    while (!v.empty()) {
        auto comma = v.find(',');
        auto t = trim(v.substr(0, comma));
        if (!t.empty()) f(t);
        if (comma == std::string_view::npos) break;
        v.remove_prefix(comma + 1);
    }
}

std::string shown(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 60)) out += std::isprint((unsigned char)c) ? c : '?';
    return out;
}

} // namespace

HttpReplyReader::HttpReplyReader(bool head, std::size_t body_cap, std::size_t header_cap)
    : head_(head), body_cap_(body_cap), header_cap_(header_cap) {}

HttpReplyReader::Status HttpReplyReader::fail(std::string why) {
    error_ = std::move(why);
    state_ = State::failed;
    status_ = Status::failed;
    // What was kept is of no use any more.
    std::string().swap(line_);
    std::string().swap(body_);
    return status_;
}

std::optional<std::string_view> HttpReplyReader::take_line(std::string_view& in, std::size_t room, std::size_t cap,
                                                          const char* what) {
    auto nl = in.find('\n');
    std::size_t n = nl == std::string_view::npos ? in.size() : nl + 1;
    if (n > room) {
        fail(std::string(what) + " over " + std::to_string(cap) + " bytes");
        return std::nullopt;
    }
    std::string_view line;
    if (nl == std::string_view::npos) {
        line_.append(in.data(), n);   // the rest of this line comes with a later read
        in.remove_prefix(n);
        return std::nullopt;
    }
    if (line_.empty()) {
        line = in.substr(0, nl);   // whole in this read: used where it lies, not copied
    } else {
        line_.append(in.data(), nl);
        line = line_;
    }
    in.remove_prefix(n);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

bool HttpReplyReader::on_status_line(std::string_view l) {
    // "HTTP/1.x SSS reason", SSS from 100 (RFC 9110 15); empty lines before it are tolerated
    // (RFC 9112 2.2).
    if (l.empty()) return true;
    if (l.size() < 12 || l.compare(0, 7, "HTTP/1.") != 0 || !std::isdigit((unsigned char)l[7]) || l[8] != ' ' ||
        l[9] < '1' || l[9] > '9' || !std::isdigit((unsigned char)l[10]) || !std::isdigit((unsigned char)l[11]) ||
        (l.size() > 12 && l[12] != ' ')) {
        fail("not an HTTP/1.x status line: \"" + shown(l) + "\"");
        return false;
    }
    minor_ = l[7] - '0';
    code_ = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
    reason_ = l.size() > 13 ? l.substr(13) : std::string_view();
    state_ = State::fields;
    return true;
}

bool HttpReplyReader::on_field(std::string_view l) {
    if (l.front() == ' ' || l.front() == '\t') {
        // obs-fold (RFC 9112 5.2): the line continues the previous field's value.
        if (last_value_) *last_value_ += " " + std::string(trim(l));
        return true;
    }
    auto colon = l.find(':');
    // No white space in a field name (one pass: find_first_of(" \t") would call memchr per character).
    auto blank = [](std::string_view n) {
        for (char c : n)
            if (c == ' ' || c == '\t') return true;
        return false;
    };
    if (colon == std::string_view::npos || colon == 0 || blank(l.substr(0, colon))) {
        fail("malformed header line: \"" + shown(l) + "\"");
        return false;
    }
    std::string_view name = l.substr(0, colon);
    std::string_view value = trim(l.substr(colon + 1));
    auto add = [&](std::string& to) {
        if (!to.empty()) to += ", ";
        to += value;
        last_value_ = &to;
    };
    last_value_ = nullptr;
    if (iequals(name, "content-length")) {
        add(length_text_);
        has_length_ = true;
    } else if (iequals(name, "transfer-encoding")) {
        add(te_);
        has_te_ = true;
    } else if (iequals(name, "connection")) {
        add(connection_);
    } else if (iequals(name, "location")) {
        if (location_.empty()) location_ = value;
    }
    return true;
}

void HttpReplyReader::end_of_header() {
    each_token(connection_, [&](std::string_view t) {
        if (iequals(t, "close")) conn_close_ = true;
        if (iequals(t, "keep-alive")) conn_keep_ = true;
    });
    // An interim response (100 Continue, 103 Early Hints): the real one follows.
    if (code_ >= 100 && code_ < 200 && code_ != 101) {
        code_ = 0;
        reason_.clear();
        location_.clear();
        te_.clear();
        connection_.clear();
        length_text_.clear();
        has_length_ = has_te_ = conn_close_ = conn_keep_ = false;
        last_value_ = nullptr;
        state_ = State::status_line;
        return;
    }
    if (head_ || (code_ >= 100 && code_ < 200) || code_ == 204 || code_ == 304) {
        state_ = State::done;
        return;
    }
    if (has_te_) {
        // Transfer-Encoding wins over Content-Length; chunked must be the last coding.
        std::string_view last;
        each_token(te_, [&](std::string_view t) { last = t; });
        chunked_ = iequals(last, "chunked");
        state_ = chunked_ ? State::chunk_size : State::close_body;
        return;
    }
    if (has_length_) {
        // Repeated values must agree ("5, 5"); anything else is a framing error.
        std::uint64_t n = 0;
        bool first = true, bad = false;
        each_token(length_text_, [&](std::string_view t) {
            std::uint64_t v = 0;
            if (t.size() > 18 || t.find_first_not_of("0123456789") != std::string_view::npos) bad = true;
            else
                for (char c : t) v = v * 10 + static_cast<std::uint64_t>(c - '0');   // at most 18 digits: no overflow
            if (!first && v != n) bad = true;
            n = v;
            first = false;
        });
        if (bad || first) {
            fail("invalid Content-Length \"" + shown(length_text_) + "\"");
            return;
        }
        if (n > body_cap_) {
            fail("Content-Length " + std::to_string(n) + " over " + read_cap_text() + " (" + std::to_string(body_cap_) +
                 " bytes)");
            return;
        }
        remaining_ = n;
        state_ = n ? State::length_body : State::done;
        return;
    }
    state_ = State::close_body;
}

void HttpReplyReader::append_body(std::string_view data) {
    std::size_t keep = std::min(data.size(), body_cap_ - body_.size());
    if (keep > body_.capacity() - body_.size()) {
        // Grows as a string does (doubling), but never past the cap, so held() stays within
        // it. reserve() on body_ itself would round up to twice the old capacity: a fresh
        // string is allocated at exactly the size asked, as a reallocation would.
        std::string grown;
        grown.reserve(std::min(body_cap_, std::max(body_.size() + keep, 2 * body_.capacity())));
        grown.append(body_);
        body_.swap(grown);
    }
    body_.append(data.data(), keep);
    dropped_ += data.size() - keep;
}

HttpReplyReader::Status HttpReplyReader::feed(std::string_view in) {
    if (!in.empty()) got_any_ = true;
    while (!in.empty()) {
        switch (state_) {
        case State::failed: return status_;
        case State::done:
            extra_ += in.size();
            in = {};
            break;
        case State::status_line:
        case State::fields:
        case State::trailers: {
            std::size_t before = in.size();
            auto line = take_line(in, header_cap_ - section_, header_cap_,
                                  state_ == State::trailers ? "trailer section" : "header section");
            if (state_ == State::failed) return status_;
            section_ += before - in.size();
            if (!line) break;
            if (state_ == State::status_line) {
                if (!on_status_line(*line)) return status_;
            } else if (line->empty()) {
                section_ = 0;
                if (state_ == State::trailers) state_ = State::done;
                else end_of_header();
                if (state_ == State::failed) return status_;
            } else if (state_ == State::fields) {
                if (!on_field(*line)) return status_;
            }   // trailer fields are not needed
            line_.clear();
            break;
        }
        case State::length_body:
        case State::chunk_data: {
            std::size_t n = (std::size_t)std::min<std::uint64_t>(remaining_, in.size());
            append_body(in.substr(0, n));   // a Content-Length body is within the cap (end_of_header)
            in.remove_prefix(n);
            remaining_ -= n;
            if (remaining_ == 0) {
                state_ = state_ == State::length_body ? State::done : State::chunk_crlf;
                saw_cr_ = false;
            }
            break;
        }
        case State::close_body: {
            append_body(in);
            in = {};
            break;
        }
        case State::chunk_crlf: {
            char c = in.front();
            in.remove_prefix(1);
            if (c == '\r' && !saw_cr_) {
                saw_cr_ = true;
            } else if (c == '\n') {
                state_ = State::chunk_size;
            } else {
                return fail("chunk data not followed by CRLF");
            }
            break;
        }
        case State::chunk_size: {
            auto line = take_line(in, kMaxChunkLine - line_.size(), kMaxChunkLine, "chunk size line");
            if (!line) {
                if (state_ == State::failed) return status_;
                break;
            }
            std::string_view l = *line;
            auto end = l.find_first_not_of("0123456789abcdefABCDEF");
            std::string_view digits = l.substr(0, end);
            std::string_view rest = end == std::string_view::npos ? std::string_view() : trim(l.substr(end));
            if (digits.empty() || digits.size() > 15 || (!rest.empty() && rest.front() != ';'))
                return fail("invalid chunk size line \"" + shown(l) + "\"");
            std::uint64_t size = std::stoull(std::string(digits), nullptr, 16);
            line_.clear();
            if (size == 0) {
                state_ = State::trailers;
                section_ = 0;
                break;
            }
            // No limit on the size: what goes past the cap is dropped as it comes.
            remaining_ = size;
            state_ = State::chunk_data;
            break;
        }
        }
    }
    if (state_ == State::done) status_ = Status::done;
    return status_;
}

HttpReplyReader::Status HttpReplyReader::end_of_stream() {
    if (state_ == State::close_body) state_ = State::done;
    if (state_ == State::done) {
        status_ = Status::done;
        return status_;
    }
    if (state_ == State::failed) return status_;
    if (!got_any_) return fail("connection closed without a response");
    if (state_ == State::status_line || state_ == State::fields) return fail("connection closed in the middle of the header");
    return fail("connection closed in the middle of the body");
}

bool HttpReplyReader::keep_alive() const {
    if (status_ != Status::done || (has_te_ && !chunked_) || (!head_ && !has_te_ && !has_length_ && code_ != 204 && code_ != 304))
        return false;
    if (conn_close_) return false;
    return minor_ >= 1 || conn_keep_;
}

} // namespace directord::checks
