// lvs_demo: the client side and the picture of `make demo`'s LVS-DR cluster (tests/vm/demo).
//   lvs_demo load ADDR PORT OUT STOPFILE [INTERVAL_MS TIMEOUT_MS]
//       an HTTP GET (new connection) every INTERVAL_MS (10), each on its own, not waiting for
//       the others; one line per request in OUT: "start_ms end_ms ok|fail reason server".
//       A request fails on an error, a non-200 answer, or no whole answer in TIMEOUT_MS (2000).
//       Stops when STOPFILE exists (then waits for the requests in flight).
//   lvs_demo hold ADDR PORT OUT STOPFILE
//       one long-lived TCP connection to an echo server: a line every 100 ms, its echo awaited
//       (up to 15 s: TCP retransmits across a failover); OUT gets "echo sent_ms got_ms" lines
//       and ends with "survived N" or "reset AT_MS why".
//   lvs_demo echo-server PORT NAME     greets each connection with NAME, then echoes lines
//   lvs_demo http-server PORT NAME     answers every HTTP request with 200 "served by NAME" and
//       closes; one process, no fork per request (a fork costs a lot under emulation)
//   lvs_demo report SVG PHASE... with PHASE = label:LOG:EVENT_MS:what
//       per phase a text picture of the requests over time (outage marked), then one line
//       "result LABEL outage_ms=N failed=N late=N total=N" (late: answered after 1 s or more);
//       all phases as one SVG file.
// Times are CLOCK_BOOTTIME milliseconds, the clock of /proc/uptime, so scripts can mark events.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

long long now_ms() {
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

bool exists(const char* path) {
    struct stat st{};
    return ::stat(path, &st) == 0;
}

sockaddr_in address(const char* ip, int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, ip, &a.sin_addr) != 1) {
        std::fprintf(stderr, "lvs_demo: bad IPv4 address %s\n", ip);
        std::exit(2);
    }
    return a;
}

// --- load ------------------------------------------------------------------------------

struct Request {
    long long start = 0;
    std::string reply;
    bool sent = false;
};

// "served by NAME" in the page, or "-".
std::string server_of(const std::string& reply) {
    auto p = reply.find("served by ");
    if (p == std::string::npos) return "-";
    auto e = reply.find_first_of(" <\r\n", p + 10);
    return reply.substr(p + 10, e == std::string::npos ? std::string::npos : e - p - 10);
}

