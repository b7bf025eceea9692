// Builders for the v1 message catalogue, with the creator's fields in the order 3.0.6
// emits them (the standard fields are added later by add_control_fields).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeatd/wire/message.hpp"

namespace hb::wire {

namespace type {
inline constexpr std::string_view status = "status";
inline constexpr std::string_view ackmsg = "NS_ackmsg";
inline constexpr std::string_view rexmit = "NS_rexmit";
inline constexpr std::string_view nak_rexmit = "NS_nak_rexmit";
inline constexpr std::string_view reqnodes = "reqnodes";
inline constexpr std::string_view repnodes = "repnodes";
inline constexpr std::string_view starting = "starting";
inline constexpr std::string_view resource = "resource";
inline constexpr std::string_view ask_resources = "ask_resources";
inline constexpr std::string_view hb_takeover = "hb_takeover";
inline constexpr std::string_view ip_request = "ip-request";
inline constexpr std::string_view ip_request_resp = "ip-request-resp";
inline constexpr std::string_view shutdone = "shutdone";
inline constexpr std::string_view stonith = "stonith";
} // namespace type

// st = init|up|active|dead; dt = the sender's deadtime; protocol=1 enables flow control.
Message make_status(std::string_view st, std::chrono::milliseconds deadtime, bool protocol = true);
Message make_ackmsg(std::string_view dest, std::uint64_t ackseq);
// firstseq/lastseq are DECIMAL here although seq itself is hex (3.0.6 quirk).
Message make_rexmit(std::string_view dest, std::uint64_t firstseq, std::uint64_t lastseq);
Message make_nak_rexmit(std::string_view dest, std::uint64_t seq, std::string_view info);
Message make_reqnodes(std::string_view dest);
// nodelist is "a b " (every name followed by a space); an empty delnodelist is " ".
Message make_repnodes(std::string_view dest, const std::vector<std::string>& nodes,
                      const std::vector<std::string>& deleted = {});
Message make_starting();
// rsc_hold = none|local|foreign|all; info optional (e.g. "shutdown", "standby").
Message make_resource(std::string_view rsc_hold, bool stable, std::string_view info = {});
Message make_ask_resources(std::string_view rsc_hold, std::string_view info);
Message make_hb_takeover(std::string_view rsc_hold);
Message make_ip_request(std::string_view group_key);
Message make_ip_request_resp(std::string_view dest, std::string_view group_key, bool we_own);
Message make_shutdone();
// result = OK|badhost|bad|n_stnth|unneeded
Message make_stonith(std::string_view victim, std::string_view result);

// Parses NS_rexmit's decimal range.
struct RexmitRange {
    std::uint64_t first = 0, last = 0;
};
std::optional<RexmitRange> read_rexmit(const Message& m);

} // namespace hb::wire
