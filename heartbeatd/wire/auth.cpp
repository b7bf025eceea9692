#include "heartbeatd/wire/auth.hpp"

#include <cstdio>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "heartbeatd/wire/crc32.hpp"

namespace hb::wire {

namespace {
std::string to_hex(const unsigned char* p, std::size_t n) {
    static const char* d = "0123456789abcdef";
    std::string s(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        s[2 * i] = d[p[i] >> 4];
        s[2 * i + 1] = d[p[i] & 15];
    }
    return s;
}
} // namespace

std::string compute_digest(AuthMethod method, std::string_view key, std::string_view data) {
    if (method == AuthMethod::crc) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%lx", static_cast<unsigned long>(heartbeat_crc32(data)));
        return buf;
    }
    const EVP_MD* md = method == AuthMethod::md5    ? EVP_md5()
                     : method == AuthMethod::sha1   ? EVP_sha1()
                                                    : EVP_sha256();
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    // An empty key is legal for HMAC but OpenSSL wants a non-null pointer.
    static const unsigned char empty = 0;
    const void* k = key.empty() ? static_cast<const void*>(&empty) : key.data();
    if (!HMAC(md, k, int(key.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
              out, &len))
        return {};
    return to_hex(out, len);
}

bool digest_matches(AuthMethod method, std::string_view key, std::string_view data,
                    std::string_view received_hex) {
    auto expected = compute_digest(method, key, data);
    if (expected.empty() || expected.size() != received_hex.size()) return false;
    return CRYPTO_memcmp(expected.data(), received_hex.data(), expected.size()) == 0;
}

std::string format_auth_token(int index, std::string_view digest) {
    return std::to_string(index) + " " + std::string(digest);
}

std::optional<AuthToken> parse_auth_token(std::string_view text) {
    auto sp = text.find(' ');
    if (sp == 0 || sp == std::string_view::npos || sp > 2) return std::nullopt;
    int idx = 0;
    for (std::size_t i = 0; i < sp; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        idx = idx * 10 + (text[i] - '0');
    }
    auto hex = text.substr(sp + 1);
    if (hex.empty() || hex.size() > 128) return std::nullopt;
    for (char c : hex)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
    return AuthToken{idx, std::string(hex)};
}

} // namespace hb::wire
