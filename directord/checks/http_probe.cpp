#include "directord/checks/http_probe.hpp"

#include "directord/checks/connect_probe.hpp"
#include "lib/asio.hpp"
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace directord::checks {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

namespace {

// ldirectord only matches when receive has a character other than a newline (/.+/).
bool needs_match(const std::string& receive) { return receive.find_first_not_of('\n') != std::string::npos; }

// What one exchange learnt about the connection besides the response.
struct ConnInfo {
    bool got_any = false;       // some response bytes arrived (a failure then is the server's, not a stale socket's)
    bool server_keeps = false;  // the response lets the connection live on
};

// The request, serialized once per probe (it does not change between runs).
std::string request_text(const std::string& method, const std::string& target, const std::string& host, bool keep_alive) {
    // libwww-perl in the agent keeps log filters written for ldirectord working.
    return method + " " + target + " HTTP/1.1\r\nHost: " + host +
           "\r\nUser-Agent: directord (libwww-perl compatible health check)\r\nConnection: " +
           (keep_alive ? "keep-alive" : "close") + "\r\n\r\n";
}

template <class Stream>
asio::awaitable<std::optional<HttpProbe::Response>> exchange(Stream& s, const std::string& method, const std::string& request,
                                                             boost::beast::flat_buffer& buf, std::string& err,
                                                             ConnInfo* info = nullptr) {
    boost::system::error_code ec;
    co_await asio::async_write(s, asio::buffer(request), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        err = "sending the request: " + ec.message();
        co_return std::nullopt;
    }
    buf.clear();
    http::response_parser<http::string_body> p;
    p.body_limit(HttpProbe::kBodyLimit);
    if (method == "HEAD") p.skip(true);
    co_await http::async_read(s, buf, p, asio::redirect_error(asio::use_awaitable, ec));
    if (info) {
        info->got_any = p.got_some();
        // Bytes beyond this response would confuse the next one: such a connection ends here.
        info->server_keeps = !ec && p.is_done() && p.get().keep_alive() && buf.size() == 0;
    }
    if (ec == http::error::end_of_stream) {
        err = "connection closed without a response";
        co_return std::nullopt;
    }
    if (ec) {
        err = "reading the response: " + ec.message();
        co_return std::nullopt;
    }
    auto& msg = p.get();
    HttpProbe::Response r;
    r.status = (int)msg.result_int();
    r.status_line = std::to_string(r.status) + " " + std::string(msg.reason());
    if (auto it = msg.find(http::field::location); it != msg.end()) r.location = std::string(it->value());
    r.body = std::move(msg.body());
    co_return r;
}

bool is_ip(const std::string& host) { return ha::Address::parse(host).has_value(); }

// A receive string with no ECMAScript special character matches exactly where find() does.
bool is_literal(const std::string& re) { return re.find_first_of("\\^$.|?*+()[]{}") == std::string::npos; }

} // namespace

HttpProbe::HttpProbe(asio::any_io_executor ex, const CheckSpec& spec, std::shared_ptr<asio::ssl::context> tls)
    : ex_(ex), spec_(spec), tls_(std::move(tls)) {
    url_ = parse_url(spec_.url);
    if (spec_.keepalive && url_) {
        if (spec_.service == "http_proxy") kept_ep_ = tcp_endpoint(spec_.addr, spec_.port);
        else if (auto a = ha::Address::parse(url_->host)) kept_ep_ = tcp_endpoint(*a, url_->port);
    }
    if (needs_match(spec_.receive) && is_literal(spec_.receive)) {
        receive_literal_ = spec_.receive;
    } else if (needs_match(spec_.receive)) {
        try {
            receive_.emplace(spec_.receive, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            regex_error_ = std::string("invalid receive regex: ") + e.what();
        }
    }
}

asio::awaitable<std::optional<HttpProbe::Response>> HttpProbe::fetch(Deadline& dl, const Url& url, const std::string& host_header,
                                                                     const std::string& target, bool first, std::string& err) {
    boost::system::error_code ec;
    tcp::resolver resolver(ex_);
    tcp::socket sock(ex_);
    std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls;
    auto guard = dl.on_expire([&] {
        boost::system::error_code ignored;
        resolver.cancel();
        sock.close(ignored);
    });

    // http_proxy: the real server is the proxy; otherwise the URL's host.
    tcp::endpoint ep;
    bool proxy = first && spec_.service == "http_proxy";
    if (proxy) {
        ep = tcp_endpoint(spec_.addr, spec_.port);
    } else if (auto a = ha::Address::parse(url.host)) {
        ep = tcp_endpoint(*a, url.port);
    } else {
        auto found = co_await resolver.async_resolve(url.host, std::to_string(url.port), asio::redirect_error(asio::use_awaitable, ec));
        if (ec || found.empty()) {
            err = "cannot resolve " + url.host + ": " + ec.message();
            co_return std::nullopt;
        }
        ep = found.begin()->endpoint();
    }
    co_await sock.async_connect(ep, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        err = "connect " + ep.address().to_string() + ":" + std::to_string(ep.port()) + ": " + ec.message();
        co_return std::nullopt;
    }
    if (url.scheme != "https" || proxy) {
        // Close with a reset once done (as HAProxy's checks do): no FIN exchange and no
        // TIME_WAIT left on the real server for every check; the verdict is already read.
        sock.set_option(tcp::socket::linger(true, 0), ec);
        boost::beast::flat_buffer buf;
        auto req = request_text(spec_.method, target, host_header, false);
        co_return co_await exchange(sock, spec_.method, req, buf, err);
    }

    if (!tls_) {
        err = "https is not available";
        co_return std::nullopt;
    }
    tls = std::make_unique<asio::ssl::stream<tcp::socket&>>(sock, *tls_);
    SSL* ssl = tls->native_handle();
    // SNI: virtualhost on the first request, the URL's host after a redirect; never an IP.
    std::string name = first ? spec_.sni.value_or("") : (is_ip(url.host) ? "" : url.host);
    if (!name.empty()) SSL_set_tlsext_host_name(ssl, name.c_str());
    if (spec_.tls.verify == TlsPolicy::Verify::hostname) {
        std::string expect = !name.empty() ? name : url.host;
        if (is_ip(expect)) X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), expect.c_str());
        else SSL_set1_host(ssl, expect.c_str());
    }
    co_await tls->async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        err = "TLS handshake: " + ec.message();
        long v = SSL_get_verify_result(ssl);
        if (v != X509_V_OK) err += " (" + std::string(X509_verify_cert_error_string(v)) + ")";
        co_return std::nullopt;
    }
    boost::beast::flat_buffer buf;
    auto req = request_text(spec_.method, target, host_header, false);
    co_return co_await exchange(*tls, spec_.method, req, buf, err);
}

