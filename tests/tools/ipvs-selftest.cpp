// ipvs-selftest: drives NetlinkKernel against a real IPVS table (run as root inside the test VM
// or a scratch network namespace; it flushes the table of the namespace it runs in).
//
//   ipvs-selftest list            case names
//   ipvs-selftest run CASE...     flush, run each case, leave the last case's table in place
//   ipvs-selftest all             every case
//   ipvs-selftest save            save_format(dump()) — for comparison with `ipvsadm -S -n`
//   ipvs-selftest flush
//   ipvs-selftest probe           constructs NetlinkKernel; prints "ok <version>" or the error
//
// Per case it prints "PASS netlink/<case>" or "FAIL netlink/<case>: <why>" (op results and
// dump() against the expectations), and "PASS|FAIL model/<case>" (MemoryKernel gives the same
// results and table for the same ops, so dry runs and tests predict the kernel).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "directord/ipvs/kernel.hpp"
#include "directord/ipvs/netlink_kernel.hpp"

using namespace ipvs;

namespace {

// --- building ops -----------------------------------------------------------------------

ha::Address addr(const char* text) {
    auto a = ha::Address::parse(text);
    if (!a) throw std::runtime_error(std::string("bad address in test case: ") + text);
    return *a;
}

ServiceKey svc(std::uint16_t proto, const char* a, std::uint16_t port) {
    ServiceKey k;
    k.addr = addr(a);
    k.af = k.addr.family;
    k.protocol = proto;
    k.port = port;
    return k;
}
ServiceKey tcp(const char* a, std::uint16_t port) { return svc(IPPROTO_TCP, a, port); }
ServiceKey udp(const char* a, std::uint16_t port) { return svc(IPPROTO_UDP, a, port); }
ServiceKey sctp(const char* a, std::uint16_t port) { return svc(IPPROTO_SCTP, a, port); }
// Same canonical form the netlink dump produces: no protocol, zero address of the family.
ServiceKey fwm(std::uint32_t mark, int af = AF_INET) {
    ServiceKey k;
    k.af = af;
    k.protocol = 0;
    k.addr.family = af;
    k.fwmark = mark;
    return k;
}

ServiceOpts opts(const char* sched, std::uint32_t flags = 0, std::uint32_t timeout = 0,
                 std::uint32_t netmask = 0xffffffff) {
    ServiceOpts o;
    o.scheduler = sched;
    o.flags = flags;
    o.timeout = timeout;
    o.netmask = netmask;
    return o;
}
// IPv6 services carry a prefix length; 128 is "whole address".
ServiceOpts opts6(const char* sched, std::uint32_t flags = 0, std::uint32_t timeout = 0,
                  std::uint32_t prefix = 128) {
    return opts(sched, flags, timeout, prefix);
}

Dest dest(const char* a, std::uint16_t port, Fwd fwd = Fwd::route, int weight = 1,
          std::uint32_t u = 0, std::uint32_t l = 0) {
    Dest d;
    d.key = {addr(a), port};
    d.fwd = fwd;
    d.weight = weight;
    d.u_threshold = u;
    d.l_threshold = l;
    return d;
}

Op add_svc(ServiceKey k, ServiceOpts o) { return Op{Op::add_service, k, o, {}}; }
Op edit_svc(ServiceKey k, ServiceOpts o) { return Op{Op::edit_service, k, o, {}}; }
Op del_svc(ServiceKey k) { return Op{Op::del_service, k, {}, {}}; }
Op add_dst(ServiceKey k, Dest d) { return Op{Op::add_dest, k, {}, d}; }
Op edit_dst(ServiceKey k, Dest d) { return Op{Op::edit_dest, k, {}, d}; }
Op del_dst(ServiceKey k, Dest d) { return Op{Op::del_dest, k, {}, d}; }

// One op and what the kernel must answer.
struct Step {
    Op op;
    int err = 0;
    std::string msg_part;   // must appear in the result message when err != 0
};
Step ok(Op op) { return {std::move(op), 0, {}}; }
Step fails(Op op, int err, std::string part) { return {std::move(op), err, std::move(part)}; }

struct Case {
    std::string name;
    std::vector<Step> steps;
    std::size_t window = 0;   // 0: the kernel object's default
    // Extra checks after the steps; returns "" or why it failed.
    std::function<std::string(NetlinkKernel&)> extra;

