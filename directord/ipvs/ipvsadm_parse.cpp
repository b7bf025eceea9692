#include "directord/ipvs/ipvsadm_parse.hpp"

#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

namespace ipvs {

namespace {

std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> w;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
        if (j > i) w.push_back(line.substr(i, j - i));
        i = j;
    }
    return w;
}

template <class T>
std::optional<T> number(std::string_view s) {
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

struct Endpoint {
    ha::Address addr;
    std::uint16_t port = 0;
};

// "10.0.0.1:80" or "[2001:db8::1]:80", as ipvsadm -n prints them.
std::optional<Endpoint> endpoint(std::string_view s) {
    std::string_view host, port;
    if (!s.empty() && s[0] == '[') {
        auto close = s.find("]:");
        if (close == std::string_view::npos) return std::nullopt;
        host = s.substr(1, close - 1);
        port = s.substr(close + 2);
    } else {
        auto colon = s.rfind(':');
        if (colon == std::string_view::npos) return std::nullopt;
        host = s.substr(0, colon);
        port = s.substr(colon + 1);
    }
    auto a = ha::Address::parse(host);
    auto p = number<std::uint16_t>(port);
    if (!a || !p) return std::nullopt;
    return Endpoint{*a, *p};
}

std::uint32_t sched_flags(std::string_view list) {
    std::uint32_t f = 0;
    while (!list.empty()) {
        auto comma = list.find(',');
        auto item = list.substr(0, comma);
        if (item == "sh-fallback" || item == "mh-fallback" || item == "flag-1") f |= kFlagSched1;
        else if (item == "sh-port" || item == "mh-port" || item == "flag-2") f |= kFlagSched2;
        else if (item == "flag-3") f |= kFlagSched3;
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    return f;
}

[[noreturn]] void bad(std::string_view line, const std::string& why) {
    throw std::runtime_error("cannot read ipvsadm output (" + why + "): " + std::string(line));
}

// The service a -S line names: -t/-u/--sctp-service ADDR:PORT or -f MARK [-6].
ServiceKey service_key(const std::vector<std::string_view>& w, std::string_view line) {
    ServiceKey k;
    bool v6_mark = false;
    for (std::size_t i = 1; i < w.size(); ++i)
        if (w[i] == "-6") v6_mark = true;
    for (std::size_t i = 1; i + 1 < w.size(); ++i) {
        std::string_view o = w[i];
        if (o == "-f" || o == "--fwmark-service") {
            auto m = number<std::uint32_t>(w[i + 1]);
            if (!m || !*m) bad(line, "firewall mark");
            // Canonical fwmark key, as the netlink dump gives it.
            k.fwmark = *m;
            k.protocol = 0;
            k.af = v6_mark ? AF_INET6 : AF_INET;
            k.addr.family = k.af;
            return k;
        }
        std::uint16_t proto = o == "-t" || o == "--tcp-service"   ? IPPROTO_TCP
                              : o == "-u" || o == "--udp-service" ? IPPROTO_UDP
                              : o == "--sctp-service"             ? IPPROTO_SCTP
                                                                  : 0;
        if (!proto) continue;
        auto ep = endpoint(w[i + 1]);
        if (!ep) bad(line, "virtual service address");
        k.protocol = proto;
        k.addr = ep->addr;
        k.af = ep->addr.family;
        k.port = ep->port;
        return k;
    }
    bad(line, "no virtual service");
}

void read_service(Table& t, const std::vector<std::string_view>& w, std::string_view line) {
    Service s;
    s.key = service_key(w, line);
    if (s.key.af == AF_INET6) s.opts.netmask = 128;   // the kernel's v6 default, as netlink reports it
    for (std::size_t i = 1; i < w.size(); ++i) {
        std::string_view o = w[i];
        bool has_arg = i + 1 < w.size();
        if ((o == "-s" || o == "--scheduler") && has_arg) {
            s.opts.scheduler = std::string(w[++i]);
        } else if (o == "-p" || o == "--persistent") {
            s.opts.flags |= kFlagPersistent;
            s.opts.timeout = 300;   // ipvsadm's default when no number follows
            if (has_arg)
                if (auto n = number<std::uint32_t>(w[i + 1])) {
                    s.opts.timeout = *n;
                    ++i;
                }
        } else if ((o == "-M" || o == "--netmask") && has_arg) {
            std::string_view m = w[++i];
            if (s.key.af == AF_INET6) {
                auto n = number<std::uint32_t>(m);
                if (!n) bad(line, "netmask");
                s.opts.netmask = *n;
            } else {
                auto a = ha::Address::parse(m);
                if (!a || a->is_v6()) bad(line, "netmask");
                s.opts.netmask = a->v4_host();
            }
        } else if (o == "-o" || o == "--ops") {
            s.opts.flags |= kFlagOnePacket;
        } else if ((o == "--pe" || o == "pe") && has_arg) {
            s.opts.pe_name = std::string(w[++i]);
        } else if ((o == "-b" || o == "--sched-flags") && has_arg) {
            s.opts.flags |= sched_flags(w[++i]);
        }
    }
    auto key = s.key;
    t[key] = std::move(s);
}

void read_dest(Table& t, const std::vector<std::string_view>& w, std::string_view line) {
    auto svc = t.find(service_key(w, line));
    if (svc == t.end()) bad(line, "real server of an unknown virtual service");
    Dest d;
    d.weight = 1;
    d.fwd = Fwd::route;
    bool have_addr = false;
    for (std::size_t i = 1; i < w.size(); ++i) {
        std::string_view o = w[i];
        bool has_arg = i + 1 < w.size();
        if ((o == "-r" || o == "--real-server") && has_arg) {
            auto ep = endpoint(w[++i]);
            if (!ep) bad(line, "real server address");
            d.key = {ep->addr, ep->port};
            have_addr = true;
        } else if (o == "-m" || o == "--masquerading") {
            d.fwd = Fwd::masq;
        } else if (o == "-g" || o == "--gatewaying") {
            d.fwd = Fwd::route;
        } else if (o == "-i" || o == "--ipip") {
            d.fwd = Fwd::tunnel;
        } else if ((o == "-w" || o == "--weight") && has_arg) {
            auto n = number<std::int32_t>(w[++i]);
            if (!n) bad(line, "weight");
            d.weight = *n;
        } else if ((o == "-x" || o == "--u-threshold") && has_arg) {
            d.u_threshold = number<std::uint32_t>(w[++i]).value_or(0);
        } else if ((o == "-y" || o == "--l-threshold") && has_arg) {
            d.l_threshold = number<std::uint32_t>(w[++i]).value_or(0);
        }
    }
    if (!have_addr) bad(line, "no real server");
    svc->second.dests[d.key] = d;
}

} // namespace

Table parse_save(std::string_view text) {
    Table t;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        auto w = words(line);
        if (w.empty()) continue;
        if (w[0] == "-A") read_service(t, w, line);
        else if (w[0] == "-a") read_dest(t, w, line);
        else bad(line, "neither -A nor -a");
    }
    return t;
}

