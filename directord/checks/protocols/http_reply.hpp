// An HTTP/1.x response read incrementally from untrusted bytes, for the http checks:
// status line, the few header fields the check uses (Location, Content-Length,
// Transfer-Encoding, Connection), then the body framed by Content-Length, chunked
// coding or the end of the connection (RFC 9112 section 6). Everything it holds is
// bounded: a header section over `header_cap` or a Content-Length over `body_cap` fail
// at once; a chunked or close-delimited body keeps its first `body_cap` bytes and reads
// on to its end, dropping the rest (truncated()); nothing is reserved from what the
// server announces. Pure: no sockets; bytes may come in any split, one at a time included.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "directord/checks/transport/read_cap.hpp"

namespace directord::checks {

class HttpReplyReader {
public:
    enum class Status { more, done, failed };

    // `head`: the request was HEAD (no body follows whatever the header says).
    explicit HttpReplyReader(bool head, std::size_t body_cap = kReadCap, std::size_t header_cap = kMaxHttpHeader);
    HttpReplyReader(const HttpReplyReader&) = delete;   // it points into itself
    HttpReplyReader& operator=(const HttpReplyReader&) = delete;

    // Takes the next bytes; bytes after the end of the reply are only counted (extra()).
    Status feed(std::string_view bytes);
    // The server ended the connection: done when the body runs to the close, else failed.
    Status end_of_stream();
    Status status() const { return status_; }
    const std::string& error() const { return error_; }   // why it failed

    int code() const { return code_; }
    const std::string& reason() const { return reason_; }
    const std::string& location() const { return location_; }
    // The body, or its first body_cap bytes when truncated().
    std::string& body() { return body_; }
    // The body (chunked or close-delimited) went past body_cap: the rest was read and dropped.
    bool truncated() const { return dropped_ != 0; }
    std::uint64_t dropped() const { return dropped_; }
    // Done, and the server lets the connection carry another request.
    bool keep_alive() const;
    bool got_any() const { return got_any_; }
    std::size_t extra() const { return extra_; }
    // Bytes held (line buffer and body, as allocated): never much above the caps.
    std::size_t held() const { return line_.capacity() + body_.capacity(); }

private:
    enum class State { status_line, fields, length_body, close_body, chunk_size, chunk_data, chunk_crlf, trailers, done, failed };

    Status fail(std::string why);
    // The next whole line (without CR LF): a view into `in` when it lies there whole (the
    // usual case, no copy), else into line_, which collects a line split across reads;
    // nullopt until the line is complete. At most `room` more bytes; `cap` is named when
    // that is exceeded. The view lives until `in` changes or line_ is cleared.
    std::optional<std::string_view> take_line(std::string_view& in, std::size_t room, std::size_t cap, const char* what);
    bool on_status_line(std::string_view line);
    bool on_field(std::string_view line);
    void end_of_header();
    // Keeps what fits under body_cap_, counts the rest as dropped.
    void append_body(std::string_view data);

    bool head_;
    std::size_t body_cap_, header_cap_;
    State state_ = State::status_line;
    Status status_ = Status::more;
    std::string error_;
    std::string line_;
    std::size_t section_ = 0;   // bytes of the current header or trailer section
    bool got_any_ = false;

    int code_ = 0;
    int minor_ = 1;   // HTTP/1.minor
    std::string reason_, location_, body_;
    bool has_length_ = false, chunked_ = false, has_te_ = false, conn_close_ = false, conn_keep_ = false;
    std::string* last_value_ = nullptr;   // the last field kept (for obs-fold continuations)
    std::string te_, connection_, length_text_;
    std::uint64_t remaining_ = 0;   // of a Content-Length body or the current chunk
    bool saw_cr_ = false;           // chunk_crlf: the CR has come
    std::size_t extra_ = 0;
    std::uint64_t dropped_ = 0;     // body bytes past body_cap_, read and not kept
};

} // namespace directord::checks