    Case(std::string n, std::vector<Step> s, std::size_t w = 0,
         std::function<std::string(NetlinkKernel&)> x = {})
        : name(std::move(n)), steps(std::move(s)), window(w), extra(std::move(x)) {}
};

// --- expectations -----------------------------------------------------------------------

// What the table must hold: the ops that are expected to succeed, replayed naively.
Table replay(const std::vector<Step>& steps) {
    Table t;
    for (const auto& s : steps) {
        if (s.err) continue;
        const Op& op = s.op;
        switch (op.kind) {
        case Op::add_service: t[op.svc] = Service{op.svc, op.opts, {}}; break;
        case Op::edit_service: t[op.svc].opts = op.opts; break;
        case Op::del_service: t.erase(op.svc); break;
        case Op::add_dest:
        case Op::edit_dest: t[op.svc].dests[op.dest.key] = op.dest; break;
        case Op::del_dest: t[op.svc].dests.erase(op.dest.key); break;
        }
    }
    return t;
}

std::string opts_str(const ServiceOpts& o) {
    std::ostringstream s;
    s << "sched=" << o.scheduler << " flags=0x" << std::hex << o.flags << std::dec
      << " timeout=" << o.timeout << " netmask=0x" << std::hex << o.netmask << std::dec
      << " pe=" << o.pe_name;
    return s.str();
}

std::string dest_str(const Dest& d) {
    return ha::endpoint(d.key.addr, d.key.port) + " fwd=" + fwd_name(d.fwd) +
           " w=" + std::to_string(d.weight) + " x=" + std::to_string(d.u_threshold) +
           " y=" + std::to_string(d.l_threshold);
}

// First difference between two tables (counters ignored), or "".
std::string table_diff(const Table& want, const Table& got) {
    for (const auto& [k, s] : want) {
        auto it = got.find(k);
        if (it == got.end()) return "missing service " + service_str(k);
        if (it->second.opts != s.opts)
            return service_str(k) + ": want " + opts_str(s.opts) + ", got " + opts_str(it->second.opts);
        for (const auto& [dk, d] : s.dests) {
            auto di = it->second.dests.find(dk);
            if (di == it->second.dests.end()) return service_str(k) + ": missing real server " + dest_str(d);
            if (!di->second.same_settings(d))
                return service_str(k) + ": want " + dest_str(d) + ", got " + dest_str(di->second);
        }
        for (const auto& [dk, d] : it->second.dests)
            if (!s.dests.count(dk)) return service_str(k) + ": unexpected real server " + dest_str(d);
    }
    for (const auto& [k, s] : got)
        if (!want.count(k)) return "unexpected service " + service_str(k);
    return "";
}

std::string check_results(const std::vector<Step>& steps, const std::vector<OpResult>& res) {
    if (res.size() != steps.size())
        return "got " + std::to_string(res.size()) + " results for " + std::to_string(steps.size()) + " ops";
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& want = steps[i];
        const auto& got = res[i];
        std::string where = "op " + std::to_string(i) + " (" + op_str(want.op) + "): ";
        if (got.err != want.err)
            return where + "want " + (want.err ? std::strerror(want.err) : "success") + ", got " +
                   (got.err ? std::strerror(got.err) + (" \"" + got.message + "\"") : "success");
        if (want.err && got.message.find(want.msg_part) == std::string::npos)
            return where + "message \"" + got.message + "\" lacks \"" + want.msg_part + "\"";
    }
    return "";
}

// --- the cases ----------------------------------------------------------------------------

