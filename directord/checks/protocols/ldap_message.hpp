// The few LDAPv3 messages (RFC 4511) the ldap/ldaps check exchanges, BER-encoded by
// hand: BindRequest (simple), SearchRequest (base scope, present filter), UnbindRequest
// out; BindResponse, SearchResultEntry/Reference/Done and ExtendedResponse (the
// server's notice of disconnection) in. Pure: no sockets, every input is untrusted.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace directord::checks::ldap {

// A BER element announcing more than this is refused before any of it is read: the
// check needs one entry's DN and no attributes. What arrives is never reserved from
// an announced length.
constexpr std::size_t kMaxMessage = 256 * 1024;
// What is kept of a DN, matchedDN or diagnosticMessage (the rest is dropped).
constexpr std::size_t kMaxText = 1024;

// Simple bind, LDAPv3. An empty dn and password is the anonymous bind.
std::string bind_request(std::int32_t id, const std::string& dn, const std::string& password);
// base = `base`, scope baseObject, derefFindingBaseObj (Net::LDAP's default), no size or
// time limit, filter (objectClass=*), attributes "1.1" (none: only the DN is judged).
std::string search_base_request(std::int32_t id, const std::string& base);
std::string unbind_request(std::int32_t id);

struct Message {
    enum class Op { bind_response, search_entry, search_reference, search_done, extended_response, other };
    std::int32_t id = 0;
    Op op = Op::other;
    unsigned tag = 0;              // the protocolOp's BER tag byte
    // LDAPResult (bind_response, search_done, extended_response)
    int result_code = -1;
    std::string matched_dn, diagnostic;
    std::string dn;                // search_entry: objectName, at most kMaxText bytes
    std::size_t dn_size = 0;       // its whole length
};

enum class Parse { need_more, ok, bad };

// Decodes the message at the front of `in`. ok: `out` filled, `used` = its size.
// need_more: `in` is a valid but incomplete prefix. bad: `err` says what is wrong.
Parse parse_message(std::string_view in, Message& out, std::size_t& used, std::string& err);

// "invalidCredentials (49)", "code 99" for codes it does not name.
std::string result_name(int code);
const char* op_name(Message::Op op);

} // namespace directord::checks::ldap
