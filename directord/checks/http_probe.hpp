// negotiate for service=http, https and http_proxy, as ldirectord's LWP check: one
// request (GET or HEAD), redirects followed (at most 7, GET/HEAD only), up when the
// final status is 2xx and the body matches `receive` (a regex, compiled once). The
// whole exchange, redirects included, runs under negotiatetimeout.
#pragma once
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "directord/checks/check_spec.hpp"
#include "directord/checks/probe.hpp"
#include "directord/checks/url.hpp"
#include "lib/asio.hpp"
#include <boost/beast/core/flat_buffer.hpp>

namespace boost::asio::ssl {
class context;
}

namespace directord::checks {

class HttpProbe : public Probe {
public:
    // `tls` is required for https (and for redirects to https); may be null otherwise.
    HttpProbe(boost::asio::any_io_executor ex, const CheckSpec& spec, std::shared_ptr<boost::asio::ssl::context> tls);
    ~HttpProbe() override;
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

    static constexpr int kMaxRedirects = 7;         // LWP's default
    static constexpr std::size_t kBodyLimit = 4 << 20;

    struct Response {
        int status = 0;
        std::string status_line;   // "200 OK"
        std::string location;
        std::string body;
    };

private:
    boost::asio::awaitable<std::optional<Response>> fetch(Deadline& dl, const Url& url, const std::string& host_header,
                                                          const std::string& target, bool first, std::string& err);

    boost::asio::awaitable<std::optional<Response>> fetch_kept(Deadline& dl, const Url& url, const std::string& host_header,
                                                               const std::string& target, std::string& err);

    boost::asio::any_io_executor ex_;
    std::unique_ptr<boost::asio::ip::tcp::socket> kept_;   // httpkeepalive: the connection between runs
    std::optional<boost::asio::ip::tcp::endpoint> kept_ep_; // where it goes (an IP URL or the proxy)
    std::string kept_request_;                              // its request bytes, built once
    boost::beast::flat_buffer kept_buf_;                    // its read buffer, kept for its capacity
    CheckSpec spec_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    std::optional<std::regex> receive_;
    std::optional<std::string> receive_literal_;   // receive without regex syntax: a plain find
    std::optional<Url> url_;                       // spec_.url, parsed once
    std::string regex_error_;
};

} // namespace directord::checks
