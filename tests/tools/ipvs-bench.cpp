// ipvs-bench: the pieces of tests/bench/ipvs-apply.sh that need C++ (run as root where IPVS is).
//
//   ipvs-bench gen S D              the S services x D real servers table as `ipvsadm -R` input
//   ipvs-bench apply S D [WINDOW]   the same table through NetlinkKernel::apply; prints "<ms>"
//   ipvs-bench dump                 NetlinkKernel::dump(); prints "<ms> <services> <dests>"
//   ipvs-bench time CMD ARGS...     runs CMD (stdin passed on); prints "<ms>", fails if CMD does
//   ipvs-bench flush
//   ipvs-bench listen PORT          accepts and closes TCP connections on 0.0.0.0:PORT until
//                                   killed (real servers for connect checks; one process for
//                                   every address routed to it as local)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "directord/ipvs/netlink_kernel.hpp"

using namespace ipvs;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Service i: 10.10.x.y:80 (wlc); real server j: 10.20.x.(j+1):8080 masq, weight j+1.
std::string vip(int i) { return "10.10." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1); }
std::string rip(int i, int j) { return "10.20." + std::to_string(i % 250) + "." + std::to_string(j + 1); }

std::vector<Op> table_ops(int services, int dests) {
    std::vector<Op> ops;
    ops.reserve(static_cast<std::size_t>(services) * (dests + 1));
    for (int i = 0; i < services; ++i) {
        Op s{Op::add_service, {}, {}, {}};
        s.svc.addr = *ha::Address::parse(vip(i));
        s.svc.port = 80;
        s.opts.scheduler = "wlc";
        ops.push_back(s);
        for (int j = 0; j < dests; ++j) {
            Op d{Op::add_dest, s.svc, {}, {}};
            d.dest.key = {*ha::Address::parse(rip(i, j)), 8080};
            d.dest.fwd = Fwd::masq;
            d.dest.weight = j + 1;
            ops.push_back(d);
        }
    }
    return ops;
}

int gen(int services, int dests) {
    for (int i = 0; i < services; ++i) {
        std::printf("-A -t %s:80 -s wlc\n", vip(i).c_str());
        for (int j = 0; j < dests; ++j)
            std::printf("-a -t %s:80 -r %s:8080 -m -w %d\n", vip(i).c_str(), rip(i, j).c_str(), j + 1);
    }
    return 0;
}

int apply(int services, int dests, std::size_t window) {
    NetlinkKernel k;
    if (window) k.set_window(window);
    auto ops = table_ops(services, dests);
    auto t0 = Clock::now();
    auto res = k.apply(ops);
    double ms = ms_since(t0);
    for (std::size_t i = 0; i < res.size(); ++i)
        if (res[i].err) {
            std::fprintf(stderr, "op %zu failed: %s\n", i, res[i].message.c_str());
            return 1;
        }
    std::printf("%.1f\n", ms);
    return 0;
}

int dump() {
    NetlinkKernel k;
    auto t0 = Clock::now();
    Table t = k.dump();
    double ms = ms_since(t0);
    std::size_t dests = 0;
    for (const auto& [key, s] : t) dests += s.dests.size();
    std::printf("%.1f %zu %zu\n", ms, t.size(), dests);
    return 0;
}

int time_cmd(char** argv) {
    auto t0 = Clock::now();
    pid_t pid = fork();
    if (pid < 0) return 1;
    if (pid == 0) {
        execvp(argv[0], argv);
        std::perror(argv[0]);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    double ms = ms_since(t0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
    std::printf("%.1f\n", ms);
    return 0;
}

// No fork per connection: under the VM's emulation that would cost more than the checks.
int listen_on(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 4096) != 0) {
        std::perror("ipvs-bench listen");
        return 1;
    }
    std::printf("listening\n");
    std::fflush(stdout);
    for (;;) {
        int c = ::accept(fd, nullptr, nullptr);
        if (c >= 0) ::close(c);
    }
}

} // namespace

int main(int argc, char** argv) {
    std::string cmd = argc > 1 ? argv[1] : "";
    try {
        if (cmd == "gen" && argc == 4) return gen(std::atoi(argv[2]), std::atoi(argv[3]));
        if (cmd == "apply" && (argc == 4 || argc == 5))
            return apply(std::atoi(argv[2]), std::atoi(argv[3]), argc == 5 ? std::strtoul(argv[4], nullptr, 10) : 0);
        if (cmd == "dump" && argc == 2) return dump();
        if (cmd == "time" && argc > 2) return time_cmd(argv + 2);
        if (cmd == "listen" && argc == 3) return listen_on(std::atoi(argv[2]));
        if (cmd == "flush" && argc == 2) {
            NetlinkKernel().flush();
            return 0;
        }
    } catch (const KernelError& e) {
        std::fprintf(stderr, "ipvs-bench: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "usage: ipvs-bench gen S D | apply S D [WINDOW] | dump | time CMD... | flush | listen PORT\n");
    return 2;
}
