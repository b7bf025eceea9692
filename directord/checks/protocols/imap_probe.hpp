// negotiate for service=imap and imaps (IMAP over TLS from the first byte, with the
// https TLS policy), as ldirectord's Net::IMAP::Simple check: a "* OK" (or
// "* PREAUTH") greeting, LOGIN when login is set (up only on its tagged OK), LOGOUT.
#pragma once
#include <memory>

#include "directord/checks/protocols/line_channel.hpp"
#include "directord/checks/probe.hpp"

namespace boost::asio::ssl {
class context;
}

namespace directord::checks {

// What an imap check reads: a login over the channel.
using ImapOptions = LoginOptions;

class ImapProbe : public Probe {
public:
    // `tls` is required for imaps, ignored for imap.
    ImapProbe(boost::asio::any_io_executor ex, const ImapOptions& options, std::shared_ptr<boost::asio::ssl::context> tls);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

    static constexpr int kMaxUntagged = 200;   // untagged lines before the tagged answer

    // An IMAP quoted string (RFC 3501 4.3).
    static std::string quoted(const std::string& s);

private:
    boost::asio::any_io_executor ex_;
    ImapOptions o_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
};

} // namespace directord::checks
