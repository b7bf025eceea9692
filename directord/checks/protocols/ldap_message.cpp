#include "directord/checks/protocols/ldap_message.hpp"

#include <cstdio>

namespace directord::checks::ldap {

namespace {

// BER tags used here (RFC 4511 section 4, X.690).
constexpr unsigned char kInteger = 0x02, kOctets = 0x04, kEnum = 0x0a, kBool = 0x01, kSequence = 0x30;
constexpr unsigned char kBindReq = 0x60, kBindResp = 0x61, kUnbindReq = 0x42, kSearchReq = 0x63, kEntry = 0x64,
                        kDone = 0x65, kReference = 0x73, kExtendedResp = 0x78;
constexpr unsigned char kSimpleAuth = 0x80, kPresentFilter = 0x87;

std::string length(std::size_t n) {
    if (n < 0x80) return std::string(1, (char)n);
    std::string bytes;
    for (; n; n >>= 8) bytes.insert(bytes.begin(), (char)(n & 0xff));
    return std::string(1, (char)(0x80 | bytes.size())) + bytes;
}

std::string tlv(unsigned char tag, std::string_view value) {
    return std::string(1, (char)tag) + length(value.size()) + std::string(value);
}

// Minimal two's complement, as DER wants.
std::string integer(unsigned char tag, std::int64_t v) {
    std::string bytes;
    for (;;) {
        bytes.insert(bytes.begin(), (char)(v & 0xff));
        bool sign = bytes.front() & 0x80;
        v >>= 8;
        if ((v == 0 && !sign) || (v == -1 && sign)) break;
    }
    return tlv(tag, bytes);
}

std::string message(std::int32_t id, const std::string& op) { return tlv(kSequence, integer(kInteger, id) + op); }

std::string hex(unsigned char c) {
    char b[8];
    std::snprintf(b, sizeof b, "0x%02x", c);
    return b;
}

// The header of the TLV at the front of `in`: tag, header size, content length.
// need_more when `in` ends inside the header or the content.
Parse header(std::string_view in, unsigned& tag, std::size_t& hdr, std::size_t& len, std::string& err) {
    if (in.empty()) return Parse::need_more;
    tag = (unsigned char)in[0];
    if ((tag & 0x1f) == 0x1f) {
        err = "multi-byte BER tag " + hex((unsigned char)tag) + " (not LDAP)";
        return Parse::bad;
    }
    if (in.size() < 2) return Parse::need_more;
    unsigned char b = (unsigned char)in[1];
    if (b < 0x80) {
        hdr = 2;
        len = b;
    } else if (b == 0x80) {
        err = "BER indefinite length (not allowed in LDAP)";
        return Parse::bad;
    } else {
        std::size_t n = b & 0x7f;
        if (n > 4) {
            err = "BER length of " + std::to_string(n) + " bytes";
            return Parse::bad;
        }
        if (in.size() < 2 + n) return Parse::need_more;
        len = 0;
        for (std::size_t i = 0; i < n; ++i) len = (len << 8) | (unsigned char)in[2 + i];
        hdr = 2 + n;
    }
    if (len > kMaxMessage) {
        err = "BER element of " + std::to_string(len) + " bytes (limit " + std::to_string(kMaxMessage) + ")";
        return Parse::bad;
    }
    if (in.size() - hdr < len) return Parse::need_more;
    return Parse::ok;
}

// Takes the next TLV of a constructed value that must be complete.
bool next(std::string_view& rest, unsigned& tag, std::string_view& value, const char* what, std::string& err) {
    std::size_t hdr = 0, len = 0;
    Parse p = header(rest, tag, hdr, len, err);
    if (p == Parse::need_more) err = std::string(what) + ": truncated";
    if (p != Parse::ok) return false;
    value = rest.substr(hdr, len);
    rest.remove_prefix(hdr + len);
    return true;
}

bool expect(std::string_view& rest, unsigned want, std::string_view& value, const char* what, std::string& err) {
    unsigned tag = 0;
    if (!next(rest, tag, value, what, err)) return false;
    if (tag != want) {
        err = std::string(what) + ": tag " + hex((unsigned char)tag) + ", expected " + hex((unsigned char)want);
        return false;
    }
    return true;
}

bool to_int(std::string_view v, std::int64_t& out, const char* what, std::string& err) {
    if (v.empty() || v.size() > 8) {
        err = std::string(what) + ": integer of " + std::to_string(v.size()) + " bytes";
        return false;
    }
    std::int64_t x = (signed char)v[0];
    for (std::size_t i = 1; i < v.size(); ++i) x = (std::int64_t)((std::uint64_t)x << 8) | (unsigned char)v[i];
    out = x;
    return true;
}

bool result(std::string_view content, Message& m, std::string& err) {
    std::string_view v;
    std::int64_t code = 0;
    if (!expect(content, kEnum, v, "resultCode", err) || !to_int(v, code, "resultCode", err)) return false;
    if (code < 0 || code > 0xffff) {
        err = "resultCode " + std::to_string(code) + " out of range";
        return false;
    }
    m.result_code = (int)code;
    if (!expect(content, kOctets, v, "matchedDN", err)) return false;
    m.matched_dn = v.substr(0, kMaxText);
    if (!expect(content, kOctets, v, "diagnosticMessage", err)) return false;
    m.diagnostic = v.substr(0, kMaxText);
    return true;   // referral, SASL credentials, extended name/value: not needed
}

} // namespace

std::string bind_request(std::int32_t id, const std::string& dn, const std::string& password) {
    return message(id, tlv(kBindReq, integer(kInteger, 3) + tlv(kOctets, dn) + tlv(kSimpleAuth, password)));
}

std::string search_base_request(std::int32_t id, const std::string& base) {
    std::string body = tlv(kOctets, base) + integer(kEnum, 0) /* baseObject */ + integer(kEnum, 2) /* derefFindingBaseObj */ +
                       integer(kInteger, 0) + integer(kInteger, 0) + tlv(kBool, std::string(1, '\0')) +
                       tlv(kPresentFilter, "objectClass") + tlv(kSequence, tlv(kOctets, "1.1"));
    return message(id, tlv(kSearchReq, body));
}

std::string unbind_request(std::int32_t id) { return message(id, tlv(kUnbindReq, "")); }

Parse parse_message(std::string_view in, Message& out, std::size_t& used, std::string& err) {
    if (!in.empty() && (unsigned char)in[0] != kSequence) {
        err = "not an LDAP message (first byte " + hex((unsigned char)in[0]) + ")";
        return Parse::bad;
    }
    unsigned tag = 0;
    std::size_t hdr = 0, len = 0;
    Parse p = header(in, tag, hdr, len, err);
    if (p != Parse::ok) return p;
    std::string_view content = in.substr(hdr, len);
    Message m;
    std::string_view v;
    std::int64_t id = 0;
    if (!expect(content, kInteger, v, "messageID", err) || !to_int(v, id, "messageID", err)) return Parse::bad;
    if (id < 0 || id > 0x7fffffff) {
        err = "messageID " + std::to_string(id) + " out of range";
        return Parse::bad;
    }
    m.id = (std::int32_t)id;
    if (!next(content, m.tag, v, "protocolOp", err)) return Parse::bad;
    switch (m.tag) {
    case kBindResp: m.op = Message::Op::bind_response; break;
    case kDone: m.op = Message::Op::search_done; break;
    case kExtendedResp: m.op = Message::Op::extended_response; break;
    case kEntry: m.op = Message::Op::search_entry; break;
    case kReference: m.op = Message::Op::search_reference; break;
    default: m.op = Message::Op::other; break;
    }
    if (m.op == Message::Op::bind_response || m.op == Message::Op::search_done || m.op == Message::Op::extended_response) {
        if (!result(v, m, err)) {
            err = std::string(op_name(m.op)) + ": " + err;
            return Parse::bad;
        }
    } else if (m.op == Message::Op::search_entry) {
        std::string_view dn;
        if (!expect(v, kOctets, dn, "SearchResultEntry objectName", err)) return Parse::bad;
        m.dn = dn.substr(0, kMaxText);
        m.dn_size = dn.size();
    }
    // Controls ([0]) after the op are not needed.
    out = std::move(m);
    used = hdr + len;
    return Parse::ok;
}

std::string result_name(int code) {
    static const std::pair<int, const char*> names[] = {
        {0, "success"},
        {1, "operationsError"},
        {2, "protocolError"},
        {3, "timeLimitExceeded"},
        {4, "sizeLimitExceeded"},
        {7, "authMethodNotSupported"},
        {8, "strongerAuthRequired"},
        {10, "referral"},
        {11, "adminLimitExceeded"},
        {13, "confidentialityRequired"},
        {32, "noSuchObject"},
        {34, "invalidDNSyntax"},
        {48, "inappropriateAuthentication"},
        {49, "invalidCredentials"},
        {50, "insufficientAccessRights"},
        {51, "busy"},
        {52, "unavailable"},
        {53, "unwillingToPerform"},
        {80, "other"},
    };
    for (const auto& [c, n] : names)
        if (c == code) return std::string(n) + " (" + std::to_string(code) + ")";
    return "code " + std::to_string(code);
}

const char* op_name(Message::Op op) {
    switch (op) {
    case Message::Op::bind_response: return "BindResponse";
    case Message::Op::search_entry: return "SearchResultEntry";
    case Message::Op::search_reference: return "SearchResultReference";
    case Message::Op::search_done: return "SearchResultDone";
    case Message::Op::extended_response: return "ExtendedResponse";
    case Message::Op::other: return "unexpected operation";
    }
    return "?";
}

} // namespace directord::checks::ldap
