#include "heartbeatd/wire/packet.hpp"

#include "heartbeatd/wire/classic.hpp"
#include "heartbeatd/wire/netstring.hpp"

namespace hb::wire {

namespace {
ha::Error err(PacketError code, std::string msg) { return ha::Error{std::move(msg), code}; }
}

ha::Expected<ParsedPacket> parse_packet(std::string_view bytes) {
    ParsedPacket p;
    if (bytes.substr(0, kNetstringBegin.size()) == kNetstringBegin) {
        std::size_t used = 0;
        auto m = decode_netstring(bytes, &used);
        if (!m) return err(malformed, m.error());
        p.format = Format::netstring;
        p.message = std::move(*m);
        p.signed_bytes = std::string(bytes.substr(0, used));
        auto rest = bytes.substr(used);
        // The receive buffer is NUL-terminated by the reader; tolerate one NUL at the end.
        if (!rest.empty() && rest.back() == '\0') rest.remove_suffix(1);
        if (!rest.empty()) {
            std::size_t tused = 0;
            auto t = read_netstring(rest, &tused);
            if (!t) return err(malformed, "auth trailer: " + t.error());
            if (tused != rest.size()) return err(malformed, "bytes after the auth trailer");
            auto tok = parse_auth_token(*t);
            if (!tok) return err(malformed, "auth trailer is not 'IDX HEX'");
            p.token = std::move(*tok);
        }
        return p;
    }
    if (bytes.substr(0, 3) == ">>>") {
        std::size_t used = 0;
        auto m = decode_classic(bytes, &used);
        if (!m) return err(malformed, m.error());
        if (used != bytes.size()) return err(malformed, "bytes after the classic message");
        p.format = Format::classic;
        p.message = std::move(*m);
        auto body = classic_auth_body(p.message);
        // A parsed message always re-serialises, except for values that cannot round-trip.
        if (!body) return err(malformed, body.error());
        p.signed_bytes = std::move(*body);
        if (auto a = p.message.get("auth")) {
            auto tok = parse_auth_token(*a);
            if (!tok) return err(malformed, "auth field is not 'IDX HEX'");
            p.token = std::move(*tok);
        }
        return p;
    }
    return err(malformed, "unknown packet format");
}

ha::Expected<int> verify_packet(const ParsedPacket& p, const config::AuthKeys& keys) {
    if (!p.token) return err(unauthenticated, "packet carries no authentication");
    auto* entry = keys.find(p.token->index);
    if (!entry) return err(unknown_key, "auth index " + std::to_string(p.token->index) + " is not in authkeys");
    if (digest_matches(entry->method, entry->key, p.signed_bytes, p.token->digest)) return entry->index;
    auto* sign = keys.signing();
    if (sign && sign != entry &&
        digest_matches(entry->method, sign->key, p.signed_bytes, p.token->digest))
        return entry->index;
    return err(bad_signature, std::string(p.format == Format::netstring ? "netstring" : "classic") +
                                  " authentication failed (key " + std::to_string(p.token->index) + ")");
}

ha::Expected<ReceivedPacket> receive_packet(std::string_view bytes, const config::AuthKeys& keys) {
    auto p = parse_packet(bytes);
    if (!p) return ha::Error{p.error(), p.error_code()};
    auto idx = verify_packet(*p, keys);
    if (!idx) return ha::Error{idx.error(), idx.error_code()};
    return ReceivedPacket{p->format, std::move(p->message), *idx};
}

ha::Expected<Message> with_classic_auth(const Message& m, const config::AuthKey& key) {
    Message out = m;
    out.remove("auth");
    auto body = classic_auth_body(out);
    if (!body) return ha::Error{body.error()};
    out.add("auth", format_auth_token(key.index, compute_digest(key.method, key.key, *body)));
    return out;
}

ha::Expected<std::string> encode_udp(const Message& m, const config::AuthKeys& keys, config::MsgFmt fmt) {
    auto* key = keys.signing();
    if (!key) return ha::make_error("no signing key");
    std::string bytes;
    if (fmt == config::MsgFmt::classic) {
        auto signed_msg = with_classic_auth(m, *key);
        if (!signed_msg) return ha::Error{signed_msg.error()};
        bytes = encode_netstring(*signed_msg);
    } else {
        Message plain = m;
        plain.remove("auth");
        bytes = encode_netstring(plain);
    }
    bytes += netstring(format_auth_token(key->index, compute_digest(key->method, key->key, bytes)));
    return bytes;
}

ha::Expected<std::string> encode_serial(const Message& m, const config::AuthKeys& keys) {
    auto* key = keys.signing();
    if (!key) return ha::make_error("no signing key");
    auto signed_msg = with_classic_auth(m, *key);
    if (!signed_msg) return ha::Error{signed_msg.error()};
    return encode_classic(*signed_msg);
}

} // namespace hb::wire
