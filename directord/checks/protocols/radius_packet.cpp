#include "directord/checks/protocols/radius_packet.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace directord::checks::radius {

namespace {

constexpr std::size_t kHeader = 20;
constexpr std::size_t kMaxPacket = 4096;   // RFC 2865 3

void put_attr(std::string& out, std::uint8_t type, std::string_view value) {
    out.push_back((char)type);
    out.push_back((char)(value.size() + 2));
    out.append(value);
}

std::string_view bytes(const Authenticator& a) { return {(const char*)a.data(), a.size()}; }

void set_length(std::string& p) {
    p[2] = (char)(p.size() >> 8);
    p[3] = (char)(p.size() & 0xff);
}

} // namespace

std::string md5(std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(data.data(), data.size(), out, &n, EVP_md5(), nullptr);
    return std::string((const char*)out, n);
}

std::string hmac_md5(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    HMAC(EVP_md5(), key.data(), (int)key.size(), (const unsigned char*)data.data(), data.size(), out, &n);
    return std::string((const char*)out, n);
}

std::string hide_password(std::string_view password, std::string_view secret, const Authenticator& ra) {
    std::string p(password);
    p.resize(p.empty() ? 16 : (p.size() + 15) / 16 * 16, '\0');
    std::string out;
    std::string prev(bytes(ra));
    for (std::size_t i = 0; i < p.size(); i += 16) {
        std::string b = md5(std::string(secret) + prev);
        std::string c(16, '\0');
        for (int k = 0; k < 16; ++k) c[k] = (char)(p[i + k] ^ b[k]);
        out += c;
        prev = c;
    }
    return out;
}

std::optional<std::string> encode_access_request(const Request& r, std::string_view secret, std::string& err) {
    if (secret.empty()) {
        err = "secret= is empty";
        return std::nullopt;
    }
    if (r.user.empty() || r.user.size() > 253) {
        err = r.user.empty() ? "login= is empty: no User-Name to send" : "login= is longer than 253 bytes";
        return std::nullopt;
    }
    if (r.password.size() > 128) {
        err = "passwd= is longer than 128 bytes";
        return std::nullopt;
    }
    std::string p;
    p.push_back((char)AccessRequest);
    p.push_back((char)r.id);
    p.append(2, '\0');
    p.append(bytes(r.authenticator));
    std::size_t ma_at = 0;
    if (r.message_authenticator) {
        ma_at = p.size() + 2;
        put_attr(p, MessageAuthenticator, std::string(16, '\0'));
    }
    put_attr(p, UserName, r.user);
    put_attr(p, UserPassword, hide_password(r.password, secret, r.authenticator));
    if (r.nas) {
        if (r.nas->is_v6()) put_attr(p, NasIpv6Address, std::string_view((const char*)r.nas->bytes.data(), 16));
        else put_attr(p, NasIpAddress, std::string_view((const char*)r.nas->bytes.data(), 4));
    }
    if (!r.nas_identifier.empty()) put_attr(p, NasIdentifier, r.nas_identifier.substr(0, 253));
    set_length(p);
    // HMAC over the whole packet with its own value zeroed (RFC 3579 3.2).
    if (r.message_authenticator) p.replace(ma_at, 16, hmac_md5(secret, p));
    return p;
}

// Digests compared in constant time: how long a compare takes says nothing of where the
// bytes first differ.
static bool same_digest(std::string_view ours, std::string_view theirs) {
    return ours.size() == theirs.size() && CRYPTO_memcmp(ours.data(), theirs.data(), ours.size()) == 0;
}

std::optional<Response> verify_response(std::string_view packet, std::string_view request, std::string_view secret,
                                        std::string& err) {
    if (packet.size() < kHeader) {
        err = "a packet of " + std::to_string(packet.size()) + " bytes";
        return std::nullopt;
    }
    std::size_t len = ((std::size_t)(unsigned char)packet[2] << 8) | (unsigned char)packet[3];
    if (len < kHeader || len > kMaxPacket || len > packet.size()) {
        err = "length field " + std::to_string(len) + " in a packet of " + std::to_string(packet.size()) + " bytes";
        return std::nullopt;
    }
    packet = packet.substr(0, len);   // bytes past the length are padding (RFC 2865 3)
    Response r;
    r.code = (std::uint8_t)packet[0];
    r.id = (std::uint8_t)packet[1];
    if (request.size() < kHeader || r.id != (std::uint8_t)request[1]) {
        err = "identifier " + std::to_string(r.id) + " is not the request's";
        return std::nullopt;
    }
    if (r.code != AccessAccept && r.code != AccessReject && r.code != AccessChallenge) {
        err = "code " + std::to_string(r.code) + " is not an answer to an Access-Request";
        return std::nullopt;
    }
    std::string_view ra = request.substr(4, 16);
    std::size_t ma_at = 0;
    for (std::size_t off = kHeader; off < len;) {
        if (off + 2 > len || (unsigned char)packet[off + 1] < 2 || off + (unsigned char)packet[off + 1] > len) {
            err = "malformed attribute at byte " + std::to_string(off);
            return std::nullopt;
        }
        std::uint8_t type = (std::uint8_t)packet[off];
        std::size_t alen = (unsigned char)packet[off + 1];
        std::string_view value = packet.substr(off + 2, alen - 2);
        if (type == ReplyMessage) r.reply_message += (r.reply_message.empty() ? "" : " ") + std::string(value);
        if (type == MessageAuthenticator) {
            if (alen != 18) {
                err = "Message-Authenticator of " + std::to_string(alen) + " bytes";
                return std::nullopt;
            }
            ma_at = off + 2;
        }
        off += alen;
    }
    // RFC 2865 3: MD5(Code + ID + Length + Request Authenticator + Attributes + Secret).
    std::string check(packet.substr(0, 4));
    check += ra;
    check += packet.substr(kHeader);
    check += secret;
    if (!same_digest(md5(check), packet.substr(4, 16))) {
        err = "Response Authenticator does not verify (wrong secret?)";
        return std::nullopt;
    }
    if (ma_at) {
        // RFC 3579 3.2: over the packet with the Request Authenticator in place and the value zeroed.
        std::string copy(packet);
        copy.replace(4, 16, ra);
        copy.replace(ma_at, 16, std::string(16, '\0'));
        if (!same_digest(hmac_md5(secret, copy), packet.substr(ma_at, 16))) {
            err = "Message-Authenticator does not verify (wrong secret?)";
            return std::nullopt;
        }
    }
    return r;
}

std::string code_name(std::uint8_t code) {
    switch (code) {
    case AccessRequest: return "Access-Request";
    case AccessAccept: return "Access-Accept";
    case AccessReject: return "Access-Reject";
    case AccessChallenge: return "Access-Challenge";
    }
    return "code " + std::to_string(code);
}

} // namespace directord::checks::radius
