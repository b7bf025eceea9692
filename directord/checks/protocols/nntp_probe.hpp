// negotiate for service=nntp, as ldirectord does it: connect, wait for the greeting,
// up when it starts with '2' (200/201). Nothing is sent.
#pragma once
#include "directord/checks/check_spec.hpp"
#include "directord/checks/probe.hpp"

namespace directord::checks {

class NntpProbe : public Probe {
public:
    NntpProbe(boost::asio::any_io_executor ex, const CheckSpec& spec) : ex_(ex), spec_(spec) {}
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    boost::asio::any_io_executor ex_;
    CheckSpec spec_;
};

} // namespace directord::checks
