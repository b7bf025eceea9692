// negotiate for service=dns, as ldirectord's Net::DNS check minus its quirks: one
// question (see dns::question_for) to the real server, over UDP, or TCP when the
// virtual's protocol is tcp; up when an A answer's address or a PTR answer's name
// matches `receive`. A truncated UDP answer is asked again over TCP (as Net::DNS).
//
// ldirectord calls Net::DNS search(), which applies the director's resolv.conf search
// list (a name without a dot is only ever tried with a search suffix) and ndots.
// directord asks for the name exactly as written: the check is about one server's
// answer for one name, and the director's own resolver settings must not change it.
#pragma once
#include "directord/checks/check_target.hpp"
#include "directord/checks/protocols/dns_message.hpp"
#include "directord/checks/probe.hpp"

namespace directord::checks {

// What a dns check reads (the target's udp picks the transport).
struct DnsOptions : CheckTarget {
    std::string request;   // the name or address asked about, with the spec's leading '/'
    std::string receive;   // regex an answer must match
    DnsOptions(const CheckSpec& s) : CheckTarget(s), request(s.request), receive(s.receive) {}
};

class DnsProbe : public Probe {
public:
    DnsProbe(boost::asio::any_io_executor ex, const DnsOptions& options);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    boost::asio::awaitable<std::optional<dns::Message>> over_udp(Deadline& dl, std::uint16_t id, const std::string& query,
                                                                 std::string& err);
    boost::asio::awaitable<std::optional<dns::Message>> over_tcp(Deadline& dl, std::uint16_t id, const std::string& query,
                                                                 std::string& err);

    boost::asio::any_io_executor ex_;
    CheckTarget target_;
    dns::Question question_;
    ReceivePattern receive_;
};

} // namespace directord::checks