int load(const char* ip, int port, const char* out_path, const char* stop, int interval, int timeout) {
    sockaddr_in to = address(ip, port);
    FILE* out = std::fopen(out_path, "w");
    if (!out) { std::perror(out_path); return 1; }
    int ep = epoll_create1(0);
    std::map<int, Request> live;
    const std::string get = "GET / HTTP/1.0\r\nHost: vip\r\n\r\n";
    auto finish = [&](int fd, bool ok, const char* why) {
        auto& r = live[fd];
        std::string srv = ok ? server_of(r.reply) : "-";
        std::fprintf(out, "%lld %lld %s %s %s\n", r.start, now_ms(), ok ? "ok" : "fail", why, srv.c_str());
        epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
        ::close(fd);
        live.erase(fd);
    };
    long long next = now_ms();
    bool stopping = false;
    while (!stopping || !live.empty()) {
        long long t = now_ms();
        if (!stopping && t >= next) {
            next += interval;
            if (next < t) next = t + interval;   // never a burst to catch up
            stopping = exists(stop);
            if (!stopping && live.size() < 4000) {
                int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
                if (fd >= 0) {
                    int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to);
                    live[fd].start = t;
                    if (rc < 0 && errno != EINPROGRESS) {
                        finish(fd, false, "connect");
                    } else {
                        epoll_event ev{};
                        ev.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
                        ev.data.fd = fd;
                        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                    }
                }
            }
        }
        // Deadlines.
        std::vector<int> late;
        for (auto& [fd, r] : live)
            if (t - r.start >= timeout) late.push_back(fd);
        for (int fd : late) finish(fd, false, "timeout");
        int wait = stopping ? 50 : static_cast<int>(std::max(0LL, next - now_ms()));
        epoll_event evs[64];
        int n = epoll_wait(ep, evs, 64, wait);
        for (int i = 0; i < n; ++i) {
            int fd = evs[i].data.fd;
            auto it = live.find(fd);
            if (it == live.end()) continue;
            Request& r = it->second;
            if (!r.sent && (evs[i].events & EPOLLOUT)) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err) { finish(fd, false, err == ECONNREFUSED ? "refused" : err == ECONNRESET ? "reset" : "connect"); continue; }
                if (::send(fd, get.data(), get.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(get.size())) {
                    finish(fd, false, "send");
                    continue;
                }
                r.sent = true;
                epoll_event ev{};
                ev.events = EPOLLIN | EPOLLRDHUP;
                ev.data.fd = fd;
                epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
                continue;
            }
            if (!r.sent) {   // an error before the connection was up
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
                finish(fd, false, err == ECONNREFUSED ? "refused" : err == ECONNRESET ? "reset" : "connect");
                continue;
            }
            if (evs[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
                char buf[4096];
                ssize_t got;
                while ((got = ::recv(fd, buf, sizeof buf, 0)) > 0) r.reply.append(buf, static_cast<std::size_t>(got));
                if (got == 0) {
                    bool ok = r.reply.rfind("HTTP/1.", 0) == 0 && r.reply.find(" 200 ") < r.reply.find("\r\n");
                    finish(fd, ok, ok ? "-" : "bad-reply");
                } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
                    finish(fd, false, errno == ECONNRESET ? "reset" : errno == ECONNREFUSED ? "refused" : "recv");
                }
            }
        }
    }
    std::fclose(out);
    return 0;
}

// --- hold ------------------------------------------------------------------------------

int hold(const char* ip, int port, const char* out_path, const char* stop) {
    sockaddr_in to = address(ip, port);
    FILE* out = std::fopen(out_path, "w");
    if (!out) { std::perror(out_path); return 1; }
    setvbuf(out, nullptr, _IOLBF, 0);
    auto reset = [&](const char* why) {
        std::fprintf(out, "reset %lld %s\n", now_ms(), why);
        std::fclose(out);
        return 1;
    };
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{5, 0};   // a bounded connect
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0) return reset("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string in;
    // Reads up to and including the next newline, within ms; false on close, error or timeout.
    auto read_line = [&](std::string& line, int ms) -> int {   // 1 ok, 0 closed/error, -1 timeout
        long long end = now_ms() + ms;
        for (;;) {
            if (auto nl = in.find('\n'); nl != std::string::npos) {
                line = in.substr(0, nl);
                in.erase(0, nl + 1);
                return 1;
            }
            long long left = end - now_ms();
            if (left <= 0) return -1;
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
            char buf[512];
            ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) return 0;
            in.append(buf, static_cast<std::size_t>(n));
        }
    };
    std::string line;
    if (read_line(line, 5000) != 1) return reset("no greeting");
    std::fprintf(out, "connected %lld %s\n", now_ms(), line.c_str());
    long long count = 0;
    while (!exists(stop)) {
        std::string ping = "ping " + std::to_string(count) + "\n";
        long long sent = now_ms();
        if (::send(fd, ping.data(), ping.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(ping.size())) return reset("send failed");
        int rc = read_line(line, 15000);
        if (rc == 0) return reset("closed or reset by the server side");
        if (rc < 0) return reset("no echo within 15 s");
        if (line + "\n" != ping) return reset("wrong echo");
        std::fprintf(out, "echo %lld %lld\n", sent, now_ms());
        ++count;
        ::usleep(100000);
    }
    std::fprintf(out, "survived %lld\n", count);
    std::fclose(out);
    ::close(fd);
    return 0;
}

// --- echo-server -----------------------------------------------------------------------

