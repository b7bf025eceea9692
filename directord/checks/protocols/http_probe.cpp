#include "directord/checks/protocols/http_probe.hpp"

#include <array>
#include <string_view>
#include <type_traits>
#include <vector>

#include "directord/checks/protocols/connect_probe.hpp"
#include "directord/checks/protocols/http_reply.hpp"
#include "lib/asio.hpp"
#include <boost/asio/ssl.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace directord::checks {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// ldirectord only matches when receive has a character other than a newline (/.+/).
bool needs_match(const std::string& receive) { return receive.find_first_not_of('\n') != std::string::npos; }

// What one exchange learnt about the connection besides the response.
struct ConnInfo {
    bool got_any = false;       // some response bytes arrived (a failure then is the server's, not a stale socket's)
    bool server_keeps = false;  // the response lets the connection live on
};

// The request as a gather list of views: nothing is built or kept per check.
struct Request {
    std::string_view method, target, host;
    bool keep_alive = false;

    std::array<asio::const_buffer, 6> buffers() const {
        // libwww-perl in the agent keeps log filters written for ldirectord working.
        static constexpr std::string_view version = " HTTP/1.1\r\nHost: ";
        static constexpr std::string_view keep =
            "\r\nUser-Agent: directord (libwww-perl compatible health check)\r\nConnection: keep-alive\r\n\r\n";
        static constexpr std::string_view close =
            "\r\nUser-Agent: directord (libwww-perl compatible health check)\r\nConnection: close\r\n\r\n";
        return {asio::buffer(method.data(), method.size()), asio::buffer(" ", 1), asio::buffer(target.data(), target.size()),
                asio::buffer(version.data(), version.size()), asio::buffer(host.data(), host.size()),
                keep_alive ? asio::buffer(keep.data(), keep.size()) : asio::buffer(close.data(), close.size())};
    }
};

template <class Stream>
asio::awaitable<std::optional<HttpProbe::Response>> exchange(const Deadline& dl, Stream& s, const Request& request, std::string& err,
                                                             ConnInfo* info = nullptr) {
    boost::system::error_code ec;
    const auto bufs = request.buffers();
    // A plain socket in non-blocking mode (open_nonblocking) sends the request at once: asio
    // would complete even an immediate send through a trip round the event loop. Otherwise,
    // or for what would block, the asynchronous write.
    constexpr bool plain = std::is_same_v<Stream, tcp::socket>;
    bool direct = false;
    std::size_t sent = 0;
    if constexpr (plain) {
        direct = s.non_blocking();
        if (direct) {
            sent = s.write_some(bufs, ec);
            if (ec == asio::error::would_block || ec == asio::error::try_again) ec = {}, sent = 0;
        }
    }
    if (!ec && sent < asio::buffer_size(bufs)) {
        if (sent == 0) {
            co_await asio::async_write(s, bufs, asio::redirect_error(asio::use_awaitable, ec));
        } else {   // a partial send: the rest, copied once
            std::string rest;
            for (const auto& b : bufs) rest.append(static_cast<const char*>(b.data()), b.size());
            rest.erase(0, sent);
            co_await asio::async_write(s, asio::buffer(rest), asio::redirect_error(asio::use_awaitable, ec));
        }
    }
    if (ec) {
        err = "sending the request: " + ec.message();
        co_return std::nullopt;
    }
    // Our own bounded reader, not Beast's parser: Beast 1.74 can lose its body limit
    // (then reserves whatever Content-Length says) and asserts on a chunked CRLF split
    // across reads. The read buffer lives per run, not per check, and starts small
    // (10,000 runs waiting on hung servers hold 512 bytes each) inside this coroutine's
    // frame (no allocation of its own), then doubles on the heap while reads fill it, up
    // to 16 KB.
    HttpReplyReader reader(request.method == "HEAD");
    std::array<char, 512> small;
    std::vector<char> grown;
    asio::mutable_buffer buf(small.data(), small.size());
    auto st = HttpReplyReader::Status::more;
    while (st == HttpReplyReader::Status::more) {
        std::size_t n = 0;
        bool handled = false;   // by the direct path
        if constexpr (plain) {
            if (direct && !reader.got_any()) {
                // The reply cannot be there the moment the request left: first let the
                // loop start the other checks due now (one trip through it, as a write's
                // completion took), then take the reply if it came meanwhile (the usual
                // case at load). A read that would block goes the asynchronous way below:
                // a wait for readability would cost an epoll_ctl of its own.
                co_await asio::post(s.get_executor(), asio::use_awaitable);
                n = s.read_some(buf, ec);
                handled = ec != asio::error::would_block && ec != asio::error::try_again;
                if (!handled) ec = {};
            }
        }
        if (!handled) n = co_await s.async_read_some(buf, asio::redirect_error(asio::use_awaitable, ec));
        st = reader.feed(std::string_view(static_cast<const char*>(buf.data()), n));
        if (n == buf.size() && buf.size() < 16384) {
            grown.resize(buf.size() * 2);
            buf = asio::buffer(grown);
        }
        if (st != HttpReplyReader::Status::more || !ec) continue;
        if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
            st = reader.end_of_stream();
        } else if (reader.truncated() && dl.expired()) {
            // The deadline closed the socket while the body went on past the cap (the read
            // then ends as aborted, or as a bad descriptor if it began after the close).
            err = "still sending after " + read_cap_text();
            break;
        } else {
            err = "reading the response: " + ec.message();
            if (reader.truncated()) err += " (past " + read_cap_text() + ")";
            break;
        }
    }
    if (info) {
        info->got_any = reader.got_any();
        // Bytes beyond this response would confuse the next one: such a connection ends here.
        info->server_keeps = st == HttpReplyReader::Status::done && reader.keep_alive() && reader.extra() == 0;
    }
    if (st == HttpReplyReader::Status::more) co_return std::nullopt;
    if (st == HttpReplyReader::Status::failed) {
        err = reader.error();
        co_return std::nullopt;
    }
    HttpProbe::Response r;
    r.status = reader.code();
    const char code[3] = {char('0' + r.status / 100), char('0' + r.status / 10 % 10), char('0' + r.status % 10)};
    r.status_line.reserve(4 + reader.reason().size());
    r.status_line.append(code, 3).append(1, ' ').append(reader.reason());
    r.location = reader.location();
    r.body = std::move(reader.body());
    r.truncated = reader.truncated();
    co_return r;
}

