// checktype=N: a negotiate check, then N connect checks after each negotiate success;
// a failed connect sends the next run back to negotiate (ldirectord's num_connects).
// N = 0 always negotiates. Each half runs under its own timeout.
#pragma once
#include <chrono>
#include <memory>

#include "directord/checks/probe.hpp"

namespace directord::checks {

class CombinedProbe : public Probe {
public:
    CombinedProbe(std::unique_ptr<Probe> negotiate, std::chrono::seconds negotiate_timeout, std::unique_ptr<Probe> connect,
                  std::chrono::seconds connect_timeout, int connects);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;
    bool arms_deadline() const override { return true; }
    bool next_is_negotiate() const { return done_ >= connects_; }

private:
    std::unique_ptr<Probe> negotiate_, connect_;
    std::chrono::seconds negotiate_timeout_, connect_timeout_;
    int connects_;
    int done_;   // connects since the last negotiate success; >= connects_: negotiate next
};

} // namespace directord::checks