int echo_server(int port, const std::string& name) {
    int ls = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 || ::listen(ls, 16) < 0) {
        std::perror("lvs_demo echo-server");
        return 1;
    }
    for (;;) {
        int c = ::accept4(ls, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) continue;
        std::thread([c, name] {
            std::string hello = name + "\n";
            ::send(c, hello.data(), hello.size(), MSG_NOSIGNAL);
            char buf[512];
            ssize_t n;
            while ((n = ::recv(c, buf, sizeof buf, 0)) > 0)
                if (::send(c, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
            ::close(c);
        }).detach();
    }
}

// --- http-server -----------------------------------------------------------------------

int http_server(int port, const std::string& name) {
    int ls = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 || ::listen(ls, 512) < 0) {
        std::perror("lvs_demo http-server");
        return 1;
    }
    const std::string body = "<p>served by " + name + "</p>\n";
    const std::string reply = "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    int ep = epoll_create1(0);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = ls;
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    std::map<int, std::string> in;
    for (;;) {
        epoll_event evs[64];
        int n = epoll_wait(ep, evs, 64, -1);
        for (int i = 0; i < n; ++i) {
            int fd = evs[i].data.fd;
            if (fd == ls) {
                int c;
                while ((c = ::accept4(ls, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    epoll_event cev{};
                    cev.events = EPOLLIN | EPOLLRDHUP;
                    cev.data.fd = c;
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
                    in[c];
                }
                continue;
            }
            char buf[2048];
            ssize_t got;
            bool closed = false;
            while ((got = ::recv(fd, buf, sizeof buf, 0)) > 0) in[fd].append(buf, static_cast<std::size_t>(got));
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) closed = true;
            bool whole = in[fd].find("\r\n\r\n") != std::string::npos;
            if (whole) (void)!::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);   // fits the socket buffer
            if (whole || closed || in[fd].size() > 16384) {
                epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
                ::close(fd);
                in.erase(fd);
            }
        }
    }
}

// --- report ----------------------------------------------------------------------------

struct Rec {
    long long start, end;
    bool ok;
};

struct Phase {
    std::string label, what;
    long long event = 0;
    std::vector<Rec> recs;
    long long from = 0, to = 0;            // first start, last end
    long long gap_from = 0, gap_to = 0;    // the longest gap between two answered requests
    int failed = 0;
};

bool load_phase(const std::string& spec, Phase& p) {
    // label:LOG:EVENT_MS:what (what may contain ':')
    std::vector<std::string> f;
    std::size_t b = 0;
    for (int i = 0; i < 3; ++i) {
        auto e = spec.find(':', b);
        if (e == std::string::npos) return false;
        f.push_back(spec.substr(b, e - b));
        b = e + 1;
    }
    p.label = f[0];
    p.event = std::atoll(f[2].c_str());
    p.what = spec.substr(b);
    std::ifstream in(f[1]);
    if (!in) return false;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream s(line);
        Rec r;
        std::string res;
        if (s >> r.start >> r.end >> res) {
            r.ok = res == "ok";
            p.recs.push_back(r);
        }
    }
    if (p.recs.empty()) return false;
    p.from = p.recs.front().start;
    p.to = 0;
    std::vector<long long> done;
    for (const auto& r : p.recs) {
        p.from = std::min(p.from, r.start);
        p.to = std::max(p.to, r.end);
        if (r.ok) done.push_back(r.end);
        else ++p.failed;
    }
    std::sort(done.begin(), done.end());
    // Gaps counted from the first request's start to the last request's end.
    long long prev = p.from;
    done.push_back(p.to);
    for (long long t : done) {
        if (t - prev > p.gap_to - p.gap_from) { p.gap_from = prev; p.gap_to = t; }
        prev = t;
    }
    return true;
}

