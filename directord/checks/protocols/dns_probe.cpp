#include "directord/checks/protocols/dns_probe.hpp"

#include <random>

#include "directord/checks/protocols/line_channel.hpp"
#include "directord/checks/transport/udp_exchange.hpp"

namespace directord::checks {

namespace asio = boost::asio;

namespace {

std::string strip_slash(std::string s) {
    if (!s.empty() && s[0] == '/') s.erase(0, 1);
    return s;
}

// A random query id. One generator per thread serves every dns check (one per probe
// was 5 KB per check).
std::uint16_t query_id() {
    thread_local std::mt19937 rng(std::random_device{}());
    return (std::uint16_t)(rng() & 0xffff);
}

} // namespace

DnsProbe::DnsProbe(asio::any_io_executor ex, const DnsOptions& o)
    : ex_(ex), target_(o), question_(dns::question_for(strip_slash(o.request))), receive_(o.receive) {}

asio::awaitable<std::optional<dns::Message>> DnsProbe::over_udp(Deadline& dl, std::uint16_t id, const std::string& query,
                                                                std::string& err) {
    UdpExchange x(ex_);
    if (!x.open(dl, target_.addr, target_.port, err)) co_return std::nullopt;
    std::optional<dns::Message> answer;
    std::string ignored;   // why the last datagram was not the answer
    auto take = [&](std::string_view d) {
        std::string e;
        auto m = dns::decode(d, e);
        if (!m) {
            ignored = e;
            return false;
        }
        e = dns::mismatch(*m, id, question_);
        if (!e.empty()) {
            ignored = e;
            return false;
        }
        answer = std::move(m);
        return true;
    };
    if (co_await x.exchange(query, {}, take, err)) co_return answer;
    if (x.sends() > 1) err += " (sent " + std::to_string(x.sends()) + " times)";
    if (!ignored.empty()) err += "; ignored: " + ignored;
    co_return std::nullopt;
}

asio::awaitable<std::optional<dns::Message>> DnsProbe::over_tcp(Deadline& dl, std::uint16_t id, const std::string& query,
                                                                std::string& err) {
    LineChannel c(ex_);
    if (!co_await c.open(dl, target_.addr, target_.port, nullptr, err)) co_return std::nullopt;
    // RFC 1035 4.2.2: each message is preceded by its length.
    std::string framed;
    framed.push_back((char)(query.size() >> 8));
    framed.push_back((char)(query.size() & 0xff));
    framed += query;
    if (!co_await c.send(framed, err)) co_return std::nullopt;
    std::string buf;
    for (;;) {
        if (buf.size() >= 2) {
            std::size_t len = ((std::size_t)(unsigned char)buf[0] << 8) | (unsigned char)buf[1];
            if (buf.size() >= 2 + len) {
                auto m = dns::decode(std::string_view(buf).substr(2, len), err);
                if (!m) co_return std::nullopt;
                err = dns::mismatch(*m, id, question_);
                if (!err.empty()) co_return std::nullopt;
                co_return m;
            }
        }
        auto more = co_await c.some(err);
        if (!more) {
            if (!buf.empty()) err = "answer cut short (" + std::to_string(buf.size()) + " bytes): " + err;
            co_return std::nullopt;
        }
        buf += *more;
    }
}

asio::awaitable<CheckResult> DnsProbe::run(Deadline& dl) {
    // Nothing to learn from the server when no answer can ever match.
    if (receive_.empty() || !receive_.error().empty()) co_return CheckResult{false, dns::judge({}, receive_).reason};
    std::uint16_t id = query_id();
    std::string err;
    auto query = dns::encode_query(id, question_, err);
    if (!query) co_return CheckResult{false, err};
    std::string what = question_.name + " " + dns::type_name(question_.type);
    std::optional<dns::Message> answer;
    if (target_.udp) {
        answer = co_await over_udp(dl, id, *query, err);
        if (!answer) co_return CheckResult{false, what + ": " + err};
        if (answer->truncated) {
            answer = co_await over_tcp(dl, id, *query, err);
            if (!answer) co_return CheckResult{false, what + ": truncated over UDP, over TCP: " + err};
        }
    } else {
        answer = co_await over_tcp(dl, id, *query, err);
        if (!answer) co_return CheckResult{false, what + ": " + err};
    }
    auto v = dns::judge(*answer, receive_);
    co_return CheckResult{v.up, v.up ? v.reason : what + ": " + v.reason};
}

} // namespace directord::checks
