#include "directord/checks/protocols/sip_probe.hpp"

#include <cstdio>
#include <random>

#include "directord/checks/protocols/line_channel.hpp"
#include "directord/checks/transport/udp_exchange.hpp"

namespace directord::checks {

namespace asio = boost::asio;

namespace {

constexpr std::size_t kMaxStream = 65536;   // unread bytes kept from a TCP server

std::string hex(std::uint64_t v, int digits) {
    char b[24];
    std::snprintf(b, sizeof b, "%0*llx", digits, (unsigned long long)v);
    return std::string(b).substr(0, (std::size_t)digits);
}

std::string sent_by(const std::optional<std::pair<ha::Address, std::uint16_t>>& me) {
    if (!me) return "0.0.0.0:0";
    return ha::endpoint(me->first, me->second);
}

// Random branch, tag and Call-ID digits. One generator per thread serves every sip
// check (one per probe was 2.5 KB per check).
std::uint64_t random64() {
    thread_local std::mt19937_64 rng(std::random_device{}());
    return rng();
}

} // namespace

CheckResult sip_verdict(const sip::Response& r) {
    if (r.status == 200) return {true, r.status_line};
    return {false, r.status_line};
}

SipProbe::SipProbe(asio::any_io_executor ex, const SipOptions& o) : ex_(ex), o_(o) {}

sip::Options SipProbe::request(const std::string& transport, const std::string& by) {
    sip::Options o;
    o.transport = transport;
    o.sent_by = by;
    o.uri = sip::request_uri(o_.login, o_.addr.bracketed(), o_.port);
    o.branch = "z9hG4bK" + hex(random64(), 16);
    o.tag = hex(random64(), 8);
    o.call_id = hex(random64(), 16) + hex(random64(), 8);
    o.cseq = ++cseq_;
    return o;
}

asio::awaitable<CheckResult> SipProbe::over_udp(Deadline& dl) {
    std::string err;
    UdpExchange x(ex_);
    if (!x.open(dl, o_.addr, o_.port, err)) co_return CheckResult{false, err};
    sip::Options o = request("UDP", sent_by(x.local()));
    std::optional<sip::Response> final;
    std::string ignored, provisional;
    auto take = [&](std::string_view d) {
        bool incomplete = false;
        std::string e;
        auto r = sip::parse_response(d, false, incomplete, e);
        if (r) e = sip::mismatch(*r, o);
        if (!e.empty()) {
            ignored = e;
            return false;
        }
        if (r->status < 200) {
            provisional = r->status_line;
            return false;
        }
        final = std::move(r);
        return true;
    };
    // RFC 3261 17.1.2.2 timer E: T1 = 500 ms doubling up to T2 = 4 s.
    if (co_await x.exchange(sip::encode_options(o), {std::chrono::milliseconds(500), std::chrono::milliseconds(4000)}, take, err))
        co_return sip_verdict(*final);
    if (x.sends() > 1) err += " (sent " + std::to_string(x.sends()) + " times)";
    if (!provisional.empty()) err = "no final response after \"" + provisional + "\"";
    if (!ignored.empty()) err += "; ignored: " + ignored;
    co_return CheckResult{false, err};
}

asio::awaitable<CheckResult> SipProbe::over_tcp(Deadline& dl) {
    std::string err;
    LineChannel c(ex_);
    if (!co_await c.open(dl, o_.addr, o_.port, nullptr, err)) co_return CheckResult{false, err};
    sip::Options o = request("TCP", sent_by(c.local()));
    if (!co_await c.send(sip::encode_options(o), err)) co_return CheckResult{false, err};
    std::string buf, provisional;
    for (;;) {
        bool incomplete = false;
        auto r = sip::parse_response(buf, true, incomplete, err);
        if (r) {
            err = sip::mismatch(*r, o);
            if (!err.empty()) co_return CheckResult{false, err};
            if (r->status >= 200) co_return sip_verdict(*r);
            provisional = r->status_line;
            buf.erase(0, r->size);
            continue;
        }
        if (!incomplete && !buf.empty()) co_return CheckResult{false, err};
        if (buf.size() > kMaxStream) co_return CheckResult{false, "a response longer than " + std::to_string(kMaxStream) + " bytes"};
        auto more = co_await c.some(err);
        if (!more) {
            if (!provisional.empty()) err = "no final response after \"" + provisional + "\": " + err;
            co_return CheckResult{false, err};
        }
        buf += *more;
    }
}

asio::awaitable<CheckResult> SipProbe::run(Deadline& dl) {
    // g++ 12: no co_await inside ?:.
    if (o_.udp) {
        auto r = co_await over_udp(dl);
        co_return r;
    }
    auto r = co_await over_tcp(dl);
    co_return r;
}

} // namespace directord::checks
