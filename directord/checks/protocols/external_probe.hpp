// checktype=external (and external-perl, run by perl in its own process): run
// `checkcommand VIP VPORT RIP RPORT`; exit status 0 is up. checktimeout counts from
// the start of the process; past it the process group gets SIGKILL.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "directord/checks/probe.hpp"
#include "directord/checks/transport/process_pool.hpp"

namespace directord::checks {

class ExternalProbe : public Probe {
public:
    ExternalProbe(boost::asio::any_io_executor ex, std::vector<std::string> argv, std::chrono::seconds timeout,
                  std::shared_ptr<ProcessPool> pool);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;
    bool arms_deadline() const override { return true; }

private:
    boost::asio::any_io_executor ex_;
    std::vector<std::string> argv_;
    std::chrono::seconds timeout_;
    std::shared_ptr<ProcessPool> pool_;
};

} // namespace directord::checks
