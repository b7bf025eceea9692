// g++ 12 reports -Wmaybe-uninitialized inside std::variant moves of the failover
// messages (every member has an initializer): a known false positive of that release.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "heartbeatd/failover/messages.hpp"

#include "heartbeatd/wire/messages.hpp"

namespace hb::failover {

namespace {

template <class... F>
struct Overload : F... {
    using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

std::string_view info_word(AskResources::Info i) {
    switch (i) {
    case AskResources::Info::me: return "me";
    case AskResources::Info::other: return "other";
    case AskResources::Info::done: return "done";
    }
    return "me";
}

} // namespace

wire::Message to_wire(const Msg& msg) {
    return std::visit(
        Overload{
            [](const Starting&) { return wire::make_starting(); },
            [](const ResourceMsg& r) {
                if (r.full) return wire::make_resource(to_string(r.hold), r.stable, r.info);
                // mach_down's form, as the shell script writes it: no rtype, no isstable.
                wire::Message m;
                m.add("t", std::string(wire::type::resource)).add("rsc_hold", std::string(to_string(r.hold)));
                if (!r.info.empty()) m.add("info", r.info);
                return m;
            },
            [](const AskResources& a) { return wire::make_ask_resources(to_string(a.hold), info_word(a.info)); },
            [](const HbTakeover& h) { return wire::make_hb_takeover(to_string(h.hold)); },
            [](const IpRequest& r) { return wire::make_ip_request(r.key); },
            [](const IpRequestResp& r) { return wire::make_ip_request_resp(r.dest, r.key, r.we_own); },
            [](const Shutdone&) { return wire::make_shutdone(); },
            [](const StonithMsg& s) { return wire::make_stonith(s.node, s.result); },
        },
        msg);
}

std::optional<Msg> from_wire(const wire::Message& m) {
    auto t = m.type();
    auto hold = [&]() { return parse_rsc_set(m.get_or("rsc_hold")); };
    if (t == wire::type::starting) return Starting{};
    if (t == wire::type::resource) {
        auto h = hold();
        if (!h) return std::nullopt;
        ResourceMsg r{*h, m.get_or("isstable") == "1", m.get_or("info"), m.has("rtype")};
        return r;
    }
    if (t == wire::type::ask_resources) {
        auto h = hold();
        auto info = m.get_or("info");
        if (!h) return std::nullopt;
        AskResources a{*h};
        if (info == "me") a.info = AskResources::Info::me;
        else if (info == "other") a.info = AskResources::Info::other;
        else if (info == "done") a.info = AskResources::Info::done;
        else return std::nullopt;
        return a;
    }
    if (t == wire::type::hb_takeover) {
        auto word = m.get_or("rsc_hold");
        if (word == "failback") return HbTakeover{RscSet::local_only()};
        auto h = hold();
        if (!h) return std::nullopt;
        return HbTakeover{*h};
    }
    if (t == wire::type::ip_request) {
        auto key = m.get_or("ipaddr");
        if (key.empty()) return std::nullopt;
        return IpRequest{key};
    }
    if (t == wire::type::ip_request_resp) {
        auto key = m.get_or("ipaddr");
        if (key.empty()) return std::nullopt;
        return IpRequestResp{m.get_or("dest"), key, m.get_or("weown") == "yes"};
    }
    if (t == wire::type::shutdone) return Shutdone{};
    if (t == wire::type::stonith) return StonithMsg{m.get_or("node"), m.get_or("result")};
    return std::nullopt;
}

std::string describe(const Msg& m) {
    return wire::to_debug_string(to_wire(m));
}

} // namespace hb::failover
