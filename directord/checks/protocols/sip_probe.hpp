// negotiate for service=sip: ldirectord's OPTIONS request (Request-URI, To, From and
// Contact sip:LOGIN) over UDP, or TCP when the virtual's protocol is tcp; up when the
// final response is "SIP/2.0 200". ldirectord wants the exact reason phrase "200 OK";
// any reason phrase is accepted here (RFC 3261 21: the phrase is for humans).
// Provisional 1xx responses are skipped (ldirectord reads one as a failure). Over UDP
// the request is resent on RFC 3261's timer E schedule (500 ms doubling to 4 s), and
// only a response with our Call-ID, Via branch and CSeq method counts, so a late answer
// to an earlier check is not taken for this one. The Via names the real transport
// (ldirectord always writes UDP).
#pragma once
#include "directord/checks/check_target.hpp"
#include "directord/checks/probe.hpp"
#include "directord/checks/protocols/sip_message.hpp"

namespace directord::checks {

// What a sip check reads (the target's udp picks the transport).
struct SipOptions : CheckTarget {
    std::string login;   // the user part of the URIs
    SipOptions(const CheckSpec& s) : CheckTarget(s), login(s.login) {}
};

class SipProbe : public Probe {
public:
    SipProbe(boost::asio::any_io_executor ex, const SipOptions& options);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    sip::Options request(const std::string& transport, const std::string& sent_by);
    boost::asio::awaitable<CheckResult> over_udp(Deadline& dl);
    boost::asio::awaitable<CheckResult> over_tcp(Deadline& dl);

    boost::asio::any_io_executor ex_;
    SipOptions o_;
    unsigned cseq_ = 0;
};

// The verdict on a final response.
CheckResult sip_verdict(const sip::Response& r);

} // namespace directord::checks
