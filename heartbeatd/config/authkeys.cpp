#include "heartbeatd/config/authkeys.hpp"

#include <cstdio>
#include <sys/stat.h>

#include "heartbeatd/config/values.hpp"

namespace hb::config {

namespace {
std::string octal(unsigned v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04o", v);
    return buf;
}
} // namespace

const AuthKey* AuthKeys::find(int index) const {
    if (index < 0 || index > kMaxIndex || !entries[index]) return nullptr;
    return &*entries[index];
}

const AuthKey* AuthKeys::signing() const { return find(sign_index); }

AuthKeysResult parse_authkeys(std::string_view text, const AuthKeysOptions& options) {
    AuthKeysResult r{{}, Diagnostics(options.file_name)};
    auto& d = r.diagnostics;
    int line = 0, auth_line = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto nl = text.find('\n', pos);
        std::string_view raw = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line;

        // Keys may contain '#', so only a line starting with '#' is a comment.
        auto words = split_tokens(raw, whitespace);
        if (words.empty() || words[0][0] == '#') continue;
        // Text after the last expected token: a trailing "# comment" is fine, anything else
        // is probably a key with a space in it, which heartbeat would silently truncate.
        auto check_extra = [&](std::size_t expected) {
            if (words.size() > expected && words[expected][0] != '#')
                d.error(line, "unexpected text " + std::string("'") + words[expected] +
                                  "' (a key is a single word without spaces)");
        };

        if (words[0] == "auth") {
            if (words.size() < 2) {
                d.error(line, "auth needs the index of the key used for signing");
                continue;
            }
            auto n = parse_integer(words[1], 0, AuthKeys::kMaxIndex);
            if (!n) {
                d.error(line, "invalid auth index '" + words[1] + "' (0..15)");
                continue;
            }
            if (auth_line)
                d.error(line, "auth already given on line " + std::to_string(auth_line));
            r.keys.sign_index = int(*n);
            auth_line = line;
            check_extra(2);
            continue;
        }

        auto n = parse_integer(words[0], 0, AuthKeys::kMaxIndex);
        if (!n) {
            d.error(line, "invalid line: expected 'auth N' or 'N method [key]' with N in 0..15");
            continue;
        }
        if (words.size() < 2) {
            d.error(line, "key " + words[0] + " has no method (crc, md5 or sha1)");
            continue;
        }
        auto m = parse_auth_method(words[1]);
        if (!m) {
            d.error(line, "unknown auth method '" + words[1] + "' (crc, md5 or sha1" +
                              (options.allow_extensions ? ", or sha256" : "") + ")");
            continue;
        }
        if (is_extension(*m) && !options.allow_extensions) {
            d.error(line, std::string(to_string(*m)) +
                              " is a heartbeatd extension that heartbeat 3.0.6 does not understand; "
                              "enable extensions only when every node runs heartbeatd, or use sha1");
            continue;
        }
        AuthKey k;
        k.index = int(*n);
        k.method = *m;
        k.line = line;
        if (needs_key(*m)) {
            if (words.size() < 3 || words[2][0] == '#') {
                d.error(line, std::string(to_string(*m)) + " needs a key");
                continue;
            }
            k.key = words[2];
            check_extra(3);
        } else {
            if (words.size() >= 3 && words[2][0] != '#') {
                d.error(line, "crc takes no key (and gives no security)");
                continue;
            }
        }
        if (r.keys.entries[k.index]) {
            d.error(line, "key " + std::to_string(k.index) + " already defined on line " +
                              std::to_string(r.keys.entries[k.index]->line));
            continue;
        }
        r.keys.entries[k.index] = k;
    }

    const AuthKey* crc = nullptr;
    const AuthKey* hmac = nullptr;
    for (const auto& e : r.keys.entries) {
        if (!e) continue;
        if (e->method == AuthMethod::crc) {
            if (!crc) crc = &*e;
        } else if (!hmac) {
            hmac = &*e;
        }
    }
    if (crc && hmac) {
        std::string what = "key " + std::to_string(crc->index) + " is crc beside " +
                           std::string(to_string(hmac->method)) + " key " + std::to_string(hmac->index) +
                           " (line " + std::to_string(hmac->line) + "): anyone on the segment could sign packets '" +
                           std::to_string(crc->index) + " crc' and they would be accepted";
        if (options.allow_crc_beside_hmac)
            d.warning(crc->line, what + " (allowed by HEARTBEATD_ALLOW_CRC=yes)");
        else
            d.error(crc->line, what + "; remove this line, or set HEARTBEATD_ALLOW_CRC=yes to accept that");
    }

    if (!auth_line) {
        d.error(0, "no 'auth N' line naming the key used for signing");
    } else if (!r.keys.signing()) {
        d.error(auth_line, "auth " + std::to_string(r.keys.sign_index) + ": no key with that index");
    } else {
        auto* s = r.keys.signing();
        if (s->method == AuthMethod::crc)
            d.warning(auth_line, "signing with crc gives no protection against forged packets; use sha1");
        else if (is_extension(s->method))
            d.warning(auth_line, "signing with " + std::string(to_string(s->method)) +
                                     ": heartbeat 3.0.6 peers will reject every packet");
    }
    return r;
}

std::optional<std::string> check_authkeys_file(mode_t mode, uid_t owner, uid_t euid, std::string_view path) {
    std::string p(path);
    if (!S_ISREG(mode)) return "key file " + p + " is not a regular file";
    if (mode & (S_IRWXG | S_IRWXO))
        return "bad permissions on key file " + p + ": mode " + octal(mode & 07777) +
               " gives group or others access (chmod 600 it)";
    if (owner != euid)
        return "key file " + p + " is owned by uid " + std::to_string(owner) + ", not by uid " +
               std::to_string(euid) + " that heartbeatd runs as (chown it)";
    return std::nullopt;
}

} // namespace hb::config