bool is_ip(const std::string& host) { return ha::Address::parse(host).has_value(); }

// Opens `sock` for `ep` in non-blocking mode before the connect (the one ioctl asio would
// make for the connect anyway), so exchange() can try its sends and reads at once.
bool open_nonblocking(tcp::socket& sock, const tcp::endpoint& ep, boost::system::error_code& ec) {
    sock.open(ep.protocol(), ec);
    if (!ec) sock.non_blocking(true, ec);
    return !ec;
}

} // namespace

std::shared_ptr<asio::ssl::context> HttpCommon::context(std::string& err) const {
    if (!context_ && contexts_) context_ = contexts_->get(tls, err);
    return context_;
}

std::shared_ptr<const HttpCommon> HttpCommon::from(const HttpOptions& o, std::shared_ptr<TlsContexts> contexts) {
    auto c = from(o, std::shared_ptr<asio::ssl::context>());
    std::const_pointer_cast<HttpCommon>(c)->contexts_ = std::move(contexts);
    return c;
}

std::shared_ptr<const HttpCommon> HttpCommon::from(const HttpOptions& o, std::shared_ptr<asio::ssl::context> tls) {
    auto c = std::make_shared<HttpCommon>();
    static_cast<HttpShared&>(*c) = o;
    c->context_ = std::move(tls);
    if (needs_match(o.receive)) c->receive = ReceivePattern(o.receive);
    return c;
}

std::string HttpCommon::key(const HttpOptions& o) {
    return o.service + '|' + o.method + '|' + (o.keepalive ? "k" : "-") + '|' + o.tls.key() + '|' +
           (o.sni ? "s" + *o.sni : "-") + '|' + redirect_policy_name(o.redirects) + '|' + o.receive;
}

HttpProbe::HttpProbe(asio::any_io_executor ex, const HttpOptions& o, std::shared_ptr<asio::ssl::context> tls)
    : HttpProbe(ex, o, HttpCommon::from(o, std::move(tls))) {}

