// Whole packets: a message plus its authentication, in the two formats 3.0.6 speaks.
//  * UDP: netstring message + trailer "LEN:IDX HEX," whose HMAC covers every byte from the
//    first '#' through "%%%\n". With msgfmt classic an "auth=IDX HEX" field is appended
//    first, signing the classic text of the other fields.
//  * Serial: classic text with the "auth" field as the last line.
// A receiver checks only the signature that belongs to the format it received.
#pragma once
#include <string>
#include <string_view>

#include "heartbeatd/config/authkeys.hpp"
#include "heartbeatd/config/ha_cf.hpp"
#include "lib/expected.hpp"
#include "heartbeatd/wire/auth.hpp"
#include "heartbeatd/wire/message.hpp"

namespace hb::wire {

enum class Format { netstring, classic };

// Error codes carried in ha::Error::code, so the daemon can count drops by cause.
enum PacketError : int {
    malformed = 1,          // not parseable
    unauthenticated = 2,    // no signature at all
    unknown_key = 3,        // signature names an index authkeys does not define
    bad_signature = 4,      // signature does not match
};

// Packet bytes before any authentication check.
struct ParsedPacket {
    Format format = Format::netstring;
    Message message;
    std::string signed_bytes;           // what the relevant signature covers
    std::optional<AuthToken> token;     // the netstring trailer, or the classic auth field
};

// Parses a datagram or one serial frame. Never throws; garbage gives a `malformed` error.
ha::Expected<ParsedPacket> parse_packet(std::string_view bytes);

// Checks `p`'s signature against `keys`. The algorithm is the one of the index named in the
// packet. As well as that entry's own key, the signing ("auth N") key is tried, because 3.0.6
// verifies every index with its outbound key: this accepts everything 3.0.6 accepts.
ha::Expected<int> verify_packet(const ParsedPacket& p, const config::AuthKeys& keys);

// parse_packet + verify_packet; the message is returned only if it is authentic. It still
// holds any embedded "auth" field (ignore it; it was checked only for classic frames).
struct ReceivedPacket {
    Format format = Format::netstring;
    Message message;
    int auth_index = 0;
};
ha::Expected<ReceivedPacket> receive_packet(std::string_view bytes, const config::AuthKeys& keys);

// UDP datagram for `m` (which must not already carry "auth"), signed with keys.signing().
ha::Expected<std::string> encode_udp(const Message& m, const config::AuthKeys& keys, config::MsgFmt fmt);

// Serial frame: classic text with the auth field last.
ha::Expected<std::string> encode_serial(const Message& m, const config::AuthKeys& keys);

// The message with its classic "auth" field appended (replacing any old one).
ha::Expected<Message> with_classic_auth(const Message& m, const config::AuthKey& key);

} // namespace hb::wire
