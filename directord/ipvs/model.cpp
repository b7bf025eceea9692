#include "directord/ipvs/model.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <set>
#include <sstream>

namespace ipvs {

const char* fwd_name(Fwd f) {
    switch (f) {
    case Fwd::masq: return "Masq";
    case Fwd::local: return "Local";
    case Fwd::tunnel: return "Tunnel";
    case Fwd::route: return "Route";
    }
    return "?";
}

const char* fwd_flag(Fwd f) {
    switch (f) {
    case Fwd::masq: return "-m";
    case Fwd::tunnel: return "-i";
    case Fwd::local:
    case Fwd::route: return "-g";
    }
    return "-g";
}

static const char* proto_name(std::uint16_t p) {
    switch (p) {
    case IPPROTO_TCP: return "tcp";
    case IPPROTO_UDP: return "udp";
    case IPPROTO_SCTP: return "sctp";
    }
    return "?";
}

std::string service_str(const ServiceKey& k) {
    if (k.is_fwmark()) return (k.af == AF_INET6 ? "fwm6 " : "fwm ") + std::to_string(k.fwmark);
    return std::string(proto_name(k.protocol)) + " " + ha::endpoint(k.addr, k.port);
}

// ipvsadm's service selector: "-t 1.2.3.4:80", "-f 5", "-f 5 -6"
static std::string selector(const ServiceKey& k) {
    if (k.is_fwmark()) return "-f " + std::to_string(k.fwmark) + (k.af == AF_INET6 ? " -6" : "");
    const char* opt = k.protocol == IPPROTO_UDP ? "-u" : k.protocol == IPPROTO_SCTP ? "--sctp-service" : "-t";
    return std::string(opt) + " " + ha::endpoint(k.addr, k.port);
}

static std::string mask_str(int af, std::uint32_t mask) {
    if (af == AF_INET6) return std::to_string(mask);
    return ha::Address::v4(mask).str();
}

static std::string sched_flags_str(const ServiceOpts& o) {
    std::string prefix = o.scheduler == "sh" ? "sh-" : o.scheduler == "mh" ? "mh-" : "flag-";
    std::string out;
    auto add = [&](std::uint32_t bit, const char* sh, const char* flag) {
        if (!(o.flags & bit)) return;
        if (!out.empty()) out += ",";
        // flag-3 has no sh-/mh- name: "sh-flag-3" would be read back by nobody.
        out += prefix == "flag-" || bit == kFlagSched3 ? std::string(flag) : prefix + sh;
    };
    add(kFlagSched1, "fallback", "flag-1");
    add(kFlagSched2, "port", "flag-2");
    add(kFlagSched3, "flag-3", "flag-3");
    return out;
}

static std::string opts_args(const ServiceKey& k, const ServiceOpts& o) {
    std::string s = " -s " + o.scheduler;
    if (o.flags & kFlagPersistent) {
        s += " -p " + std::to_string(o.timeout);
        bool full = k.af == AF_INET6 ? o.netmask == 128 : o.netmask == 0xffffffff;
        if (!full) s += " -M " + mask_str(k.af, o.netmask);
    }
    if (o.flags & kFlagOnePacket) s += " -o";
    if (!o.pe_name.empty()) s += " --pe " + o.pe_name;
    auto sf = sched_flags_str(o);
    if (!sf.empty()) s += " -b " + sf;
    return s;
}

// `save`: as `ipvsadm -S -n` prints it (tunnel type named, thresholds never shown);
// otherwise the command that sets everything.
static std::string dest_args(const Dest& d, bool save = false) {
    std::string s = " -r " + ha::endpoint(d.key.addr, d.key.port) + " " + fwd_flag(d.fwd) +
                    " -w " + std::to_string(d.weight);
    if (save) return d.fwd == Fwd::tunnel ? s + " --tun-type ipip" : s;
    if (d.u_threshold) s += " -x " + std::to_string(d.u_threshold);
    if (d.l_threshold) s += " -y " + std::to_string(d.l_threshold);
    return s;
}

std::string op_str(const Op& op) {
    std::string sel = selector(op.svc);
    switch (op.kind) {
    case Op::add_service: return "-A " + sel + opts_args(op.svc, op.opts);
    case Op::edit_service: return "-E " + sel + opts_args(op.svc, op.opts);
    case Op::del_service: return "-D " + sel;
    case Op::add_dest: return "-a " + sel + dest_args(op.dest);
    case Op::edit_dest: return "-e " + sel + dest_args(op.dest);
    case Op::del_dest: return "-d " + sel + " -r " + ha::endpoint(op.dest.key.addr, op.dest.key.port);
    }
    return "?";
}

std::string save_format(const Table& t) {
    std::string out;
    for (const auto& [k, s] : t) {
        out += "-A " + selector(k) + opts_args(k, s.opts) + "\n";
        for (const auto& [dk, d] : s.dests) out += "-a " + selector(k) + dest_args(d, true) + "\n";
    }
    return out;
}

std::string list_format(const Table& t) {
    std::ostringstream o;
    o << "Prot LocalAddress:Port Scheduler Flags\n"
         "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";
    char buf[256];
    for (const auto& [k, s] : t) {
        std::string head;
        if (k.is_fwmark())
            head = "FWM  " + std::to_string(k.fwmark) + (k.af == AF_INET6 ? " IPv6" : "");
        else {
            std::string p = proto_name(k.protocol);
            for (auto& c : p) c = (char)toupper(c);
            p.resize(5, ' ');
            head = p + ha::endpoint(k.addr, k.port);
        }
        o << head << " " << s.opts.scheduler;
        if (s.opts.flags & kFlagPersistent) {
            o << " persistent " << s.opts.timeout;
            bool full = k.af == AF_INET6 ? s.opts.netmask == 128 : s.opts.netmask == 0xffffffff;
            if (!full) o << " mask " << mask_str(k.af, s.opts.netmask);
        }
        if (s.opts.flags & kFlagOnePacket) o << " ops";
        auto sf = sched_flags_str(s.opts);
        if (!sf.empty()) o << " (" << sf << ")";
        o << "\n";
        for (const auto& [dk, d] : s.dests) {
            std::snprintf(buf, sizeof buf, "  -> %-28s %-7s %-6d %-10u %-10u\n",
                          ha::endpoint(dk.addr, dk.port).c_str(), fwd_name(d.fwd), d.weight,
                          d.active_conns, d.inactive_conns);
            o << buf;
        }
    }
    return o.str();
}

// Schedulers a stock kernel ships as modules; the in-memory table accepts only these.
static const std::set<std::string> kKnownSchedulers = {
    "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"};

int apply_op(Table& t, const Op& op) {
    auto it = t.find(op.svc);
    switch (op.kind) {
    case Op::add_service:
        if (it != t.end()) return EEXIST;
        if (op.svc.af == AF_INET6 && (op.opts.flags & kFlagPersistent) && (op.opts.netmask < 1 || op.opts.netmask > 128))
            return EINVAL;
        if (!kKnownSchedulers.count(op.opts.scheduler)) return ENOENT;
        t[op.svc] = Service{op.svc, op.opts, {}};
        return 0;
    case Op::edit_service:
        if (it == t.end()) return ESRCH;
        if (op.svc.af == AF_INET6 && (op.opts.flags & kFlagPersistent) && (op.opts.netmask < 1 || op.opts.netmask > 128))
            return EINVAL;
        if (!kKnownSchedulers.count(op.opts.scheduler)) return ENOENT;
        it->second.opts = op.opts;
        return 0;
    case Op::del_service:
        if (it == t.end()) return ESRCH;
        t.erase(it);
        return 0;
    default: break;
    }
    if (it == t.end()) return ESRCH;
    if (op.kind != Op::del_dest) {
        if (op.dest.weight < 0) return ERANGE;
        if (op.dest.l_threshold > op.dest.u_threshold) return ERANGE;
        // A real server of the other family works only through a tunnel.
        if (op.dest.key.addr.family != op.svc.af && op.dest.fwd != Fwd::tunnel) return EINVAL;
    }
    auto& dests = it->second.dests;
    auto d = dests.find(op.dest.key);
    switch (op.kind) {
    case Op::add_dest:
        if (d != dests.end()) return EEXIST;
        dests[op.dest.key] = op.dest;
        return 0;
    case Op::edit_dest:
        if (d == dests.end()) return ENOENT;
        d->second = op.dest;
        return 0;
    case Op::del_dest:
        if (d == dests.end()) return ENOENT;
        dests.erase(d);
        return 0;
    default: return EINVAL;
    }
}

} // namespace ipvs
