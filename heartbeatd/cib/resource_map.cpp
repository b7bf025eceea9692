#include "heartbeatd/cib/resource_map.hpp"

#include <map>

#include "heartbeatd/cib/xml_id.hpp"
#include "lib/address.hpp"

namespace hb::cib {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (true) {
        auto next = s.find(sep, pos);
        out.push_back(s.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
        if (next == std::string::npos) return out;
        pos = next + 1;
    }
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
    return s;
}

bool all_digits(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

Primitive ocf(std::string type) {
    Primitive p;
    p.cls = "ocf";
    p.provider = "heartbeat";
    p.type = std::move(type);
    return p;
}

Mapped fail(std::string why) {
    Mapped m;
    m.error = std::move(why);
    return m;
}

// heartbeat's IPaddr/IPaddr2 argument: ip[/cidr[/nic[:label][/broadcast]]], where a third
// part starting with a digit is the broadcast address (no nic).
Mapped ipaddr(const config::Resource& r) {
    if (r.args.size() != 1) return fail(r.script + " takes one argument (ip[/cidr[/nic[:label][/broadcast]]]), " +
                                        std::to_string(r.args.size()) + " given");
    auto parts = split(r.args[0], '/');
    if (parts.size() > 4) return fail("too many '/' parts in " + r.args[0]);
    auto ip = ha::Address::parse(parts[0]);
    if (!ip || ip->is_v6()) return fail("'" + parts[0] + "' is not an IPv4 address");
    Primitive p = ocf("IPaddr2");
    p.params.push_back({"ip", parts[0]});
    std::string cidr = parts.size() > 1 ? parts[1] : "", nic = parts.size() > 2 ? parts[2] : "",
                brd = parts.size() > 3 ? parts[3] : "";
    if (!nic.empty() && nic[0] >= '0' && nic[0] <= '9') {
        if (parts.size() > 3) return fail("'" + nic + "' is not an interface name (" + r.args[0] + ")");
        brd = nic;
        nic.clear();
    }
    std::string label;
    if (auto colon = nic.find(':'); colon != std::string::npos) {
        label = nic.substr(colon + 1);
        nic = nic.substr(0, colon);
    }
    if (!cidr.empty()) {
        bool ok = (all_digits(cidr) && cidr.size() <= 2 && std::stoi(cidr) <= 32) ||
                  (ha::Address::parse(cidr) && !ha::Address::parse(cidr)->is_v6());
        if (!ok) return fail("'" + cidr + "' is not a netmask (bits or dotted quad) in " + r.args[0]);
        p.params.push_back({"cidr_netmask", cidr});
    }
    if (!nic.empty()) p.params.push_back({"nic", nic});
    if (!label.empty()) p.params.push_back({"iflabel", label});
    if (!brd.empty()) {
        auto b = ha::Address::parse(brd);
        if (!b || b->is_v6()) return fail("'" + brd + "' is not a broadcast address in " + r.args[0]);
        p.params.push_back({"broadcast", brd});
    }
    p.ops = {{"monitor", "10s", "20s"}};
    return Mapped{p, {}, {}};
}

// IPv6addr::addr[/prefix[/nic]]; the address's own "::" was split by haresources' parser.
Mapped ipv6addr(const config::Resource& r) {
    if (r.args.empty()) return fail("IPv6addr needs an address (IPv6addr::addr[/prefix[/nic]])");
    std::string spec = join(r.args, "::");
    auto parts = split(spec, '/');
    if (parts.size() > 3) return fail("too many '/' parts in " + spec);
    auto a = ha::Address::parse(parts[0]);
    if (!a || !a->is_v6()) return fail("'" + parts[0] + "' is not an IPv6 address");
    Primitive p = ocf("IPv6addr");
    p.params.push_back({"ipv6addr", parts[0]});
    if (parts.size() > 1 && !parts[1].empty()) {
        if (!all_digits(parts[1]) || parts[1].size() > 3 || std::stoi(parts[1]) < 1 || std::stoi(parts[1]) > 128)
            return fail("'" + parts[1] + "' is not a prefix length (1..128) in " + spec);
        p.params.push_back({"cidr_netmask", parts[1]});
    }
    if (parts.size() > 2 && !parts[2].empty()) p.params.push_back({"nic", parts[2]});
    p.ops = {{"monitor", "10s", "20s"}};
    return Mapped{p, {}, {}};
}

Mapped directord(const config::Resource& r, const MapContext& ctx) {
    if (r.args.size() > 1) return fail(r.script + " takes at most one argument (the config file)");
    std::string given = r.args.empty() ? "ldirectord.cf" : r.args[0];
    Mapped m;
    Primitive p = ocf("ldirectord");
    std::optional<std::string> path = ctx.ldirectord_config ? ctx.ldirectord_config(given) : std::nullopt;
    if (!path) {
        path = given.starts_with("/") ? given : "/etc/ha.d/" + given;
        m.warnings.push_back("config file " + given + " not found here; the CIB names " + *path +
                             ", which must exist on every node");
    }
    p.params.push_back({"configfile", *path});
    p.params.push_back({"ldirectord", ctx.directord_path});
    // directord's stop waits for a table update in progress (up to 30 s) before cleaning up.
    p.ops = {{"monitor", "20s", "20s"}, {"start", "0s", "30s"}, {"stop", "0s", "60s"}};
    m.primitive = p;
    return m;
}

// heartbeat's resource.d wrappers of OCF agents: positional arguments -> parameter names.
struct Wrapper {
    std::vector<std::string> params;
    std::size_t required;
};
const std::map<std::string, Wrapper>& wrappers() {
    static const std::map<std::string, Wrapper> w = {
        {"Filesystem", {{"device", "directory", "fstype", "options"}, 2}},
        {"IPsrcaddr", {{"ipaddress"}, 1}},
        {"MailTo", {{"email", "subject"}, 1}},
        {"Delay", {{"startdelay", "stopdelay"}, 0}},
        {"apache", {{"configfile"}, 0}},
        {"Xinetd", {{"service"}, 1}},
        {"LVM", {{"volgrpname"}, 1}},
        {"Raid1", {{"raidconf", "raiddev"}, 2}},
        {"portblock", {{"protocol", "portno", "action"}, 3}},
        {"db2", {{"instance"}, 1}},
        {"ICP", {{"driveid", "device"}, 2}},
        {"LinuxSCSI", {{"scsi"}, 1}},
        {"ServeRAID", {{"serveraid", "mergegroup"}, 2}},
        {"WinPopup", {{"hostfile"}, 0}},
        {"ids", {{"informixdir", "informixserver", "onconfig"}, 0}},
    };
    return w;
}

Mapped wrapped(const config::Resource& r, const Wrapper& w) {
    if (r.args.size() < w.required || r.args.size() > w.params.size())
        return fail(r.script + " takes " + std::to_string(w.required) +
                    (w.params.size() == w.required ? "" : ".." + std::to_string(w.params.size())) + " arguments (" +
                    join(w.params, "::") + "), " + std::to_string(r.args.size()) + " given");
    Primitive p = ocf(r.script);
    for (std::size_t i = 0; i < r.args.size(); ++i) p.params.push_back({w.params[i], r.args[i]});
    p.ops = {{"monitor", "30s", "30s"}};
    return Mapped{p, {}, {}};
}

Mapped special_wrapper(const config::Resource& r) {
    Primitive p = ocf(r.script);
    if (r.script == "AudibleAlarm") {   // every argument is a node name
        if (!r.args.empty()) p.params.push_back({"nodelist", join(r.args, " ")});
    } else if (r.script == "WAS") {      // a port number or a config file
        if (r.args.size() > 1) return fail("WAS takes at most one argument (config file or port)");
        if (r.args.size() == 1) p.params.push_back({all_digits(r.args[0]) ? "port" : "config", r.args[0]});
    } else if (r.script == "SendArp") {  // ip/nic
        if (r.args.size() != 1 || r.args[0].find('/') == std::string::npos)
            return fail("SendArp takes one argument, ip/interface");
        auto slash = r.args[0].find('/');
        p.params.push_back({"ip", r.args[0].substr(0, slash)});
        p.params.push_back({"nic", r.args[0].substr(slash + 1)});
    } else {
        return fail("no mapping");
    }
    p.ops = {{"monitor", "30s", "30s"}};
    return Mapped{p, {}, {}};
}

Mapped lsb(const config::Resource& r, const MapContext& ctx) {
    bool in_resource_d = ctx.resource_d.count(r.script) > 0;
    bool in_init_d = ctx.init_d.count(r.script) > 0;
    if (!r.args.empty())
        return fail(std::string(in_resource_d ? "resource.d" : "init") + " script " + r.script + " with arguments (" +
                    join(r.args, "::") + "): an LSB resource takes none; write an OCF agent with these as parameters");
    Mapped m;
    Primitive p;
    p.cls = "lsb";
    p.type = r.script;
    // heartbeat never timed its scripts out; Pacemaker's default is 20 s.
    p.ops = {{"monitor", "30s", "30s"}, {"start", "0s", "120s"}, {"stop", "0s", "120s"}};
    if (in_resource_d && !in_init_d)
        m.warnings.push_back("resource.d/" + r.script + " becomes lsb:" + r.script +
                             ": Pacemaker looks for it in /etc/init.d, copy it there on every node");
    else if (!in_resource_d && !in_init_d)
        m.warnings.push_back(r.script + " is neither in resource.d nor in /etc/init.d here; lsb:" + r.script +
                             " must exist in /etc/init.d on every node");
    else
        m.warnings.push_back("lsb:" + r.script + " is monitored with its status action, which must follow LSB exit codes (0 running, 3 stopped)");
    m.primitive = p;
    return m;
}

} // namespace

Mapped map_resource(const config::Resource& r, const MapContext& ctx) {
    if (r.script == "IPaddr" || r.script == "IPaddr2") return ipaddr(r);
    if (r.script == "IPv6addr") return ipv6addr(r);
    if (r.script == "directord" || r.script == "ldirectord") return directord(r, ctx);
    if (auto it = wrappers().find(r.script); it != wrappers().end()) return wrapped(r, it->second);
    if (r.script == "AudibleAlarm" || r.script == "WAS" || r.script == "SendArp") return special_wrapper(r);
    if (r.script == "OCF")
        return fail("heartbeat's OCF wrapper reads its parameters from files under /etc/ha.d/conf: "
                    "add the agent it names as an ocf: primitive by hand");
    return lsb(r, ctx);
}

std::string resource_id(const config::Resource& r, const Primitive& p) {
    std::string base = p.type;
    if (p.type == "IPaddr2" || p.type == "IPv6addr" || p.type == "SendArp" || p.type == "IPsrcaddr") {
        base += "_" + p.params.front().value;
    } else if (p.type == "ldirectord") {
        base = r.script;   // directord or ldirectord, as the operator knows it
        auto& path = p.params.front().value;
        base += "_" + path.substr(path.rfind('/') + 1);
    } else if (!r.args.empty()) {
        base += "_" + r.args.front();
    }
    return xml_id(base);
}

} // namespace hb::cib
