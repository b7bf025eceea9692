// Sends alert mails without ever blocking the event loop: SMTP to the smtp= relay
// (port 25) as a coroutine under a 30 s deadline, or the local sendmail as a child
// process (bounded by `timeout`). At most kMaxInFlight mails at once; beyond that a
// mail is dropped and logged (an outage storm must not pile up sockets or processes).
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "directord/director/alerts.hpp"
#include "lib/asio.hpp"

namespace directord {

class Mailer {
public:
    static constexpr int kMaxInFlight = 16;

    // `sendmail`: the program to pipe mails to ($DIRECTORD_SENDMAIL, else the usual paths).
    // `smtp_port`: 25; tests use another.
    explicit Mailer(boost::asio::io_context& io, std::uint16_t smtp_port = 25);
    ~Mailer();

    void send(AlertMail m);
    int in_flight() const { return *in_flight_; }
    // Successes and failures so far (tests, status).
    int sent() const { return *sent_; }
    int failed() const { return *failed_; }

private:
    void sendmail(const AlertMail& m);

    boost::asio::io_context& io_;
    std::uint16_t smtp_port_;
    std::shared_ptr<int> in_flight_ = std::make_shared<int>(0);
    std::shared_ptr<int> sent_ = std::make_shared<int>(0), failed_ = std::make_shared<int>(0);
};

// SMTP's DATA: CRLF line ends, a leading '.' doubled (RFC 5321 4.5.2), ends "\r\n.\r\n".
std::string smtp_data(const std::string& message);

} // namespace directord
