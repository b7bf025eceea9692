// The bounded HTTP/1.x reply reader of the http checks (directord/checks/protocols/http_reply.hpp):
// framing, every split of the input, and the caps on what a server can make it hold.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <random>

#include "directord/checks/protocols/http_reply.hpp"

using namespace directord::checks;
using Status = HttpReplyReader::Status;

namespace {

// Feeds `text` in pieces of `step` bytes; the status after the last piece.
Status feed_by(HttpReplyReader& r, const std::string& text, std::size_t step) {
    Status st = Status::more;
    for (std::size_t i = 0; i < text.size() && st == Status::more; i += step) st = r.feed(std::string_view(text).substr(i, step));
    return st;
}

const std::string kChunked =
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    "5\r\nhello\r\n"
    "7;name=value\r\n, world\r\n"
    "0\r\nX-Trailer: t\r\n\r\n";

} // namespace

BOOST_AUTO_TEST_SUITE(http_reply)

BOOST_AUTO_TEST_CASE(content_length_reply) {
    HttpReplyReader r(false);
    Status st = r.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nLocation: /x\r\n\r\nhelloEXTRA");
    BOOST_TEST((st == Status::done));
    BOOST_TEST(r.code() == 200);
    BOOST_TEST(r.reason() == "OK");
    BOOST_TEST(r.location() == "/x");
    BOOST_TEST(r.body() == "hello");
    BOOST_TEST(r.extra() == 5u);
    BOOST_TEST(r.keep_alive());
}

BOOST_AUTO_TEST_CASE(chunked_reply_in_every_split) {
    // One byte at a time included: the split that trips Beast 1.74's assertion.
    for (std::size_t step : {1u, 2u, 3u, 5u, 7u, 64u}) {
        HttpReplyReader r(false);
        BOOST_TEST((feed_by(r, kChunked, step) == Status::done), "step " << step << ": " << r.error());
        BOOST_TEST(r.body() == "hello, world");
        BOOST_TEST(r.keep_alive());
        BOOST_TEST(r.extra() == 0u);
    }
    // Bare LF line ends are taken too.
    HttpReplyReader lf(false);
    BOOST_TEST((lf.feed("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n") == Status::done), lf.error());
    BOOST_TEST(lf.body() == "abc");
}

BOOST_AUTO_TEST_CASE(every_prefix_of_a_chunked_reply_needs_more) {
    for (std::size_t n = 0; n < kChunked.size(); ++n) {
        HttpReplyReader r(false);
        BOOST_TEST((r.feed(std::string_view(kChunked).substr(0, n)) == Status::more), "prefix " << n);
        BOOST_TEST((r.end_of_stream() == Status::failed));
    }
}

BOOST_AUTO_TEST_CASE(close_delimited_body_ends_at_end_of_stream) {
    HttpReplyReader r(false);
    BOOST_TEST((feed_by(r, "HTTP/1.0 200 OK\r\n\r\nuntil the end", 4) == Status::more));
    BOOST_TEST((r.end_of_stream() == Status::done));
    BOOST_TEST(r.body() == "until the end");
    BOOST_TEST(!r.keep_alive());
}

