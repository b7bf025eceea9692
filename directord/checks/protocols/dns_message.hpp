// DNS messages for the dns negotiate check (RFC 1035): the query directord sends and
// the parts of an answer it judges. Pure: no sockets, unit-tested with hand-built
// packets. Only what the check needs: one question, A / PTR / CNAME data decoded,
// other record types kept as type and owner only.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "directord/checks/protocols/receive_pattern.hpp"

namespace directord::checks::dns {

enum Type : std::uint16_t { A = 1, CNAME = 5, PTR = 12, AAAA = 28 };
constexpr std::uint16_t kClassIN = 1;

struct Question {
    std::string name;           // presentation form without the final dot ("" = the root)
    std::uint16_t type = A;
};

// What the check asks for `request` (ldirectord's request without its leading '/').
// Net::DNS, which ldirectord uses, turns an IP address into its reverse name and asks
// for PTR; anything else is asked as A. directord also asks PTR for a name that is
// already in in-addr.arpa or ip6.arpa (Net::DNS would ask A there, which never has the
// PTR answer the receive regex is meant for).
Question question_for(const std::string& request);

// "4.3.2.1.in-addr.arpa" for 1.2.3.4, nibbles under ip6.arpa for IPv6; nullopt when
// `text` is not an address literal.
std::optional<std::string> reverse_name(const std::string& text);

// A standard query, recursion desired, no EDNS. Fails (nullopt, err) for a name that
// cannot be encoded (a label over 63 bytes, a name over 255).
std::optional<std::string> encode_query(std::uint16_t id, const Question& q, std::string& err);

struct Record {
    std::string name;
    std::uint16_t type = 0, cls = 0;
    std::uint32_t ttl = 0;
    std::string data;           // A: dotted quad; PTR, CNAME: the name; else empty
};

struct Message {
    std::uint16_t id = 0;
    bool response = false;      // QR
    int opcode = 0;
    bool truncated = false;     // TC
    int rcode = 0;
    std::vector<Question> questions;
    std::vector<Record> answers;
};

// Decodes the header, questions and answer section (authority and additional are not
// read). Compressed names are followed with a bound on jumps; any overrun is an error.
std::optional<Message> decode(std::string_view packet, std::string& err);

// "NOERROR", "SERVFAIL", "NXDOMAIN" ... or "RCODE n".
std::string rcode_name(int rcode);
std::string type_name(std::uint16_t type);

// Why `m` is not the answer to query `id` for `q` (empty: it is). A mismatched
// datagram over UDP is ignored (stale or forged), so this is kept apart from the verdict.
std::string mismatch(const Message& m, std::uint16_t id, const Question& q);

struct Verdict {
    bool up = false;
    std::string reason;
};

// ldirectord's rule: up when an A answer's address or a PTR answer's name matches
// `receive` (a regex search; an empty receive never matches). An error rcode or an
// empty answer section is down.
Verdict judge(const Message& m, const ReceivePattern& receive);

} // namespace directord::checks::dns
