#include "heartbeatd/daemon/config_test.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeatd/config/values.hpp"

namespace hb::daemon {

namespace {

bool ipv4(const std::string& s) {
    in_addr a{};
    return ::inet_pton(AF_INET, s.c_str(), &a) == 1;
}
bool ipv6(const std::string& s) {
    in6_addr a{};
    return ::inet_pton(AF_INET6, s.c_str(), &a) == 1;
}

// IPaddr / IPaddr2 "ip[/bits[/nic[/broadcast]]]", IPv6addr "ip6[/bits[/nic]]".
void check_address(const config::Resource& r, int line, const SystemView& sys, config::Diagnostics& d) {
    bool v6 = r.script == "IPv6addr";
    if (r.script != "IPaddr" && r.script != "IPaddr2" && !v6) return;
    if (r.args.empty()) {
        d.error(line, r.token + ": " + r.script + " needs an address");
        return;
    }
    // haresources splits at "::", which cuts IPv6addr::2001:db8::10/64 into "2001:db8" and
    // "10/64" (the script joins them back): join them here too.
    std::string spec = r.args[0];
    if (v6)
        for (std::size_t i = 1; i < r.args.size(); ++i) spec += "::" + r.args[i];
    auto parts = config::split_fields(spec, '/');
    if (v6 ? !ipv6(parts[0]) : !ipv4(parts[0])) {
        d.error(line, r.token + ": '" + parts[0] + "' is not an IPv" + (v6 ? "6" : "4") + " address");
        return;
    }
    if (parts.size() > 1 && !parts[1].empty()) {
        bool digits = parts[1].find_first_not_of("0123456789") == std::string::npos;
        int bits = digits && parts[1].size() <= 3 ? std::stoi(parts[1]) : -1;
        bool dotted = !v6 && ipv4(parts[1]);   // IPaddr also takes a dotted netmask
        if (!dotted && (bits < 0 || bits > (v6 ? 128 : 32)))
            d.error(line, r.token + ": '" + parts[1] + "' is not a prefix length");
    }
    if (parts.size() > 2 && !parts[2].empty()) {
        std::string nic = parts[2].substr(0, parts[2].find(':'));   // IPaddr's nic:label
        if (!sys.interface_exists(nic))
            d.error(line, r.token + ": interface '" + nic + "' does not exist on this node");
    }
}

} // namespace

std::vector<config::Diagnostic> check_setup(const LoadedConfig& cfg, const std::vector<std::string>& script_dirs,
                                            const SystemView& sys) {
    config::Diagnostics hacf(cfg.dir + "/ha.cf");
    for (const auto& m : cfg.cf.media) {
        if (m.kind == config::Medium::Kind::serial) {
            struct stat st{};
            if (::stat(m.device.c_str(), &st) != 0 || !S_ISCHR(st.st_mode))
                hacf.error(m.line, "serial " + m.device + ": not a character device on this node");
            continue;
        }
        if (!m.device.empty() && !sys.interface_exists(m.device))
            hacf.error(m.line, "interface '" + m.device + "' does not exist on this node");
    }
    config::Diagnostics hares(cfg.dir + "/haresources");
    for (const auto& g : cfg.groups) {
        for (const auto& r : g.resources) {
            using S = SystemView::Script;
            S best = S::missing;
            std::string where;
            for (const auto& dir : script_dirs) {
                S s = sys.script(dir + "/" + r.script);
                if (s == S::missing) continue;
                best = s;
                where = dir + "/" + r.script;
                break;
            }
            if (best == S::missing) {
                std::string dirs;
                for (const auto& dir : script_dirs) dirs += (dirs.empty() ? "" : " or ") + dir;
                hares.error(g.line, r.token + ": no script '" + r.script + "' in " + dirs);
            } else if (best == S::not_executable) {
                hares.error(g.line, r.token + ": " + where + " is not executable (chmod +x it)");
            }
            check_address(r, g.line, sys, hares);
        }
    }
    std::vector<config::Diagnostic> out = hacf.all();
    out.insert(out.end(), hares.all().begin(), hares.all().end());
    return out;
}

SystemView real_system() {
    SystemView v;
    v.script = [](const std::string& path) {
        struct stat st{};
        if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return SystemView::Script::missing;
        return ::access(path.c_str(), X_OK) == 0 ? SystemView::Script::ok : SystemView::Script::not_executable;
    };
    v.interface_exists = [](const std::string& ifname) { return ::if_nametoindex(ifname.c_str()) != 0; };
    return v;
}

std::string setup_summary(const LoadedConfig& cfg) {
    std::size_t rsc = 0;
    for (const auto& g : cfg.groups) rsc += g.resources.size();
    return "ha.cf: " + std::to_string(cfg.cf.nodes.size()) + " node(s), " + std::to_string(cfg.cf.media.size()) +
           " medium(s), keepalive " + std::to_string(cfg.cf.keepalive.count()) + " ms, deadtime " +
           std::to_string(cfg.cf.deadtime.count()) + " ms; authkeys: signing with key " +
           std::to_string(cfg.keys.sign_index) + "; haresources: " + std::to_string(cfg.groups.size()) +
           " group(s), " + std::to_string(rsc) + " resource(s); local node " + cfg.local;
}

} // namespace hb::daemon
