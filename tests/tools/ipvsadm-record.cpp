// ipvsadm-record: a recording stand-in for ipvsadm(8) for benchmarks on kernels without
// IPVS. It answers what directord (--ipvsadm) and ldirectord call: -A -E -D -a -e -d -C,
// -S -n, -L -n [--thresholds], -R (changes on stdin, one per line), -v, with ipvsadm's
// output and errors, and appends one line per call (per line of a -R) to $IPVS_RECORD_DIR/log:
//   <epoch.usec> rc=<rc> vs=<services> rs=<reals> up=<reals with weight>0> pid=<pid> ipvsadm <args>
// (counts -1 on changes, which are recorded, not applied)
// (the peers lab shim's format, so the same readers work). Both daemons read the table
// back (a stand-in that forgot it would make them re-add everything on every read), so
// changes are appended to $IPVS_RECORD_DIR/journal without validation (a change costs
// the exec and one append, whatever the table size) and replayed by reads, which compact it.
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <vector>

#include "directord/ipvs/ipvsadm_parse.hpp"
#include "directord/ipvs/model.hpp"

using namespace ipvs;

namespace {

std::string dir() {
    const char* d = std::getenv("IPVS_RECORD_DIR");
    return d && *d ? d : "/tmp/ipvsadm-record";
}

std::optional<std::pair<ha::Address, std::uint16_t>> endpoint(const std::string& s, std::uint16_t default_port) {
    std::string host = s, port;
    if (!s.empty() && s[0] == '[') {
        auto close = s.find(']');
        if (close == std::string::npos) return std::nullopt;
        host = s.substr(1, close - 1);
        if (close + 1 < s.size() && s[close + 1] == ':') port = s.substr(close + 2);
    } else if (auto c = s.find(':'); c != std::string::npos && s.find(':', c + 1) == std::string::npos) {
        host = s.substr(0, c);
        port = s.substr(c + 1);
    }
    auto a = ha::Address::parse(host);
    if (!a) return std::nullopt;
    return std::make_pair(*a, port.empty() ? default_port : (std::uint16_t)std::atoi(port.c_str()));
}

// State: one add command per service and real server (op_str renders thresholds too).
std::string state_text(const Table& t) {
    std::string out;
    for (const auto& [k, s] : t) {
        out += op_str(Op{Op::add_service, k, s.opts, {}}) + "\n";
        for (const auto& [dk, d] : s.dests) out += op_str(Op{Op::add_dest, k, {}, d}) + "\n";
    }
    return out;
}

std::string thresholds_text(const Table& t) {
    std::string out = "IP Virtual Server version 1.2.1 (size=4096)\n"
                      "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn\n"
                      "  -> RemoteAddress:Port\n";
    std::string list = list_format(t);
    // Service lines come from list_format; real server lines are rewritten with thresholds.
    std::istringstream in(list);
    std::string line;
    std::getline(in, line);
    std::getline(in, line);
    char buf[256];
    for (const auto& [k, s] : t) {
        std::getline(in, line);
        out += line + "\n";
        for (const auto& [dk, d] : s.dests) {
            std::getline(in, line);
            std::snprintf(buf, sizeof buf, "  -> %-28s %-10u %-10u %-10u %-10u\n", ha::endpoint(dk.addr, dk.port).c_str(),
                          d.u_threshold, d.l_threshold, d.active_conns, d.inactive_conns);
            out += buf;
        }
    }
    return out;
}

// One ipvsadm command line as this tool understands it.
struct Call {
    char cmd = 0;
    bool thresholds = false;
    Op op{};
    std::string error;   // non-empty: unusable
};

Call parse_call(const std::vector<std::string>& a) {
    Call c;
    char& cmd = c.cmd;
    bool& thresholds = c.thresholds;
    Op& op = c.op;
    op.dest.weight = 1;
    op.dest.fwd = Fwd::route;
    std::string vaddr, raddr;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string& o = a[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= a.size()) {
                c.error = "option " + o + " requires an argument";
                return "";
            }
            return a[++i];
        };
        if (o.size() == 2 && std::strchr("AEDaedCLlSvZ", o[1]) && o[0] == '-') cmd = o[1] == 'l' ? 'L' : o[1];
        else if (o == "-n" || o == "--numeric") continue;
        else if (o == "--thresholds") thresholds = true;
        else if (o == "-t" || o == "-u") { op.svc.protocol = o == "-t" ? IPPROTO_TCP : IPPROTO_UDP; vaddr = next(); }
        else if (o == "-f") { op.svc.protocol = 0; op.svc.fwmark = (std::uint32_t)std::atoi(next().c_str()); }
        else if (o == "-s") op.opts.scheduler = next();
        else if (o == "-p") {
            op.opts.flags |= kFlagPersistent;
            op.opts.timeout = 300;
            if (i + 1 < a.size() && std::isdigit((unsigned char)a[i + 1][0])) op.opts.timeout = (std::uint32_t)std::atoi(a[++i].c_str());
        }
        else if (o == "-M") { auto m = ha::Address::parse(next()); if (m && !m->is_v6()) op.opts.netmask = m->v4_host(); }
        else if (o == "-o") op.opts.flags |= kFlagOnePacket;
        else if (o == "-b" || o == "--pe") next();
        else if (o == "-6") op.svc.af = AF_INET6;
        else if (o == "-r") raddr = next();
        else if (o == "-m") op.dest.fwd = Fwd::masq;
        else if (o == "-g") op.dest.fwd = Fwd::route;
        else if (o == "-i") op.dest.fwd = Fwd::tunnel;
        else if (o == "-w") op.dest.weight = std::atoi(next().c_str());
        else if (o == "-x") op.dest.u_threshold = (std::uint32_t)std::atoi(next().c_str());
        else if (o == "-y") op.dest.l_threshold = (std::uint32_t)std::atoi(next().c_str());
        else {
            c.error = "ipvsadm-record: unsupported argument " + o;
            return c;
        }
    }
    if (!vaddr.empty()) {
        auto ep = endpoint(vaddr, 0);
        if (!ep) {
            c.error = "Illegal virtual server address";
            return c;
        }
        op.svc.addr = ep->first;
        op.svc.af = ep->first.family;
        op.svc.port = ep->second;
    } else if (op.svc.fwmark) {
        op.svc.addr.family = op.svc.af;
    }
    if (!raddr.empty()) {
        auto ep = endpoint(raddr, op.svc.port);
        if (!ep) {
            c.error = "Illegal real server address";
            return c;
        }
        op.dest.key = {ep->first, ep->second};
    }

    op.kind = cmd == 'A' ? Op::add_service : cmd == 'E' ? Op::edit_service : cmd == 'D' ? Op::del_service
            : cmd == 'a' ? Op::add_dest : cmd == 'e' ? Op::edit_dest : Op::del_dest;
    return c;
}

