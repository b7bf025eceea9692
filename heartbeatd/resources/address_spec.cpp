#include "heartbeatd/resources/address_spec.hpp"
#include "heartbeatd/resources/address_takeover.hpp"
#include "heartbeatd/config/values.hpp"

#include <cctype>
#include <charconv>

namespace hb::resources {

namespace {


std::optional<long> number(const std::string& s, std::size_t max_digits) {
    if (s.empty() || s.size() > max_digits) return std::nullopt;
    long v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
}

std::optional<std::uint32_t> parse_ipv4(const std::string& s) {
    auto parts = config::split_fields(s, '.');
    if (parts.size() != 4) return std::nullopt;
    std::uint32_t v = 0;
    for (auto& p : parts) {
        auto o = number(p, 3);
        if (!o || *o > 255) return std::nullopt;
        v = (v << 8) | static_cast<std::uint32_t>(*o);
    }
    return v;
}

std::uint32_t mask_of(int prefix) { return prefix <= 0 ? 0 : 0xffffffffu << (32 - prefix); }

} // namespace

bool declares_native_takeover(std::string_view head) {
    head = head.substr(0, kMarkerWindow);
    for (std::size_t at = head.find(kNativeTakeoverMarker); at != std::string_view::npos;
         at = head.find(kNativeTakeoverMarker, at + 1)) {
        std::size_t end = at + kNativeTakeoverMarker.size();
        bool line_start = at == 0 || head[at - 1] == '\n';
        bool word_end = end == head.size() || head[end] == '\n' || head[end] == ' ' || head[end] == '\t';
        if (line_start && word_end) return true;
    }
    return false;
}

std::string dotted(std::uint32_t ip) {
    return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." + std::to_string((ip >> 8) & 255) +
           "." + std::to_string(ip & 255);
}

std::optional<AddressSpec> parse_address_spec(const std::string& arg, std::string& why) {
    auto parts = config::split_fields(arg, '/');
    if (parts.size() > 4) {
        why = "more than four /-separated parts in " + arg;
        return std::nullopt;
    }
    AddressSpec s;
    auto ip = parse_ipv4(parts[0]);
    if (!ip) {
        why = "bad address " + parts[0];
        return std::nullopt;
    }
    s.ip = *ip;
    if (parts.size() > 1 && !parts[1].empty()) {
        auto p = number(parts[1], 2);
        if (!p || *p > 32) {
            why = "bad prefix " + parts[1];
            return std::nullopt;
        }
        s.prefix = static_cast<int>(*p);
    }
    std::string nic = parts.size() > 2 ? parts[2] : "", brd = parts.size() > 3 ? parts[3] : "";
    if (!nic.empty() && nic[0] >= '0' && nic[0] <= '9') {   // ip/cidr/broadcast
        brd = nic;
        nic.clear();
    }
    if (auto colon = nic.find(':'); colon != std::string::npos) {
        s.label = nic;
        nic.resize(colon);
    }
    s.nic = nic;
    if (!brd.empty()) {
        auto b = parse_ipv4(brd);
        if (!b) {
            why = "bad broadcast address " + brd;
            return std::nullopt;
        }
        s.broadcast = *b;
    }
    return s;
}

std::optional<AddressPlacement> place_address(const AddressSpec& spec, const std::vector<InterfaceAddress>& configured,
                                              std::string& why) {
    AddressPlacement p;
    p.nic = spec.nic;
    std::optional<int> prefix = spec.prefix;
    if (p.nic.empty()) {
        for (const auto& c : configured) {
            if (c.prefix <= 0 || c.prefix > 32) continue;
            if ((c.ip & mask_of(c.prefix)) != (spec.ip & mask_of(c.prefix))) continue;
            p.nic = c.nic;
            if (!prefix) prefix = c.prefix;
            break;
        }
        if (p.nic.empty()) {
            why = "no interface has a network containing " + dotted(spec.ip);
            return std::nullopt;
        }
    }
    p.prefix = prefix.value_or(32);
    if (spec.broadcast) p.broadcast = spec.broadcast;
    else if (p.prefix < 31) p.broadcast = spec.ip | ~mask_of(p.prefix);   // ip's "broadcast +"
    return p;
}

std::vector<std::uint8_t> gratuitous_arp(const std::array<std::uint8_t, 6>& mac, std::uint32_t ip) {
    std::vector<std::uint8_t> f;
    f.reserve(42);
    auto ip_bytes = [&] {
        for (int shift = 24; shift >= 0; shift -= 8) f.push_back(static_cast<std::uint8_t>(ip >> shift));
    };
    f.insert(f.end(), 6, 0xff);                      // to everyone
    f.insert(f.end(), mac.begin(), mac.end());
    f.insert(f.end(), {0x08, 0x06});                 // ARP
    f.insert(f.end(), {0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01});   // Ethernet/IPv4, request
    f.insert(f.end(), mac.begin(), mac.end());       // sender: us, the address
    ip_bytes();
    f.insert(f.end(), 6, 0x00);                      // target hardware: unknown
    ip_bytes();                                      // target: the address itself
    return f;
}

namespace {

std::optional<std::string> lookup(const std::vector<std::string>& env, const std::string& name) {
    std::optional<std::string> v;
    for (const auto& e : env)
        if (e.size() > name.size() && e.compare(0, name.size(), name) == 0 && e[name.size()] == '=')
            v = e.substr(name.size() + 1);   // the last one wins, as in a shell
    return v;
}

} // namespace

ArpTrain arp_train(const std::vector<std::string>& environment, ArpTrain t) {
    if (auto c = lookup(environment, "HA_ARP_COUNT"))
        if (auto n = number(*c, 4)) t.count = static_cast<int>(*n);
    if (auto i = lookup(environment, "HA_ARP_INTERVAL_MS"))
        if (auto n = number(*i, 6)) t.interval = std::chrono::milliseconds(*n);
    return t;
}

bool native_takeover_enabled(const std::vector<std::string>& environment) {
    auto v = lookup(environment, "HA_NATIVE_TAKEOVER");
    if (!v) return true;
    for (auto& c : *v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* no : {"no", "off", "false", "n", "0"})
        if (*v == no) return false;
    return true;
}

} // namespace hb::resources