HttpProbe::HttpProbe(asio::any_io_executor ex, const HttpOptions& o, std::shared_ptr<const HttpCommon> common)
    : ex_(ex), common_(std::move(common)), url_(parse_url(o.url)), host_(o.host), addr_(o.addr), port_(o.port) {
    if (!url_) bad_url_ = o.url;
    if (url_) {   // every run's first hop, kept connection or not: no address parsing per check
        if (common_->service == "http_proxy") first_ep_ = tcp_endpoint(addr_, port_);
        else if (auto a = ha::Address::parse(url_->host)) first_ep_ = tcp_endpoint(*a, url_->port);
    }
}

// Coroutine frames keep every local of every path: the name lookup and the TLS handshake
// live in their own coroutines so a plain-http run carries neither (~1 KB less per run in
// flight, times 10,000 hung servers).
asio::awaitable<std::optional<tcp::endpoint>> HttpProbe::resolve(Deadline& dl, const Url& url, std::string& err) {
    boost::system::error_code ec;
    tcp::resolver resolver(ex_);
    auto guard = dl.on_expire([&] { resolver.cancel(); });
    const std::string port = std::to_string(url.port);
    auto found = co_await resolver.async_resolve(url.host, port, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || found.empty()) {
        err = "cannot resolve " + url.host + ": " + ec.message();
        co_return std::nullopt;
    }
    co_return found.begin()->endpoint();
}

asio::awaitable<std::optional<HttpProbe::Response>> HttpProbe::fetch(Deadline& dl, const Url& url, const std::string& host_header,
                                                                     const std::string& target, bool first, std::string& err) {
    boost::system::error_code ec;
    // http_proxy: the real server is the proxy; otherwise the URL's host. The first hop's
    // end is known from the start unless the URL names a host (first_ep_: the proxy, or
    // the URL's address).
    std::optional<tcp::endpoint> ep;
    bool proxy = first && common_->service == "http_proxy";
    if (first && first_ep_) ep = first_ep_;
    else if (auto a = ha::Address::parse(url.host)) ep = tcp_endpoint(*a, url.port);
    else ep = co_await resolve(dl, url, err);
    if (!ep) co_return std::nullopt;

    tcp::socket sock(ex_);
    auto guard = dl.on_expire([&] {
        boost::system::error_code ignored;
        sock.close(ignored);
    });
    if (open_nonblocking(sock, *ep, ec)) co_await sock.async_connect(*ep, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        err = "connect " + ep->address().to_string() + ":" + std::to_string(ep->port()) + ": " + ec.message();
        co_return std::nullopt;
    }
    if (url.scheme == "https" && !proxy) co_return co_await fetch_tls(dl, sock, url, host_header, target, first, err);
    // Close with a reset once done (as HAProxy's checks do): no FIN exchange and no
    // TIME_WAIT left on the real server for every check; the verdict is already read.
    sock.set_option(tcp::socket::linger(true, 0), ec);
    const Request req{common_->method, target, host_header, false};
    co_return co_await exchange(dl, sock, req, err);
}

asio::awaitable<std::optional<HttpProbe::Response>> HttpProbe::fetch_tls(const Deadline& dl, tcp::socket& sock, const Url& url,
                                                                         const std::string& host_header,
                                                                         const std::string& target, bool first, std::string& err) {
    boost::system::error_code ec;
    std::string tls_err;
    auto ctx = common_->context(tls_err);
    if (!ctx) {
        err = tls_err.empty() ? "https is not available" : "https: " + tls_err;
        co_return std::nullopt;
    }
    asio::ssl::stream<tcp::socket&> tls(sock, *ctx);
    SSL* ssl = tls.native_handle();
    // SNI: virtualhost on the first request, the URL's host after a redirect; never an IP.
    std::string name = first ? common_->sni.value_or("") : (is_ip(url.host) ? "" : url.host);
    if (!name.empty()) SSL_set_tlsext_host_name(ssl, name.c_str());
    if (common_->tls.verify == TlsPolicy::Verify::hostname) {
        std::string expect = !name.empty() ? name : url.host;
        if (is_ip(expect)) X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), expect.c_str());
        else SSL_set1_host(ssl, expect.c_str());
    }
    co_await tls.async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        err = "TLS handshake: " + ec.message();
        long v = SSL_get_verify_result(ssl);
        if (v != X509_V_OK) err += " (" + std::string(X509_verify_cert_error_string(v)) + ")";
        co_return std::nullopt;
    }
    const Request req{common_->method, target, host_header, false};
    co_return co_await exchange(dl, tls, req, err);
}

HttpProbe::~HttpProbe() = default;