HttpProbe::~HttpProbe() = default;

// httpkeepalive=yes: the first request goes over a connection kept from the last run
// (Envoy's reuse_connection). A kept connection the server has meanwhile closed fails
// before any response byte: that is retried once on a fresh connection, within the
// same deadline. Any other failure closes it, so the next run starts fresh.
asio::awaitable<std::optional<HttpProbe::Response>> HttpProbe::fetch_kept(Deadline& dl, const Url& url, const std::string& host_header,
                                                                          const std::string& target, std::string& err) {
    boost::system::error_code ec;
    if (!kept_ep_) {
        // A name: the plain path resolves it on every run.
        co_return co_await fetch(dl, url, host_header, target, true, err);
    }
    const tcp::endpoint ep = *kept_ep_;
    if (kept_request_.empty()) kept_request_ = request_text(spec_.method, target, host_header, true);
    for (int attempt = 0; attempt < 2; ++attempt) {
        bool reused = kept_ && kept_->is_open();
        if (!reused) kept_ = std::make_unique<tcp::socket>(ex_);
        tcp::socket& sock = *kept_;
        auto guard = dl.on_expire([&sock] {
            boost::system::error_code ignored;
            sock.close(ignored);
        });
        if (!reused) {
            co_await sock.async_connect(ep, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                err = "connect " + ep.address().to_string() + ":" + std::to_string(ep.port()) + ": " + ec.message();
                sock.close(ec);
                co_return std::nullopt;
            }
            sock.set_option(tcp::no_delay(true), ec);
        }
        ConnInfo info;
        auto res = co_await exchange(sock, spec_.method, kept_request_, kept_buf_, err, &info);
        if (!res || !info.server_keeps) sock.close(ec);
        if (res || !reused || info.got_any || dl.expired()) co_return res;
        err.clear();   // the kept connection had gone stale: once more on a fresh one
    }
    co_return std::nullopt;
}

asio::awaitable<CheckResult> HttpProbe::run(Deadline& dl) {
    if (!regex_error_.empty()) co_return CheckResult{false, regex_error_};
    auto url = url_;
    if (!url) co_return CheckResult{false, "invalid URL " + spec_.url};
    bool proxy = spec_.service == "http_proxy";
    // Through a proxy the request names the whole URL and the Host is the URL's.
    std::string host = proxy ? url->authority() : spec_.host;
    std::string target = proxy ? url->str() : url->target;
    std::optional<Response> res;
    for (int hop = 0;; ++hop) {
        std::string err;
        if (hop == 0 && spec_.keepalive && url->scheme == "http") res = co_await fetch_kept(dl, *url, host, target, err);
        else res = co_await fetch(dl, *url, host, target, hop == 0, err);
        if (!res) co_return CheckResult{false, err};
        bool redirect = res->status == 301 || res->status == 302 || res->status == 303 || res->status == 307 ||
                        res->status == 308;
        if (!redirect || res->location.empty() || hop >= kMaxRedirects) break;
        auto next = resolve_location(*url, res->location);
        if (!next) break;   // an unusable Location: judged as the 3xx it is
        url = next;
        // The redirected request carries the new URL's own host (and port), as LWP sends it.
        host = url->authority();
        target = url->target;
    }
    if (res->status < 200 || res->status > 299) co_return CheckResult{false, res->status_line};
    bool matched = receive_literal_ ? res->body.find(*receive_literal_) != std::string::npos
                                    : !receive_ || std::regex_search(res->body, *receive_);
    if (!matched)
        co_return CheckResult{false, res->status_line + ", but the body does not match receive"};
    co_return CheckResult{true, res->status_line};
}

} // namespace directord::checks
