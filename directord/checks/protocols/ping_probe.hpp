// checktype=ping (and connect on UDP virtuals): up on the first echo reply among
// checkcount attempts of checktimeout each, as ldirectord's Net::Ping loop; IPv6 too.
#pragma once
#include <chrono>
#include <memory>

#include "directord/checks/transport/pinger.hpp"
#include "directord/checks/probe.hpp"

namespace directord::checks {

class PingProbe : public Probe {
public:
    PingProbe(std::shared_ptr<Pinger> pinger, ha::Address addr, int attempts, std::chrono::seconds per_attempt);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    std::shared_ptr<Pinger> pinger_;
    ha::Address addr_;
    int attempts_;
    std::chrono::seconds per_attempt_;
};

} // namespace directord::checks