// httpkeepalive=yes: the first request goes over a connection kept from the last run
// (Envoy's reuse_connection). A kept connection the server has meanwhile closed fails
// before any response byte: that is retried once on a fresh connection, within the
// same deadline. Any other failure closes it, so the next run starts fresh.
asio::awaitable<std::optional<HttpProbe::Response>> HttpProbe::fetch_kept(Deadline& dl, const Url& url, const std::string& host_header,
                                                                          const std::string& target, std::string& err) {
    boost::system::error_code ec;
    if (!first_ep_) {
        // A name: the plain path resolves it on every run.
        co_return co_await fetch(dl, url, host_header, target, true, err);
    }
    const tcp::endpoint ep = *first_ep_;
    const Request req{common_->method, target, host_header, true};
    for (int attempt = 0; attempt < 2; ++attempt) {
        bool reused = kept_ && kept_->is_open();
        if (!reused) kept_ = std::make_unique<tcp::socket>(ex_);
        tcp::socket& sock = *kept_;
        auto guard = dl.on_expire([&sock] {
            boost::system::error_code ignored;
            sock.close(ignored);
        });
        if (!reused) {
            if (open_nonblocking(sock, ep, ec)) co_await sock.async_connect(ep, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                err = "connect " + ep.address().to_string() + ":" + std::to_string(ep.port()) + ": " + ec.message();
                sock.close(ec);
                co_return std::nullopt;
            }
            sock.set_option(tcp::no_delay(true), ec);
        }
        ConnInfo info;
        auto res = co_await exchange(dl, sock, req, err, &info);
        if (!res || !info.server_keeps) sock.close(ec);
        if (res || !reused || info.got_any || dl.expired()) co_return res;
        err.clear();   // the kept connection had gone stale: once more on a fresh one
    }
    co_return std::nullopt;
}

asio::awaitable<CheckResult> HttpProbe::run(Deadline& dl) {
    const HttpCommon& c = *common_;
    if (!c.receive.error().empty()) co_return CheckResult{false, c.receive.error()};
    if (!url_) co_return CheckResult{false, "invalid URL " + bad_url_};
    bool proxy = c.service == "http_proxy";
    // The first request uses the probe's own URL, Host and target where they are; only a
    // proxy's (the whole URL, the URL's Host) or a redirect's are made per run.
    const Url* url = &*url_;
    std::optional<Url> redirected;
    std::string host_made, target_made;
    const std::string* host = &host_;
    const std::string* target = &url_->target;
    if (proxy) {
        host_made = url->authority();
        target_made = url->str();
        host = &host_made;
        target = &target_made;
    }
    std::optional<Response> res;
    for (int hop = 0;; ++hop) {
        std::string err;
        if (hop == 0 && c.keepalive && url->scheme == "http") res = co_await fetch_kept(dl, *url, *host, *target, err);
        else res = co_await fetch(dl, *url, *host, *target, hop == 0, err);
        if (!res) co_return CheckResult{false, std::move(err)};
        bool redirect = res->status == 301 || res->status == 302 || res->status == 303 || res->status == 307 ||
                        res->status == 308;
        if (!redirect || res->location.empty() || hop >= kMaxRedirects) break;
        auto next = resolve_location(*url, res->location);
        if (!next) break;   // an unusable Location: judged as the 3xx it is
        if (auto why = redirect_refusal(c.redirects, *url_, *next)) co_return CheckResult{false, res->status_line + ": " + *why};
        redirected = std::move(next);
        url = &*redirected;
        // The redirected request carries the new URL's own host (and port), as LWP sends it.
        host_made = url->authority();
        target_made = url->target;
        host = &host_made;
        target = &target_made;
    }
    if (res->status < 200 || res->status > 299) co_return CheckResult{false, std::move(res->status_line)};
    auto matched = c.receive.match(res->body);
    if (matched.status == ReceiveMatch::error) co_return CheckResult{false, res->status_line + ": " + matched.reason};
    if (!matched.ok() && res->truncated)
        co_return CheckResult{false, res->status_line + ", but the body does not match receive (the body was truncated to " +
                                         read_cap_text() + " for matching)"};
    if (!matched.ok())
        co_return CheckResult{false, res->status_line + ", but the body does not match receive"};
    co_return CheckResult{true, std::move(res->status_line)};
}

} // namespace directord::checks
