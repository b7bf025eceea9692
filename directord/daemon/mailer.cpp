#include "directord/daemon/mailer.hpp"

#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

#include "directord/checks/transport/deadline.hpp"
#include "directord/checks/protocols/line_channel.hpp"
#include "lib/child.hpp"
#include "lib/log.hpp"

namespace directord {

namespace asio = boost::asio;

namespace {

constexpr auto kSmtpDeadline = std::chrono::seconds(30);

std::string find_sendmail() {
    if (const char* p = std::getenv("DIRECTORD_SENDMAIL"); p && *p) return p;
    for (const char* p : {"/usr/sbin/sendmail", "/usr/lib/sendmail"})
        if (::access(p, X_OK) == 0) return p;
    return "";
}

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// One SMTP session; false with `err` on any refusal.
asio::awaitable<bool> smtp_session(asio::any_io_executor ex, AlertMail m, std::uint16_t port, std::string& err) {
    checks::Deadline dl(ex);
    dl.arm(kSmtpDeadline);
    ha::Address addr;
    if (auto a = ha::Address::parse(*m.smtp)) {
        addr = *a;
    } else {
        asio::ip::tcp::resolver resolver(ex);
        auto g = dl.on_expire([&] { resolver.cancel(); });
        boost::system::error_code ec;
        auto found = co_await resolver.async_resolve(*m.smtp, std::to_string(port), asio::redirect_error(asio::use_awaitable, ec));
        if (ec || found.empty()) {
            err = "cannot resolve " + *m.smtp + ": " + ec.message();
            co_return false;
        }
        addr = *ha::Address::parse(found.begin()->endpoint().address().to_string());
    }
    checks::LineChannel c(ex);
    if (!co_await c.open(dl, addr, port, nullptr, err)) co_return false;
    auto expect = [&](int want, const std::string& what) -> asio::awaitable<bool> {
        auto r = co_await c.reply(err);
        if (!r) {
            err = what + ": " + err;
            co_return false;
        }
        if (r->code / 100 != want) {
            err = what + ": " + r->text;
            co_return false;
        }
        co_return true;
    };
    auto say = [&](const std::string& line, int want, const std::string& what) -> asio::awaitable<bool> {
        if (!co_await c.send(line + "\r\n", err)) co_return false;
        bool ok = co_await expect(want, what);
        co_return ok;
    };
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    if (!co_await expect(2, "greeting")) co_return false;
    if (!co_await say(std::string("HELO ") + (host[0] ? host : "localhost"), 2, "HELO")) co_return false;
    if (!co_await say("MAIL FROM:<" + m.envelope_from + ">", 2, "MAIL FROM")) co_return false;
    for (const auto& to : m.to)
        if (!co_await say("RCPT TO:<" + to + ">", 2, "RCPT TO " + to)) co_return false;
    if (!co_await say("DATA", 3, "DATA")) co_return false;
    if (!co_await c.send(smtp_data(m.message), err)) co_return false;
    if (!co_await expect(2, "end of data")) co_return false;
    co_await c.send("QUIT\r\n", err);
    co_return true;
}

} // namespace

std::string smtp_data(const std::string& message) {
    std::string out;
    bool bol = true;
    for (std::size_t i = 0; i < message.size(); ++i) {
        char ch = message[i];
        if (bol && ch == '.') out += '.';
        if (ch == '\n' && (i == 0 || message[i - 1] != '\r')) out += '\r';
        out += ch;
        bol = ch == '\n';
    }
    if (!out.empty() && !bol) out += "\r\n";
    return out + ".\r\n";
}

Mailer::Mailer(asio::io_context& io, std::uint16_t smtp_port) : io_(io), smtp_port_(smtp_port) {}

Mailer::~Mailer() = default;

void Mailer::send(AlertMail m) {
    if (*in_flight_ >= kMaxInFlight) {
        ++*failed_;
        ha::log().warning("emailalert: " + std::to_string(kMaxInFlight) + " mails already in flight; not sent: " + m.subject);
        return;
    }
    if (!m.smtp) {
        sendmail(m);
        return;
    }
    ++*in_flight_;
    auto in_flight = in_flight_, sent = sent_, failed = failed_;
    std::string subject = m.subject, relay = *m.smtp;
    asio::co_spawn(
        io_,
        [ex = io_.get_executor(), m = std::move(m), port = smtp_port_, in_flight, sent, failed, subject, relay]() -> asio::awaitable<void> {
            std::string err;
            bool ok = false;
            try {
                ok = co_await smtp_session(ex, m, port, err);
            } catch (const std::exception& e) {
                err = e.what();
            }
            --*in_flight;
            if (ok) {
                ++*sent;
                ha::log().info("emailalert: " + subject);
            } else {
                ++*failed;
                ha::log().error("emailalert via " + relay + " failed (" + err + "): " + subject);
            }
        },
        asio::detached);
}

void Mailer::sendmail(const AlertMail& m) {
    std::string prog = find_sendmail();
    if (prog.empty()) {
        ++*failed_;
        ha::log().error("emailalert: no sendmail program (and no smtp= relay); not sent: " + m.subject);
        return;
    }
    // The message goes through a private file: the child reads it, then removes it.
    char path[] = "/tmp/directord-mail.XXXXXX";
    int fd = ::mkstemp(path);
    if (fd < 0) {
        ++*failed_;
        ha::log().error("emailalert: cannot write the mail; not sent: " + m.subject);
        return;
    }
    std::string text;
    for (char ch : m.message)
        if (ch != '\r') text += ch;   // sendmail takes local line ends
    bool ok = ::write(fd, text.data(), text.size()) == (ssize_t)text.size();
    ::close(fd);
    if (!ok) {
        ::unlink(path);
        ++*failed_;
        ha::log().error("emailalert: cannot write the mail; not sent: " + m.subject);
        return;
    }
    std::string cmd = "timeout 60 " + shell_quote(prog) + " -t -i -f " + shell_quote(m.envelope_from) + " < " + path +
                      "; rm -f " + path;
    if (ha::spawn_shell(cmd) < 0) {
        ::unlink(path);
        ++*failed_;
        ha::log().error("emailalert: cannot run " + prog + "; not sent: " + m.subject);
        return;
    }
    ++*sent_;
    ha::log().info("emailalert: " + m.subject);
}

} // namespace directord
