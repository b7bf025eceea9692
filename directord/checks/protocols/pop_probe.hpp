// negotiate for service=pop and pops (POP3 over TLS from the first byte, with the
// https TLS policy): a "+OK" greeting, then USER/PASS only when login is set, QUIT.
//
// Without login ldirectord says "up" whatever happens, even with nothing listening.
// directord keeps that verdict (the issue asks for ldirectord's false "up"s to be kept
// for compatibility) because the config test already warns about it ("a pop check
// without login= always succeeds in ldirectord"); the session still runs, so the
// reason logged tells what the server really did.
#pragma once
#include <memory>

#include "directord/checks/protocols/line_channel.hpp"
#include "directord/checks/probe.hpp"

namespace boost::asio::ssl {
class context;
}

namespace directord::checks {

// What a pop check reads: a login over the channel.
using PopOptions = LoginOptions;

class PopProbe : public Probe {
public:
    // `tls` is required for pops, ignored for pop.
    PopProbe(boost::asio::any_io_executor ex, const PopOptions& options, std::shared_ptr<boost::asio::ssl::context> tls);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    boost::asio::awaitable<CheckResult> session(Deadline& dl);

    boost::asio::any_io_executor ex_;
    PopOptions o_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
};

} // namespace directord::checks