void text_picture(const Phase& p) {
    const int width = 100;
    long long span = std::max(1LL, p.to - p.from);
    long long bin = std::max(10LL, (span + width - 1) / width);
    int bins = static_cast<int>((span + bin - 1) / bin);
    std::vector<int> ok(bins), slow(bins), bad(bins);
    for (const auto& r : p.recs) {
        int i = std::min(bins - 1, static_cast<int>((r.start - p.from) / bin));
        if (!r.ok) ++bad[i];
        else if (r.end - r.start >= 100) ++slow[i];
        else ++ok[i];
    }
    std::string row, mark, axis(bins, ' ');
    for (int i = 0; i < bins; ++i) {
        row += bad[i] ? 'x' : slow[i] ? 'o' : ok[i] ? '#' : ' ';
        long long lo = p.from + i * bin, hi = lo + bin;
        bool in_gap = hi > p.gap_from && lo < p.gap_to;
        bool at_event = p.event >= lo && p.event < hi;
        mark += at_event ? '^' : in_gap ? '=' : ' ';
    }
    for (long long s = 0; s * 1000 <= span; ++s) {
        int i = static_cast<int>(s * 1000 / bin);
        std::string lab = std::to_string(s) + "s";
        if (i < bins && (s == 0 || static_cast<long long>(i) >= 0)) {
            for (std::size_t k = 0; k < lab.size() && i + static_cast<int>(k) < bins; ++k) axis[i + k] = lab[k];
        }
    }
    std::printf("%s: %zu requests sent %lld ms apart by start time, one column = %lld ms\n", p.label.c_str(),
                p.recs.size(), 10LL, bin);
    std::printf("  |%s|\n", row.c_str());
    std::printf("  |%s|  ^ %s, = longest time without an answer (%lld ms)\n", mark.c_str(), p.what.c_str(),
                p.gap_to - p.gap_from);
    std::printf("   %s\n", axis.c_str());
    std::printf("  # answered   o answered after 100 ms or more   x failed   (blank: none started)\n");
}

void svg_phase(std::ostream& o, const Phase& p, int y0) {
    const double w = 900, h = 150, left = 60;
    long long span = std::max(1LL, p.to - p.from);
    auto X = [&](long long t) { return left + w * static_cast<double>(t - p.from) / static_cast<double>(span); };
    double top = y0 + 30;
    o << "<text x='" << left << "' y='" << y0 + 18 << "' font-size='15' font-weight='bold'>" << p.label << ": "
      << p.what << " (longest gap " << p.gap_to - p.gap_from << " ms, " << p.failed << " failed of " << p.recs.size()
      << ")</text>\n";
    o << "<rect x='" << X(p.gap_from) << "' y='" << top << "' width='" << std::max(1.0, X(p.gap_to) - X(p.gap_from))
      << "' height='" << h << "' fill='#f4c7c3'/>\n";
    o << "<text x='" << X(p.gap_from) + 3 << "' y='" << top + 14 << "' font-size='11' fill='#a00'>no answer for "
      << p.gap_to - p.gap_from << " ms</text>\n";
    // Requests by start time in 50 ms columns: answered (green; orange when the answer took
    // 100 ms or more) above the axis, failed (red) below; equal neighbours are drawn as one.
    const long long bin = 50;
    int bins = static_cast<int>(span / bin) + 1;
    std::vector<int> ok(bins), slow(bins), bad(bins);
    for (const auto& r : p.recs) {
        int i = static_cast<int>((r.start - p.from) / bin);
        (r.ok ? (r.end - r.start >= 100 ? slow : ok) : bad)[i]++;
    }
    int most = 1;
    for (int i = 0; i < bins; ++i) most = std::max({most, ok[i] + slow[i], bad[i]});
    double unit = (h / 2 - 4) / most;
    auto bars = [&](const std::vector<int>& v, const std::vector<int>* below, bool down, const char* color) {
        for (int i = 0; i < bins;) {
            int j = i;
            while (j + 1 < bins && v[j + 1] == v[i] && (!below || (*below)[j + 1] == (*below)[i])) ++j;
            if (v[i]) {
                double base = top + h / 2 - (below ? (*below)[i] * unit : 0);
                double y = down ? top + h / 2 : base - v[i] * unit;
                o << "<rect x='" << X(p.from + i * bin) << "' y='" << y << "' width='"
                  << X(p.from + (j + 1) * bin) - X(p.from + i * bin) << "' height='" << v[i] * unit << "' fill='"
                  << color << "'/>";
            }
            i = j + 1;
        }
        o << "\n";
    };
    bars(ok, nullptr, false, "#1a7f37");
    bars(slow, &ok, false, "#e69500");
    bars(bad, nullptr, true, "#d1242f");
    o << "\n<line x1='" << X(p.event) << "' y1='" << top << "' x2='" << X(p.event) << "' y2='" << top + h + 14
      << "' stroke='black' stroke-dasharray='4 3'/>\n";
    o << "<text x='" << X(p.event) + 3 << "' y='" << top + h + 26 << "' font-size='11'>" << p.what << "</text>\n";
    o << "<line x1='" << left << "' y1='" << top + h / 2 << "' x2='" << left + w << "' y2='" << top + h / 2 << "' stroke='#888'/>\n";
    for (long long s = 0; s * 1000 <= span; ++s)
        o << "<text x='" << X(p.from + s * 1000) << "' y='" << top + h + 40 << "' font-size='10' fill='#555'>" << s
          << "s</text>";
    o << "\n<text x='2' y='" << top + 12 << "' font-size='10' fill='#1a7f37'>answered</text>"
      << "<text x='2' y='" << top + h - 4 << "' font-size='10' fill='#d1242f'>failed</text>\n";
}

