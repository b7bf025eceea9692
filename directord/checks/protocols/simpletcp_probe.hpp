// negotiate for service=simpletcp, as ldirectord: send the request without its first
// character (ldirectord's request always starts with the '/' it adds) with each "\n"
// (backslash, n) turned into a newline, close our sending side, read lines; up when a
// line matches receive. An empty receive: up on the first line (Perl's empty pattern
// matches anything when no other pattern matched before).
#pragma once
#include "directord/checks/check_target.hpp"
#include "directord/checks/probe.hpp"
#include "directord/checks/protocols/receive_pattern.hpp"

namespace directord::checks {

// What a simpletcp check reads.
struct SimpleTcpOptions : CheckTarget {
    std::string request;   // as the spec keeps it: with a leading '/'
    std::string receive;   // regex; empty: the first line
    SimpleTcpOptions(const CheckSpec& s) : CheckTarget(s), request(s.request), receive(s.receive) {}
};

class SimpleTcpProbe : public Probe {
public:
    SimpleTcpProbe(boost::asio::any_io_executor ex, const SimpleTcpOptions& options);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

    static constexpr int kMaxLines = 10000;   // then give up on a chatty server

    // What is sent for a configured request.
    static std::string payload(const std::string& request);

private:
    boost::asio::any_io_executor ex_;
    CheckTarget target_;
    ReceivePattern receive_;
    std::string payload_;
};

} // namespace directord::checks
