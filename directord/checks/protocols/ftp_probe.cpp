#include "directord/checks/protocols/ftp_probe.hpp"

#include <cstdio>

#include "directord/checks/protocols/line_channel.hpp"

namespace directord::checks {

namespace asio = boost::asio;

std::optional<std::uint16_t> FtpProbe::pasv_port(const std::string& reply) {
    // The six numbers follow the first digit after the code (RFC 959 does not fix the text).
    auto open = reply.find_first_of("0123456789", 4);
    if (open == std::string::npos) return std::nullopt;
    unsigned h[4], p1, p2;
    if (std::sscanf(reply.c_str() + open, "%u,%u,%u,%u,%u,%u", &h[0], &h[1], &h[2], &h[3], &p1, &p2) != 6) return std::nullopt;
    if (p1 > 255 || p2 > 255 || (p1 == 0 && p2 == 0)) return std::nullopt;
    return (std::uint16_t)(p1 * 256 + p2);
}

FtpProbe::FtpProbe(asio::any_io_executor ex, const FtpOptions& o)
    : ex_(ex), target_(o), login_(o.login), passwd_(o.passwd), request_(o.request), receive_(o.receive) {}

asio::awaitable<CheckResult> FtpProbe::run(Deadline& dl) {
    CheckResult r = co_await session(dl);
    if (!r.up && receive_.empty() && !dl.expired())
        r = {true, r.reason + " (up anyway: ldirectord does not judge an ftp check without receive=)"};
    co_return r;
}

asio::awaitable<CheckResult> FtpProbe::session(Deadline& dl) {
    if (!receive_.error().empty()) co_return CheckResult{false, receive_.error()};
    LineChannel c(ex_);
    std::string err;
    if (!co_await c.open(dl, target_.addr, target_.port, nullptr, err)) co_return CheckResult{false, err};
    auto rep = co_await c.reply(err);
    if (!rep) co_return CheckResult{false, "greeting: " + err};
    if (rep->code / 100 != 2) co_return CheckResult{false, "greeting: " + rep->text};

    // One command, its reply; nullopt (with err) when the connection failed.
    auto command = [&](const std::string& line) -> asio::awaitable<std::optional<LineChannel::Reply>> {
        std::string verb = line.substr(0, line.find(' '));
        if (!co_await c.send(line + "\r\n", err)) co_return std::nullopt;
        auto r = co_await c.reply(err);
        if (!r) err = verb + ": " + err;
        co_return r;
    };
    rep = co_await command("USER " + login_);
    if (!rep) co_return CheckResult{false, err};
    if (rep->code / 100 == 3) {
        rep = co_await command("PASS " + passwd_);
        if (!rep) co_return CheckResult{false, err};
    }
    if (rep->code / 100 != 2) co_return CheckResult{false, "login refused: " + rep->text};
    // ldirectord does not look at these two answers; neither do we.
    for (const char* cmd : {"CWD /", "TYPE I"})
        if (!co_await command(cmd)) co_return CheckResult{false, err};
    rep = co_await command("PASV");
    if (!rep) co_return CheckResult{false, err};
    auto port = rep->code == 227 ? pasv_port(rep->text) : std::nullopt;
    if (!port) co_return CheckResult{false, "PASV: " + rep->text};

    LineChannel data(ex_);
    if (!co_await data.open(dl, target_.addr, *port, nullptr, err)) co_return CheckResult{false, "data " + err};
    rep = co_await command("RETR " + request_);
    if (!rep) co_return CheckResult{false, err};
    if (rep->code / 100 != 1) co_return CheckResult{false, "RETR " + request_ + ": " + rep->text};
    auto content = co_await data.until_eof(kMaxFile, err);
    if (!content) co_return CheckResult{false, "RETR " + request_ + ": " + err};
    rep = co_await c.reply(err);
    if (!rep) co_return CheckResult{false, "RETR " + request_ + ": " + err};
    if (rep->code / 100 != 2) co_return CheckResult{false, "RETR " + request_ + ": " + rep->text};
    // Not waiting for QUIT's answer: the verdict is in.
    co_await c.send("QUIT\r\n", err);
    auto matched = receive_.match(*content);
    if (matched.status == ReceiveMatch::error) co_return CheckResult{false, "RETR " + request_ + ": " + matched.reason};
    if (!matched.ok())
        co_return CheckResult{false, "RETR " + request_ + ": the content does not match receive"};
    co_return CheckResult{true, "RETR " + request_ + ": " + std::to_string(content->size()) + " bytes"};
}

} // namespace directord::checks
