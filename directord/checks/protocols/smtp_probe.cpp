#include "directord/checks/protocols/smtp_probe.hpp"

#include <unistd.h>

#include "directord/checks/protocols/line_channel.hpp"

namespace directord::checks {

namespace asio = boost::asio;

std::string greeting_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost.localdomain";
    return buf;
}

SmtpProbe::SmtpProbe(asio::any_io_executor ex, const CheckTarget& target) : ex_(ex), target_(target), me_(greeting_name()) {}

asio::awaitable<CheckResult> SmtpProbe::run(Deadline& dl) {
    LineChannel c(ex_);
    std::string err;
    if (!co_await c.open(dl, target_.addr, target_.port, nullptr, err)) co_return CheckResult{false, err};
    auto banner = co_await c.reply(err);
    if (!banner) co_return CheckResult{false, "banner: " + err};
    if (banner->code / 100 != 2) co_return CheckResult{false, "banner: " + banner->text};
    std::optional<LineChannel::Reply> hello;
    for (const char* verb : {"EHLO ", "HELO "}) {
        if (!co_await c.send(verb + me_ + "\r\n", err)) co_return CheckResult{false, err};
        hello = co_await c.reply(err);
        if (!hello) co_return CheckResult{false, std::string(verb) + err};
        if (hello->code / 100 == 2) break;
    }
    if (hello->code / 100 != 2) co_return CheckResult{false, "HELO refused: " + hello->text};
    // QUIT without waiting for its answer: the verdict is in, and a server slow to say
    // goodbye must not turn it into a timeout.
    co_await c.send("QUIT\r\n", err);
    co_return CheckResult{true, banner->text};
}

} // namespace directord::checks
