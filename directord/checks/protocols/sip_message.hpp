// SIP messages for the sip negotiate check (RFC 3261): the OPTIONS request ldirectord
// sends, and the parts of a response that match it to the request and judge it.
// Pure: no sockets.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace directord::checks::sip {

struct Options {
    std::string transport = "UDP";   // in the Via: UDP or TCP, as sent
    std::string sent_by;             // our address:port, IPv6 bracketed
    std::string uri;                 // the Request-URI, also To, From and Contact
    std::string branch;              // starts with the RFC 3261 magic cookie z9hG4bK
    std::string tag;                 // From tag
    std::string call_id;
    unsigned cseq = 1;
};

// "sip:LOGIN" as ldirectord; with no login (a service inferred from port 5060 gets no
// default) "sip:SERVER:PORT", where ldirectord would send the invalid "sip:".
std::string request_uri(const std::string& login, const std::string& server_bracketed, unsigned port);

std::string encode_options(const Options& o);

struct Response {
    int status = 0;
    std::string status_line;         // "SIP/2.0 200 OK"
    std::string call_id, branch, cseq_method;
    std::size_t size = 0;            // bytes of the message (headers and body)
};

// One response at the start of `data`. A stream (TCP) may hold part of a message:
// then nullopt with `incomplete` set. A datagram is one whole message. Anything that
// is not a SIP response: nullopt and `err`.
std::optional<Response> parse_response(std::string_view data, bool stream, bool& incomplete, std::string& err);

// Why `r` is not the response to `o` (empty: it is): Call-ID, top Via branch, CSeq.
std::string mismatch(const Response& r, const Options& o);

} // namespace directord::checks::sip
