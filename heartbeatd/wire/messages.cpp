#include "heartbeatd/wire/messages.hpp"

#include "heartbeatd/wire/fields.hpp"

namespace hb::wire {

namespace {
Message typed(std::string_view t) {
    Message m;
    m.add("t", std::string(t));
    return m;
}
std::string s(std::string_view v) { return std::string(v); }
} // namespace

Message make_status(std::string_view st, std::chrono::milliseconds deadtime, bool protocol) {
    auto m = typed(type::status);
    m.add("st", s(st)).add("dt", format_deadtime(deadtime));
    if (protocol) m.add("protocol", "1");
    return m;
}

Message make_ackmsg(std::string_view dest, std::uint64_t ackseq) {
    auto m = typed(type::ackmsg);
    m.add("dest", s(dest)).add("ackseq", to_hex(ackseq));
    return m;
}

Message make_rexmit(std::string_view dest, std::uint64_t firstseq, std::uint64_t lastseq) {
    auto m = typed(type::rexmit);
    m.add("dest", s(dest)).add("firstseq", std::to_string(firstseq)).add("lastseq", std::to_string(lastseq));
    return m;
}

Message make_nak_rexmit(std::string_view dest, std::uint64_t seq, std::string_view info) {
    auto m = typed(type::nak_rexmit);
    m.add("firstseq", to_hex(seq)).add("dest", s(dest)).add("info", s(info));
    return m;
}

Message make_reqnodes(std::string_view dest) {
    auto m = typed(type::reqnodes);
    m.add("dest", s(dest));
    return m;
}

Message make_repnodes(std::string_view dest, const std::vector<std::string>& nodes,
                      const std::vector<std::string>& deleted) {
    // 3.0.6 puts dest before t here (captured).
    Message m;
    m.add("dest", s(dest)).add("t", s(type::repnodes));
    std::string list, del;
    for (auto& n : nodes) list += n + " ";
    for (auto& n : deleted) del += n + " ";
    // The classic format cannot carry empty values, hence a single space.
    m.add("nodelist", list.empty() ? " " : list).add("delnodelist", del.empty() ? " " : del);
    return m;
}

Message make_starting() { return typed(type::starting); }

Message make_resource(std::string_view rsc_hold, bool stable, std::string_view info) {
    auto m = typed(type::resource);
    m.add("rsc_hold", s(rsc_hold)).add("rtype", "full").add("isstable", stable ? "1" : "0");
    if (!info.empty()) m.add("info", s(info));
    return m;
}

Message make_ask_resources(std::string_view rsc_hold, std::string_view info) {
    auto m = typed(type::ask_resources);
    m.add("rsc_hold", s(rsc_hold)).add("info", s(info));
    return m;
}

Message make_hb_takeover(std::string_view rsc_hold) {
    auto m = typed(type::hb_takeover);
    m.add("rsc_hold", s(rsc_hold));
    return m;
}

Message make_ip_request(std::string_view group_key) {
    auto m = typed(type::ip_request);
    m.add("ipaddr", s(group_key));
    return m;
}

Message make_ip_request_resp(std::string_view dest, std::string_view group_key, bool we_own) {
    auto m = typed(type::ip_request_resp);
    m.add("dest", s(dest)).add("ipaddr", s(group_key)).add("weown", we_own ? "yes" : "no").add("ok", "OK");
    return m;
}

Message make_shutdone() {
    auto m = typed(type::shutdone);
    m.add("st", "dead");
    return m;
}

Message make_stonith(std::string_view victim, std::string_view result) {
    auto m = typed(type::stonith);
    m.add("node", s(victim)).add("result", s(result));
    return m;
}

std::optional<RexmitRange> read_rexmit(const Message& m) {
    auto f = m.get("firstseq"), l = m.get("lastseq");
    if (!f || !l) return std::nullopt;
    auto fv = parse_dec(*f), lv = parse_dec(*l);
    if (!fv || !lv || *fv > *lv) return std::nullopt;
    return RexmitRange{*fv, *lv};
}

} // namespace hb::wire
