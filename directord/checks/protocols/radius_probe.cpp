#include "directord/checks/protocols/radius_probe.hpp"

#include <openssl/rand.h>

#include "directord/checks/protocols/radius_packet.hpp"
#include "directord/checks/transport/udp_exchange.hpp"

namespace directord::checks {

namespace asio = boost::asio;

RadiusProbe::RadiusProbe(asio::any_io_executor ex, const RadiusOptions& o) : ex_(ex), o_(o) {}

asio::awaitable<CheckResult> RadiusProbe::run(Deadline& dl) {
    radius::Request rq;
    rq.user = o_.login;
    rq.password = o_.passwd;
    // An unpredictable authenticator (RFC 2865 3) and identifier.
    std::uint8_t rnd[17];
    if (RAND_bytes(rnd, sizeof rnd) != 1) co_return CheckResult{false, "no random bytes for the request authenticator"};
    std::copy(rnd, rnd + 16, rq.authenticator.begin());
    rq.id = rnd[16];
    std::string err;
    UdpExchange x(ex_);
    if (!x.open(dl, o_.addr, o_.port, err)) co_return CheckResult{false, err};
    // RFC 2865 4.1 wants NAS-IP-Address or NAS-Identifier: the address the server sees.
    if (auto me = x.local(); me && !me->first.is_unspecified()) rq.nas = me->first;
    else rq.nas_identifier = "directord";
    auto packet = radius::encode_access_request(rq, o_.secret, err);
    if (!packet) co_return CheckResult{false, err};

    std::optional<radius::Response> answer;
    std::string ignored;   // why the last datagram was not taken
    auto take = [&](std::string_view d) {
        std::string e;
        answer = radius::verify_response(d, *packet, o_.secret, e);
        if (!answer) ignored = e;
        return answer.has_value();
    };
    if (!co_await x.exchange(*packet, {}, take, err)) {
        if (x.sends() > 1) err += " (sent " + std::to_string(x.sends()) + " times)";
        if (!ignored.empty()) err += "; ignored an answer: " + ignored;
        co_return CheckResult{false, err};
    }
    std::string what = radius::code_name(answer->code);
    if (!answer->reply_message.empty()) {
        // The server's text, on one printable line of the log.
        std::string msg = answer->reply_message.substr(0, 200);
        for (auto& c : msg)
            if ((unsigned char)c < 0x20 || c == 0x7f) c = ' ';
        what += ": " + msg;
    }
    co_return CheckResult{answer->code == radius::AccessAccept, what};
}

} // namespace directord::checks
