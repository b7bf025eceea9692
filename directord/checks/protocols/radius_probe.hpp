// negotiate for service=radius: an Access-Request for login/passwd (RFC 2865,
// User-Password hidden with `secret`, NAS-IP-Address of the socket, a
// Message-Authenticator) resent until answered; up on an Access-Accept whose Response
// Authenticator verifies with the secret. ldirectord's Authen::Radius check_pwd counts
// any Access-Accept; verifying is stricter and better: an answer that does not verify
// (a wrong secret on either side, a forged or stray packet) is ignored, as RFC 2865
// asks, and named in the reason when nothing else arrives.
// The limit is the smaller of checktimeout and negotiatetimeout (ldirectord: an alarm
// of checktimeout around Authen::Radius waiting negotiatetimeout).
#pragma once
#include "directord/checks/check_target.hpp"
#include "directord/checks/probe.hpp"

namespace directord::checks {

// What a radius check reads.
struct RadiusOptions : CheckTarget {
    std::string login, passwd;   // User-Name, User-Password
    std::string secret;          // the shared secret
    RadiusOptions(const CheckSpec& s) : CheckTarget(s), login(s.login), passwd(s.passwd), secret(s.secret) {}
};

class RadiusProbe : public Probe {
public:
    RadiusProbe(boost::asio::any_io_executor ex, const RadiusOptions& options);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    boost::asio::any_io_executor ex_;
    RadiusOptions o_;
};

} // namespace directord::checks