int report(const char* svg_path, int argc, char** argv) {
    std::vector<Phase> phases;
    for (int i = 0; i < argc; ++i) {
        Phase p;
        if (!load_phase(argv[i], p)) {
            std::fprintf(stderr, "lvs_demo report: cannot read phase %s\n", argv[i]);
            return 1;
        }
        phases.push_back(std::move(p));
    }
    std::ofstream svg(svg_path);
    int height = static_cast<int>(phases.size()) * 250 + 40;
    svg << "<svg xmlns='http://www.w3.org/2000/svg' width='1000' height='" << height
        << "' font-family='sans-serif'>\n<rect width='100%' height='100%' fill='white'/>\n"
        << "<text x='10' y='20' font-size='13'>Client requests through the VIP, one every 10 ms, per 50 ms of start "
           "time: green answered, orange answered after 100 ms or more, red failed; shaded: the longest time "
           "without an answer</text>\n";
    int y = 30;
    for (const auto& p : phases) {
        text_picture(p);
        std::printf("\n");
        svg_phase(svg, p, y);
        y += 250;
    }
    svg << "</svg>\n";
    for (const auto& p : phases)
    {
        long long late = std::count_if(p.recs.begin(), p.recs.end(), [](const Rec& r) { return r.ok && r.end - r.start >= 1000; });
        std::printf("result %s outage_ms=%lld failed=%d late=%lld total=%zu\n", p.label.c_str(), p.gap_to - p.gap_from,
                    p.failed, late, p.recs.size());
    }
    return svg ? 0 : 1;
}

int usage() {
    std::fprintf(stderr,
                 "usage: lvs_demo load ADDR PORT OUT STOPFILE [INTERVAL_MS TIMEOUT_MS]\n"
                 "       lvs_demo hold ADDR PORT OUT STOPFILE\n"
                 "       lvs_demo echo-server PORT NAME\n"
                 "       lvs_demo http-server PORT NAME\n"
                 "       lvs_demo report SVG label:LOG:EVENT_MS:what...\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    std::string cmd = argv[1];
    if (cmd == "load" && (argc == 6 || argc == 8))
        return load(argv[2], std::atoi(argv[3]), argv[4], argv[5], argc == 8 ? std::atoi(argv[6]) : 10,
                    argc == 8 ? std::atoi(argv[7]) : 2000);
    if (cmd == "hold" && argc == 6) return hold(argv[2], std::atoi(argv[3]), argv[4], argv[5]);
    if (cmd == "echo-server" && argc == 4) return echo_server(std::atoi(argv[2]), argv[3]);
    if (cmd == "http-server" && argc == 4) return http_server(std::atoi(argv[2]), argv[3]);
    if (cmd == "report" && argc >= 4) return report(argv[2], argc - 3, argv + 3);
    return usage();
}