// A journal line back to its op (none for a line that is not a change).
std::optional<Op> parse_op(const std::vector<std::string>& w) {
    Call c = parse_call(w);
    if (!c.error.empty() || !c.cmd || std::strchr("AEDaed", c.cmd) == nullptr) return std::nullopt;
    return c.op;
}

} // namespace

static void log_call(const std::string& d, int rc, int vs, int rs, int up, const std::vector<std::string>& a) {
    timeval tv;
    ::gettimeofday(&tv, nullptr);
    char head[160];
    std::snprintf(head, sizeof head, "%ld.%06ld rc=%d vs=%d rs=%d up=%d pid=%d ipvsadm", (long)tv.tv_sec, (long)tv.tv_usec, rc, vs, rs,
                  up, (int)::getpid());
    std::string line = head;
    for (const auto& w : a) line += " " + w;
    line += "\n";
    int fd = ::open((d + "/log").c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        (void)!::write(fd, line.data(), line.size());
        ::close(fd);
    }
}

// -R: every line a change, as real ipvsadm reads them; a line it cannot parse ends the run
// with status 2 (as ipvsadm's parser does), the lines before it are kept.
static int restore(const std::string& d) {
    std::string journal = d + "/journal", out;
    std::vector<std::vector<std::string>> done;
    int rc = 0;
    for (std::string line; std::getline(std::cin, line);) {
        std::vector<std::string> w;
        std::istringstream ls(line);
        for (std::string x; ls >> x;)
            if (x != "ipvsadm") w.push_back(x);
        if (w.empty()) continue;
        Call c = parse_call(w);
        if (c.error.empty() && (!c.cmd || std::strchr("AEDaed", c.cmd) == nullptr)) c.error = "ipvsadm-record: -R takes changes only";
        if (!c.error.empty()) {
            std::fprintf(stderr, "%s\n", c.error.c_str());
            rc = 2;
            break;
        }
        out += op_str(c.op) + "\n";
        done.push_back(std::move(w));
    }
    int fd = ::open(journal.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    bool kept = fd >= 0 && ::write(fd, out.data(), out.size()) == (ssize_t)out.size();
    if (fd >= 0) ::close(fd);
    if (!kept) rc = 2;
    for (const auto& w : done) log_call(d, kept ? 0 : 2, -1, -1, -1, w);
    return rc;
}

int main(int argc, char** argv) {
    std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() == 1 && (a[0] == "-R" || a[0] == "--restore")) {
        std::string d = dir();
        (void)::mkdir(d.c_str(), 0755);
        int lock = ::open((d + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (lock >= 0) ::flock(lock, LOCK_EX);
        int rc = restore(d);
        if (lock >= 0) ::close(lock);
        return rc;
    }
    Call call = parse_call(a);
    if (!call.error.empty()) {
        std::fprintf(stderr, "%s\n", call.error.c_str());
        return 2;
    }
    char cmd = call.cmd;
    bool thresholds = call.thresholds;
    const Op& op = call.op;
    if (cmd == 'v') {
        std::puts("ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1) [ipvsadm-record, no kernel IPVS]");
        return 0;
    }
    if (!cmd) {
        std::fprintf(stderr, "ipvsadm-record: no command\n");
        return 2;
    }
    std::string d = dir(), journal = d + "/journal";
    (void)::mkdir(d.c_str(), 0755);
    int lock = ::open((d + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock >= 0) ::flock(lock, LOCK_EX);
    bool readonly = cmd == 'L' || cmd == 'S' || cmd == 'Z';
    int rc = 0;
    Table t;
    if (readonly || cmd == 'C') {
        // Replay: every journal line is an ipvsadm command line this tool accepted.
        std::ifstream in(journal);
        std::string line;
        std::size_t lines = 0;
        while (std::getline(in, line)) {
            ++lines;
            std::vector<std::string> w;
            std::istringstream ls(line);
            for (std::string x; ls >> x;) w.push_back(x);
            if (auto o = parse_op(w)) (void)apply_op(t, *o);
        }
        std::size_t entries = 0;
        for (const auto& [k, s] : t) entries += 1 + s.dests.size();
        if (cmd == 'C') t.clear();
        if (cmd == 'C' || lines > 2 * entries + 64) {
            std::string tmp = journal + ".tmp." + std::to_string(::getpid());
            std::ofstream out(tmp);
            out << state_text(t);
            out.close();
            if (!out || ::rename(tmp.c_str(), journal.c_str()) != 0) rc = 2;
        }
        if (cmd == 'S') std::fputs(save_format(t).c_str(), stdout);
        if (cmd == 'L') std::fputs(thresholds ? thresholds_text(t).c_str() : ("IP Virtual Server version 1.2.1 (size=4096)\n" + list_format(t)).c_str(), stdout);
        std::fflush(stdout);
    } else {
        std::string line = op_str(op) + "\n";
        int fd = ::open(journal.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0 || ::write(fd, line.data(), line.size()) != (ssize_t)line.size()) rc = 2;
        if (fd >= 0) ::close(fd);
    }
    // Counts after the call are known only when the table was replayed; -1 otherwise.
    int vs = readonly || cmd == 'C' ? 0 : -1, rs = vs, up = vs;
    for (const auto& [k, s] : t) {
        ++vs;
        for (const auto& [dk, dd] : s.dests) {
            ++rs;
            up += dd.weight > 0;
        }
    }
    log_call(d, rc, vs, rs, up, a);
    if (lock >= 0) ::close(lock);
    return rc;
}
