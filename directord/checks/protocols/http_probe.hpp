// negotiate for service=http, https and http_proxy, as ldirectord's LWP check: one
// request (GET or HEAD), redirects followed (at most 7, GET/HEAD only), up when the
// final status is 2xx and the body matches `receive` (see receive_pattern.hpp). The
// whole exchange, redirects included, runs under negotiatetimeout. Every reply, a
// redirect's included, is read within the read cap (read_cap.hpp, http_reply.hpp).
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "directord/checks/check_target.hpp"
#include "directord/checks/probe.hpp"
#include "directord/checks/protocols/receive_pattern.hpp"
#include "directord/checks/transport/redirect_policy.hpp"
#include "directord/checks/transport/tls_contexts.hpp"
#include "directord/checks/transport/url.hpp"
#include "lib/asio.hpp"

namespace boost::asio::ssl {
class context;
}

namespace directord::checks {

// What the http checks of one virtual have in common, as configured: one copy of it lives
// in HttpCommon below, shared by every check with the same values.
struct HttpShared {
    std::string service;            // http, https, http_proxy
    std::string method;             // GET or HEAD
    bool keepalive = false;         // httpkeepalive=yes
    RedirectPolicy redirects = RedirectPolicy::same_host;   // httpredirects=
    TlsPolicy tls;
    std::optional<std::string> sni; // virtualhost when it is a name
};

// What an http check reads: its own URL and Host, the shared fields, and the receive regex.
struct HttpOptions : CheckTarget, HttpShared {
    std::string url;                // as ldirectord builds it: scheme://RIP:PORT/request
    std::string host;               // Host header: virtualhost or the RIP
    std::string receive;            // regex; empty: any 2xx
    HttpOptions(const CheckSpec& s)
        : CheckTarget(s), HttpShared{s.service, s.method, s.keepalive, s.redirects, s.tls, s.sni}, url(s.url),
          host(s.host), receive(s.receive) {}
};

// What the http checks of one virtual share: the factory builds it once per distinct
// (service, method, receive, TLS, virtualhost, keep-alive), so a check itself holds only
// its own URL and Host (~0.3 KB instead of a whole spec's ~0.5 KB, times 10,000 reals).
struct HttpCommon : HttpShared {
    ReceivePattern receive{""};     // compiled once; empty: any body

    // The TLS context: a given one, or the policy's from `contexts`, made on first use.
    std::shared_ptr<boost::asio::ssl::context> context(std::string& err) const;

    static std::shared_ptr<const HttpCommon> from(const HttpOptions& o, std::shared_ptr<boost::asio::ssl::context> tls);
    static std::shared_ptr<const HttpCommon> from(const HttpOptions& o, std::shared_ptr<TlsContexts> contexts);

private:
    mutable std::shared_ptr<boost::asio::ssl::context> context_;   // the TLS context (tls is the policy it follows)
    std::shared_ptr<TlsContexts> contexts_;

public:
    // Checks with equal keys share one HttpCommon.
    static std::string key(const HttpOptions& o);
};

class HttpProbe : public Probe {
public:
    // `tls` is required for https (and for redirects to https); may be null otherwise.
    HttpProbe(boost::asio::any_io_executor ex, const HttpOptions& options, std::shared_ptr<boost::asio::ssl::context> tls);
    HttpProbe(boost::asio::any_io_executor ex, const HttpOptions& options, std::shared_ptr<const HttpCommon> common);
    ~HttpProbe() override;
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

    static constexpr int kMaxRedirects = 7;         // LWP's default

    struct Response {
        int status = 0;
        std::string status_line;   // "200 OK"
        std::string location;
        std::string body;
        bool truncated = false;    // body holds only the first kReadCap bytes of a longer one
    };

private:
    boost::asio::awaitable<std::optional<Response>> fetch(Deadline& dl, const Url& url, const std::string& host_header,
                                                          const std::string& target, bool first, std::string& err);

    boost::asio::awaitable<std::optional<boost::asio::ip::tcp::endpoint>> resolve(Deadline& dl, const Url& url, std::string& err);
    boost::asio::awaitable<std::optional<Response>> fetch_tls(const Deadline& dl, boost::asio::ip::tcp::socket& sock, const Url& url,
                                                              const std::string& host_header, const std::string& target,
                                                              bool first, std::string& err);
    boost::asio::awaitable<std::optional<Response>> fetch_kept(Deadline& dl, const Url& url, const std::string& host_header,
                                                               const std::string& target, std::string& err);

    boost::asio::any_io_executor ex_;
    std::shared_ptr<const HttpCommon> common_;
    std::optional<Url> url_;             // the check's URL, parsed once (nullopt: invalid)
    std::string bad_url_;                // the check's URL when it does not parse
    std::string host_;                   // Host header: virtualhost or the RIP
    ha::Address addr_;                   // the real server (http_proxy: the proxy)
    std::uint16_t port_ = 0;
    std::unique_ptr<boost::asio::ip::tcp::socket> kept_;   // httpkeepalive: the connection between runs
    std::optional<boost::asio::ip::tcp::endpoint> first_ep_; // the first hop's end (an IP URL or the proxy), parsed once
};

} // namespace directord::checks