std::vector<Case> make_cases() {
    std::vector<Case> c;
    auto v4 = tcp("10.0.0.1", 80);
    auto v6 = tcp("2001:db8::1", 443);

    c.push_back({"ipv4-tcp", {
        ok(add_svc(v4, opts("rr"))),
        ok(add_dst(v4, dest("10.0.1.1", 80))),
        ok(add_dst(v4, dest("10.0.1.2", 80, Fwd::route, 3))),
    }});
    c.push_back({"udp", {
        ok(add_svc(udp("10.0.0.2", 53), opts("wlc"))),
        ok(add_dst(udp("10.0.0.2", 53), dest("10.0.1.1", 5353, Fwd::masq, 2))),
    }});
    c.push_back({"sctp", {
        ok(add_svc(sctp("10.0.0.3", 5000), opts("lc"))),
        ok(add_dst(sctp("10.0.0.3", 5000), dest("10.0.1.1", 5000, Fwd::tunnel))),
    }});
    c.push_back({"ipv6", {
        ok(add_svc(v6, opts6("wrr"))),
        ok(add_dst(v6, dest("2001:db8:1::1", 443, Fwd::route, 5))),
        ok(add_dst(v6, dest("2001:db8:1::2", 8443, Fwd::masq, 1))),
        ok(add_svc(udp("2001:db8::1", 53), opts6("rr"))),
        ok(add_dst(udp("2001:db8::1", 53), dest("2001:db8:1::3", 53))),
    }});
    c.push_back({"fwmark-v4", {
        ok(add_svc(fwm(5), opts("sh"))),
        ok(add_dst(fwm(5), dest("10.0.1.1", 0))),
        ok(add_dst(fwm(5), dest("10.0.1.2", 80, Fwd::masq, 2))),
    }});
    c.push_back({"fwmark-v6", {
        ok(add_svc(fwm(6, AF_INET6), opts6("dh"))),
        ok(add_dst(fwm(6, AF_INET6), dest("2001:db8:1::1", 0))),
        ok(add_svc(fwm(7), opts("rr"))),   // same-numbered marks may coexist per family
        ok(add_svc(fwm(6), opts("rr"))),
    }});
    c.push_back({"persistence-v4", {
        ok(add_svc(v4, opts("wlc", kFlagPersistent, 300, 0xffffff00))),
        ok(add_dst(v4, dest("10.0.1.1", 80))),
        ok(add_svc(tcp("10.0.0.1", 0), opts("rr", kFlagPersistent, 60))),   // port 0: all ports
    }});
    c.push_back({"persistence-v6", {
        ok(add_svc(v6, opts6("wlc", kFlagPersistent, 600, 64))),
        ok(add_svc(fwm(9, AF_INET6), opts6("rr", kFlagPersistent, 30, 48))),
    }});
    c.push_back({"one-packet", {
        ok(add_svc(udp("10.0.0.2", 53), opts("rr", kFlagOnePacket))),
        ok(add_dst(udp("10.0.0.2", 53), dest("10.0.1.1", 53))),
    }});
    c.push_back({"schedflags", {
        ok(add_svc(v4, opts("mh", kFlagSched1 | kFlagSched2))),
        ok(add_svc(tcp("10.0.0.1", 81), opts("sh", kFlagSched1))),
        ok(add_dst(v4, dest("10.0.1.1", 80))),
    }});
    c.push_back({"forwarding", {
        ok(add_svc(v4, opts("wlc"))),
        ok(add_dst(v4, dest("10.0.1.1", 80, Fwd::route))),
        ok(add_dst(v4, dest("10.0.1.2", 8080, Fwd::masq))),
        ok(add_dst(v4, dest("10.0.1.3", 80, Fwd::tunnel))),
        // A real server on this very host: the kernel reports it as Local.
        ok(add_dst(v4, dest("127.0.0.1", 80, Fwd::local))),
    }});
    {
        Case sc("schedulers", {});
        std::uint16_t port = 1000;
        for (const char* s : {"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "sh", "dh", "sed", "nq", "fo", "ovf", "mh"}) {
            auto k = tcp("10.0.0.9", port++);
            sc.steps.push_back(ok(add_svc(k, opts(s))));
            sc.steps.push_back(ok(add_dst(k, dest("10.0.1.1", k.port))));
        }
        // Switching scheduler on a live service.
        sc.steps.push_back(ok(edit_svc(tcp("10.0.0.9", 1000), opts("mh"))));
        c.push_back(sc);
    }
    c.push_back({"thresholds", {
        ok(add_svc(v4, opts("wlc"))),
        ok(add_dst(v4, dest("10.0.1.1", 80, Fwd::route, 1, 100, 10))),
        ok(add_dst(v4, dest("10.0.1.2", 80, Fwd::route, 1, 50, 0))),
        ok(edit_dst(v4, dest("10.0.1.2", 80, Fwd::route, 1, 0, 0))),   // clearing works too
    }});
    c.push_back({"weight-edit", {
        ok(add_svc(v4, opts("wrr"))),
        ok(add_dst(v4, dest("10.0.1.1", 80, Fwd::route, 1))),
        ok(add_dst(v4, dest("10.0.1.2", 80, Fwd::route, 1))),
        ok(edit_dst(v4, dest("10.0.1.1", 80, Fwd::route, 5))),
        ok(edit_dst(v4, dest("10.0.1.2", 80, Fwd::masq, 0))),   // quiesce + change method
    }});
    c.push_back({"dest-delete", {
        ok(add_svc(v4, opts("rr"))),
        ok(add_dst(v4, dest("10.0.1.1", 80))),
        ok(add_dst(v4, dest("10.0.1.2", 80))),
        ok(del_dst(v4, dest("10.0.1.1", 80))),
        ok(add_svc(v6, opts6("rr"))),
        ok(add_dst(v6, dest("2001:db8:1::1", 443))),
        ok(del_dst(v6, dest("2001:db8:1::1", 443))),
    }});
    c.push_back({"service-edit-clears", {
        ok(add_svc(v4, opts("sh", kFlagPersistent | kFlagOnePacket | kFlagSched1, 300, 0xffff0000))),
        ok(add_dst(v4, dest("10.0.1.1", 80))),
        ok(edit_svc(v4, opts("rr"))),   // persistence, one-packet and sh-fallback all gone
        ok(add_svc(v6, opts6("wlc", kFlagPersistent, 100, 64))),
        ok(edit_svc(v6, opts6("wlc"))),
    }});
    c.push_back({"service-delete", {
        ok(add_svc(v4, opts("rr"))),
        ok(add_dst(v4, dest("10.0.1.1", 80))),
        ok(add_svc(fwm(5), opts("rr"))),
        ok(add_svc(v6, opts6("rr"))),
        ok(del_svc(v4)),
        ok(del_svc(fwm(5))),
    }});
    c.push_back({"flush", {
        ok(add_svc(v4, opts("rr"))),
        ok(add_dst(v4, dest("10.0.1.1", 80))),
        ok(add_svc(v6, opts6("rr"))),
    }, 0, [](NetlinkKernel& k) -> std::string {
        k.flush();
        auto t = k.dump();
        return t.empty() ? "" : std::to_string(t.size()) + " services left after flush";
    }});
    c.push_back({"pe-sip", {
        ok(add_svc(udp("10.0.0.2", 5060), [] { auto o = opts("rr", kFlagPersistent, 60); o.pe_name = "sip"; return o; }())),
        ok(add_dst(udp("10.0.0.2", 5060), dest("10.0.1.1", 5060))),
    }});
    c.push_back({"mixed-family-tunnel", {
        ok(add_svc(v4, opts("rr"))),
        ok(add_dst(v4, dest("2001:db8:1::1", 80, Fwd::tunnel))),
        fails(add_dst(v4, dest("2001:db8:1::2", 80, Fwd::route)), EINVAL, "invalid"),
    }});

    // --- errors: the kernel's errno and our plain words -----------------------------------
    c.push_back({"error-service-exists", {
        ok(add_svc(v4, opts("rr"))),
        fails(add_svc(v4, opts("wlc")), EEXIST, "tcp 10.0.0.1:80 already exists"),
    }});
    c.push_back({"error-unknown-scheduler", {
        fails(add_svc(v4, opts("nosuch")), ENOENT, "scheduler 'nosuch' not available (modprobe ip_vs_nosuch)"),
        ok(add_svc(v4, opts("rr"))),
        fails(edit_svc(v4, opts("nosuch")), ENOENT, "modprobe ip_vs_nosuch"),
    }});
    c.push_back({"error-dest-on-missing-service", {
        fails(add_dst(v4, dest("10.0.1.1", 80)), ESRCH, "virtual service tcp 10.0.0.1:80 does not exist"),
        fails(edit_svc(v4, opts("rr")), ESRCH, "does not exist"),
        fails(del_svc(v4), ESRCH, "does not exist"),
    }});
    c.push_back({"error-dest-exists-missing", {
        ok(add_svc(v4, opts("rr"))),
        ok(add_dst(v4, dest("10.0.1.1", 80))),
        fails(add_dst(v4, dest("10.0.1.1", 80, Fwd::masq)), EEXIST, "already exists"),
        fails(edit_dst(v4, dest("10.0.1.9", 80)), ENOENT, "real server 10.0.1.9:80 of tcp 10.0.0.1:80 does not exist"),
        fails(del_dst(v4, dest("10.0.1.9", 80)), ENOENT, "does not exist"),
    }});
    c.push_back({"error-bad-values", {
        ok(add_svc(v4, opts("rr"))),
        fails(add_dst(v4, dest("10.0.1.1", 80, Fwd::route, -1)), ERANGE, "out of range"),
        fails(add_dst(v4, dest("10.0.1.2", 80, Fwd::route, 1, 10, 20)), ERANGE, "out of range"),
        // No upper threshold does not mean "no limit" to the kernel: lower > upper(0) is refused.
        fails(add_dst(v4, dest("10.0.1.3", 80, Fwd::route, 1, 0, 5)), ERANGE, "out of range"),
        fails(add_svc(tcp("2001:db8::2", 80), opts6("rr", kFlagPersistent, 60, 129)), EINVAL, "invalid"),
    }});

    // --- pipelining: many ops in one apply(), failures at known places -------------------
    auto pipelined = [](std::string name, std::size_t window) {
        Case pc(std::move(name), {}, window);
        for (int i = 0; i < 300; ++i) {
            auto k = tcp("10.1.0.1", static_cast<std::uint16_t>(1 + i));
            pc.steps.push_back(ok(add_svc(k, opts("wlc"))));
            pc.steps.push_back(ok(add_dst(k, dest("10.2.0.1", k.port, Fwd::masq, i % 7))));
            if (i % 10 == 3) pc.steps.push_back(fails(add_svc(k, opts("rr")), EEXIST, "already exists"));
            if (i % 25 == 0)
                pc.steps.push_back(fails(add_dst(tcp("10.9.9.9", 1), dest("10.2.0.1", 1)), ESRCH, "does not exist"));
        }
        return pc;
    };
    c.push_back(pipelined("pipelined-default-window", 0));
    c.push_back(pipelined("pipelined-window-7", 7));
    c.push_back(pipelined("pipelined-window-1", 1));

    return c;
}

// --- running ------------------------------------------------------------------------------

void report(bool pass, const std::string& name, const std::string& why) {
    if (pass) std::printf("PASS %s\n", name.c_str());
    else std::printf("FAIL %s: %s\n", name.c_str(), why.c_str());
    std::fflush(stdout);
}

bool run_case(NetlinkKernel& k, const Case& c) {
    std::string why;
    try {
        k.flush();
        std::size_t saved = k.window();
        if (c.window) k.set_window(c.window);
        std::vector<Op> ops;
        for (const auto& s : c.steps) ops.push_back(s.op);
        auto res = k.apply(ops);
        k.set_window(saved);
        why = check_results(c.steps, res);
        if (why.empty()) why = table_diff(replay(c.steps), k.dump());
        if (why.empty() && c.extra) why = c.extra(k);

        // The in-memory kernel must agree with the real one, op for op.
        MemoryKernel mem;
        auto mres = mem.apply(ops);
        std::string mwhy;
        for (std::size_t i = 0; i < ops.size() && mwhy.empty(); ++i)
            if (mres[i].err != res[i].err)
                mwhy = "op " + std::to_string(i) + " (" + op_str(ops[i]) + "): kernel says " +
                       (res[i].err ? std::strerror(res[i].err) : "success") + ", MemoryKernel says " +
                       (mres[i].err ? std::strerror(mres[i].err) : "success");
        if (mwhy.empty() && !c.extra) mwhy = table_diff(k.dump(), mem.table);
        report(mwhy.empty(), "model/" + c.name, mwhy);
    } catch (const std::exception& e) {
        why = std::string("exception: ") + e.what();
    }
    report(why.empty(), "netlink/" + c.name, why);
    return why.empty();
}

int usage() {
    std::fprintf(stderr, "usage: ipvs-selftest list | run CASE... | all | save | flush | probe\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    std::string cmd = argv[1];
    auto cases = make_cases();
    if (cmd == "list") {
        for (const auto& c : cases) std::printf("%s\n", c.name.c_str());
        return 0;
    }
    try {
        NetlinkKernel k;
        if (cmd == "probe") {
            std::printf("ok %s\n", k.version().c_str());
            return 0;
        }
        if (cmd == "save") {
            std::fputs(save_format(k.dump()).c_str(), stdout);
            return 0;
        }
        if (cmd == "flush") {
            k.flush();
            return 0;
        }
        bool all_ok = true;
        if (cmd == "all") {
            for (const auto& c : cases) all_ok &= run_case(k, c);
            return all_ok ? 0 : 1;
        }
        if (cmd != "run" || argc < 3) return usage();
        for (int i = 2; i < argc; ++i) {
            bool found = false;
            for (const auto& c : cases)
                if (c.name == argv[i]) {
                    found = true;
                    all_ok &= run_case(k, c);
                }
            if (!found) {
                report(false, std::string("netlink/") + argv[i], "no such case");
                all_ok = false;
            }
        }
        return all_ok ? 0 : 1;
    } catch (const KernelError& e) {
        if (cmd == "probe") {
            std::printf("error %s\n", e.what());
            return 1;
        }
        std::printf("FAIL netlink/kernel: %s\n", e.what());
        return 1;
    }
}
