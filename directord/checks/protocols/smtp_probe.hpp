// negotiate for service=smtp and submission, as ldirectord's Net::SMTP check: a 2xx
// banner, EHLO (HELO when EHLO is refused) answered 2xx, then QUIT. Up when that
// session is established; nothing is sent beyond the greeting.
#pragma once
#include "directord/checks/check_target.hpp"
#include "directord/checks/probe.hpp"

namespace directord::checks {

class SmtpProbe : public Probe {
public:
    SmtpProbe(boost::asio::any_io_executor ex, const CheckTarget& target);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    boost::asio::any_io_executor ex_;
    CheckTarget target_;
    std::string me_;   // the name we greet with
};

// This host's name for EHLO/HELO, "localhost.localdomain" when it has none (as Net::SMTP).
std::string greeting_name();

} // namespace directord::checks
