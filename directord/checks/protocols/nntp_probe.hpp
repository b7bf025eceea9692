// negotiate for service=nntp, as ldirectord does it: connect, wait for the greeting,
// up when it starts with '2' (200/201). Nothing is sent.
#pragma once
#include "directord/checks/check_target.hpp"
#include "directord/checks/probe.hpp"

namespace directord::checks {

class NntpProbe : public Probe {
public:
    NntpProbe(boost::asio::any_io_executor ex, const CheckTarget& target) : ex_(ex), target_(target) {}
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    boost::asio::any_io_executor ex_;
    CheckTarget target_;
};

} // namespace directord::checks