BOOST_AUTO_TEST_CASE(head_interim_and_bodyless_statuses) {
    HttpReplyReader head(true);
    BOOST_TEST((head.feed("HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\n") == Status::done));
    BOOST_TEST(head.body().empty());
    HttpReplyReader interim(false);
    BOOST_TEST((interim.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n") == Status::done));
    BOOST_TEST(interim.code() == 204);
    HttpReplyReader closing(false);
    BOOST_TEST((closing.feed("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n") == Status::done));
    BOOST_TEST(!closing.keep_alive());
    HttpReplyReader old(false);
    BOOST_TEST((old.feed("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n") == Status::done));
    BOOST_TEST(old.keep_alive());
}

BOOST_AUTO_TEST_CASE(huge_content_length_fails_before_any_body) {
    // The crash case: the length and one body byte in the same segment.
    HttpReplyReader r(false);
    BOOST_TEST((r.feed("HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\nx") == Status::failed));
    BOOST_TEST(r.error().find("Content-Length 1000000000000 over the 1 MB read cap") == 0u, r.error());
    BOOST_TEST(r.held() < 4096u);
    HttpReplyReader at_cap(false);
    std::string body(kReadCap, 'b');
    BOOST_TEST((at_cap.feed("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(kReadCap) + "\r\n\r\n" + body) == Status::done));
    BOOST_TEST(at_cap.body().size() == kReadCap);
}

BOOST_AUTO_TEST_CASE(content_length_over_the_cap_fails_on_the_header_alone) {
    // 2 MB announced: refused as soon as the header ends, no body byte needed.
    HttpReplyReader r(false);
    BOOST_TEST((r.feed("HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\n\r\n") == Status::failed));
    BOOST_TEST(r.error() == "Content-Length 2097152 over the 1 MB read cap (1048576 bytes)");
    BOOST_TEST(!r.truncated());
}

BOOST_AUTO_TEST_CASE(bodies_past_the_cap_keep_their_start_and_read_to_the_end) {
    // A 3 MB page, chunked (16 KB chunks, then one 1 MB chunk) or up to the close: the
    // first 1 MB is kept byte for byte, the rest read and dropped, and the reply is done.
    std::string page(3 * kReadCap, ' ');
    for (std::size_t i = 0; i < page.size(); ++i) page[i] = (char)('a' + (i * 7 + i / 1000) % 26);
    std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    std::size_t at = 0;
    for (; at < 2 * kReadCap; at += 16384) chunked += "4000\r\n" + page.substr(at, 16384) + "\r\n";
    chunked += "100000\r\n" + page.substr(at, kReadCap) + "\r\n0\r\n\r\n";
    for (bool by_close : {false, true}) {
        HttpReplyReader r(false);
        Status st = feed_by(r, by_close ? "HTTP/1.0 200 OK\r\n\r\n" + page : chunked, 65536);
        if (by_close) {
            BOOST_TEST((st == Status::more));
            st = r.end_of_stream();
        }
        BOOST_TEST((st == Status::done), r.error());
        BOOST_TEST(r.truncated());
        BOOST_TEST(r.dropped() == 2 * kReadCap);
        BOOST_TEST((r.body() == std::string_view(page).substr(0, kReadCap)));
        BOOST_TEST(r.held() <= kReadCap + 4096);   // the body within the cap, and a line
        BOOST_TEST(r.keep_alive() == !by_close);
    }
    // Every split around the cap, on a small cap: one byte at a time included.
    const std::string small = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "7\r\n0123456\r\n5\r\n789ab\r\n3\r\ncde\r\n0\r\n\r\n";
    for (std::size_t step : {1u, 2u, 3u, 6u, 64u}) {
        HttpReplyReader r(false, 10);
        BOOST_TEST((feed_by(r, small, step) == Status::done), "step " << step << ": " << r.error());
        BOOST_TEST(r.body() == "0123456789");
        BOOST_TEST(r.dropped() == 5u);
    }
    // A body of exactly the cap is not truncated.
    HttpReplyReader exact(false, 10);
    BOOST_TEST((exact.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n0\r\n\r\n") == Status::done));
    BOOST_TEST(!exact.truncated());
}

BOOST_AUTO_TEST_CASE(endless_bodies_are_read_on_with_memory_flat) {
    // 100 MB of an endless body: the reader wants more (the deadline ends it, in the
    // probe) and never holds more than the cap and one line.
    const std::string piece(64 * 1024, 'z');
    for (std::string head : {"HTTP/1.1 200 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"}) {
        bool chunked = head.find("chunked") != std::string::npos;
        HttpReplyReader r(false);
        Status st = r.feed(head);
        std::size_t fed = 0, most = 0;
        while (st == Status::more && fed < 100 * kReadCap) {
            std::string p = chunked ? "10000\r\n" + piece + "\r\n" : piece;
            st = r.feed(p);
            fed += piece.size();
            most = std::max(most, r.held());
        }
        BOOST_TEST((st == Status::more), r.error());
        BOOST_TEST(r.truncated());
        BOOST_TEST(r.body().size() == kReadCap);
        BOOST_TEST(r.dropped() == fed - kReadCap);
        BOOST_TEST(most <= kReadCap + 4096);
        BOOST_TEST((r.end_of_stream() == (chunked ? Status::failed : Status::done)));
    }
    // One chunk announcing 2^56 bytes is read on the same way.
    HttpReplyReader big(false);
    Status st = big.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffff\r\n");
    for (int i = 0; i < 64 && st == Status::more; ++i) st = big.feed(piece);
    BOOST_TEST((st == Status::more));
    BOOST_TEST(big.body().size() == kReadCap);
    BOOST_TEST(big.held() <= kReadCap + 4096);
}

BOOST_AUTO_TEST_CASE(endless_header_stops_at_its_cap) {
    HttpReplyReader r(false);
    Status st = r.feed("HTTP/1.1 200 OK\r\n");
    std::size_t fed = 0;
    const std::string pad = "X-Pad: " + std::string(1000, 'p') + "\r\n";
    while (st == Status::more && fed < 1 << 30) {
        st = r.feed(pad);
        fed += pad.size();
    }
    BOOST_TEST((st == Status::failed));
    BOOST_TEST(r.error() == "header section over 65536 bytes");
    BOOST_TEST(fed <= kMaxHttpHeader + pad.size());
    // One line without an end, and endless empty lines before the status line.
    HttpReplyReader line(false);
    st = Status::more;
    for (int i = 0; i < 1000 && st == Status::more; ++i) st = line.feed(std::string(1000, 'h'));
    BOOST_TEST((st == Status::failed));
    HttpReplyReader blank(false);
    st = Status::more;
    for (int i = 0; i < 100000 && st == Status::more; ++i) st = blank.feed("\r\n");
    BOOST_TEST((st == Status::failed));
    // Trailers are capped the same way.
    HttpReplyReader trailers(false);
    st = trailers.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n");
    for (int i = 0; i < 1000 && st == Status::more; ++i) st = trailers.feed(pad);
    BOOST_TEST(trailers.error() == "trailer section over 65536 bytes");
}

BOOST_AUTO_TEST_CASE(chunk_sizes_and_lines_are_bounded) {
    HttpReplyReader overflow(false);
    BOOST_TEST((overflow.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n") == Status::failed));
    HttpReplyReader ext(false);
    Status st = ext.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;");
    for (int i = 0; i < 100 && st == Status::more; ++i) st = ext.feed(std::string(100, 'e'));
    BOOST_TEST(ext.error() == "chunk size line over 4096 bytes");
}

BOOST_AUTO_TEST_CASE(framing_errors_fail_with_a_reason) {
    const std::pair<std::string, std::string> cases[] = {
        {"SSH-2.0-OpenSSH_9.2\r\n", "not an HTTP/1.x status line"},
        {"HTTP/2 200\r\n", "not an HTTP/1.x status line"},
        {"HTTP/1.1 2000 OK\r\n", "not an HTTP/1.x status line"},
        {"HTTP/1.1 099 Early\r\n", "not an HTTP/1.x status line"},
        {"HTTP/1.1 200 OK\r\nno colon here\r\n", "malformed header line"},
        {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "invalid Content-Length"},
        {"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length"},
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "invalid chunk size line"},
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab", "chunk data not followed by CRLF"},
    };
    for (const auto& [text, why] : cases) {
        HttpReplyReader r(false);
        BOOST_TEST((r.feed(text) == Status::failed), text);
        BOOST_TEST(r.error().find(why) == 0u, text << " -> " << r.error());
    }
    HttpReplyReader nothing(false);
    BOOST_TEST((nothing.end_of_stream() == Status::failed));
    BOOST_TEST(nothing.error() == "connection closed without a response");
    HttpReplyReader cut(false);
    cut.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    BOOST_TEST((cut.end_of_stream() == Status::failed));
    BOOST_TEST(cut.error() == "connection closed in the middle of the body");
}

BOOST_AUTO_TEST_CASE(random_input_never_holds_more_than_the_caps) {
    std::mt19937 rng(9);
    const std::string alphabet = "HTTP/1.1 200\r\n:;0123456789abcdefChunkedContent-Length";
    for (int round = 0; round < 2000; ++round) {
        HttpReplyReader r(round % 2 == 0, 4096, 1024);
        std::string in(rng() % 3000, ' ');
        for (char& c : in) c = rng() % 4 ? alphabet[rng() % alphabet.size()] : (char)rng();
        feed_by(r, in, 1 + rng() % 50);
        BOOST_TEST(r.held() <= 4 * 4096u);   // body and a chunk line, each within twice its cap
        r.end_of_stream();
    }
}

BOOST_AUTO_TEST_SUITE_END()
