// negotiate for service=ftp, as ldirectord's Net::FTP check: a 2xx greeting, USER and
// PASS (the config gives anonymous / ldirectord@host by default), CWD /, TYPE I, PASV,
// RETR request; up when the file's content matches receive. Binary-safe; a file over
// the read cap (1 MB, read_cap.hpp) is down.
//
// With an empty receive ldirectord says "up" whatever happens, even with nothing
// listening. directord keeps that verdict (ldirectord's false "up"s are kept for
// compatibility, as the issue asks) because the config test already warns about it
// ("an ftp check without receive= always succeeds in ldirectord"); the session still
// runs, so the reason logged tells what the server really did.
//
// The data connection goes to the control connection's peer with the port PASV gave,
// never to the address in the reply: checks talk to the real server only, and servers
// behind NAT often advertise an address that is wrong from here.
#pragma once
#include <optional>

#include "directord/checks/check_target.hpp"
#include "directord/checks/probe.hpp"
#include "directord/checks/transport/read_cap.hpp"
#include "directord/checks/protocols/receive_pattern.hpp"

namespace directord::checks {

// What an ftp check reads.
struct FtpOptions : CheckTarget {
    std::string login, passwd;
    std::string request;   // the file retrieved
    std::string receive;   // regex its content must match; empty: not judged
    FtpOptions(const CheckSpec& s)
        : CheckTarget(s), login(s.login), passwd(s.passwd), request(s.request), receive(s.receive) {}
};

class FtpProbe : public Probe {
public:
    FtpProbe(boost::asio::any_io_executor ex, const FtpOptions& options);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

    static constexpr std::size_t kMaxFile = kReadCap;

    // The port of a 227 reply "Entering Passive Mode (h1,h2,h3,h4,p1,p2)".
    static std::optional<std::uint16_t> pasv_port(const std::string& reply);

private:
    boost::asio::awaitable<CheckResult> session(Deadline& dl);

    boost::asio::any_io_executor ex_;
    CheckTarget target_;
    std::string login_, passwd_, request_;
    ReceivePattern receive_;
};

} // namespace directord::checks