void merge_thresholds(Table& t, std::string_view text) {
    Service* svc = nullptr;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        auto w = words(line);
        if (w.size() < 2) continue;
        if (w[0] == "->") {
            if (!svc || w.size() < 6) continue;
            auto ep = endpoint(w[1]);
            if (!ep) continue;   // the column header "-> RemoteAddress:Port"
            auto d = svc->dests.find({ep->addr, ep->port});
            if (d == svc->dests.end()) continue;
            d->second.u_threshold = number<std::uint32_t>(w[2]).value_or(0);
            d->second.l_threshold = number<std::uint32_t>(w[3]).value_or(0);
            d->second.active_conns = number<std::uint32_t>(w[4]).value_or(0);
            d->second.inactive_conns = number<std::uint32_t>(w[5]).value_or(0);
            continue;
        }
        svc = nullptr;
        ServiceKey k;
        if (w[0] == "FWM") {
            auto m = number<std::uint32_t>(w[1]);
            if (!m || !*m) continue;
            k.fwmark = *m;
            k.protocol = 0;
            k.af = w.size() > 2 && w[2] == "IPv6" ? AF_INET6 : AF_INET;
            k.addr.family = k.af;
        } else {
            std::uint16_t proto = w[0] == "TCP" ? IPPROTO_TCP : w[0] == "UDP" ? IPPROTO_UDP : w[0] == "SCTP" ? IPPROTO_SCTP : 0;
            auto ep = proto ? endpoint(w[1]) : std::nullopt;
            if (!ep) continue;   // headers: "IP Virtual Server ...", "Prot LocalAddress:Port ..."
            k.protocol = proto;
            k.addr = ep->addr;
            k.af = ep->addr.family;
            k.port = ep->port;
        }
        auto it = t.find(k);
        if (it != t.end()) svc = &it->second;
    }
}

} // namespace ipvs
