#include "directord/checks/protocols/line_channel.hpp"

#include <algorithm>

#include "directord/checks/protocols/connect_probe.hpp"
#include "directord/checks/transport/read_cap.hpp"
#include "directord/config/services.hpp"
#include "lib/asio.hpp"
#include <boost/asio/ssl.hpp>
#include <openssl/ssl.h>

namespace directord::checks {

namespace asio = boost::asio;
using asio::ip::tcp;

struct LineChannel::Impl {
    explicit Impl(asio::any_io_executor ex) : sock(ex) {}
    tcp::socket sock;
    std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls;
    Deadline::Guard guard;   // declared last: unregistered before the socket goes
};

TlsPeer tls_peer(const CheckSpec& spec) {
    TlsPeer p;
    if (spec.sni) p.sni = *spec.sni;
    if (spec.tls.verify == TlsPolicy::Verify::hostname) p.verify_name = spec.sni ? *spec.sni : spec.addr.str();
    return p;
}

bool tls_service(const CheckSpec& spec) {
    const ServiceInfo* svc = find_service(spec.service);
    return svc && svc->tls;
}

LineChannel::LineChannel(asio::any_io_executor ex) : d_(std::make_unique<Impl>(ex)) {}
LineChannel::~LineChannel() = default;

// Not a coroutine: the coroutine below gets a constructed TlsPeer to copy.
asio::awaitable<bool> LineChannel::open(Deadline& dl, const ha::Address& addr, std::uint16_t port,
                                        std::shared_ptr<asio::ssl::context> tls, std::string& err) {
    return open(dl, addr, port, std::move(tls), err, TlsPeer{});
}

asio::awaitable<bool> LineChannel::open(Deadline& dl, const ha::Address& addr, std::uint16_t port,
                                        std::shared_ptr<asio::ssl::context> tls, std::string& err, TlsPeer peer) {
    Impl* d = d_.get();
    d->guard = dl.on_expire([d] {
        boost::system::error_code ignored;
        d->sock.close(ignored);
    });
    if (port == 0) {
        err = "no port to connect to";
        co_return false;
    }
    boost::system::error_code ec;
    co_await d->sock.async_connect(tcp_endpoint(addr, port), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        err = "connect " + ha::endpoint(addr, port) + ": " + ec.message();
        co_return false;
    }
    peer_ = addr;
    // A reset at close: no TIME_WAIT left on the real server for every check.
    d->sock.set_option(tcp::socket::linger(true, 0), ec);
    if (!tls) co_return true;
    d->tls = std::make_unique<asio::ssl::stream<tcp::socket&>>(d->sock, *tls);
    SSL* ssl = d->tls->native_handle();
    if (!peer.sni.empty()) SSL_set_tlsext_host_name(ssl, peer.sni.c_str());
    if (!peer.verify_name.empty()) {
        if (ha::Address::parse(peer.verify_name)) X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), peer.verify_name.c_str());
        else SSL_set1_host(ssl, peer.verify_name.c_str());
    }
    co_await d->tls->async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        err = "TLS handshake: " + ec.message();
        long v = SSL_get_verify_result(ssl);
        if (v != X509_V_OK) err += " (" + std::string(X509_verify_cert_error_string(v)) + ")";
        co_return false;
    }
    co_return true;
}

asio::awaitable<bool> LineChannel::fill(std::string& err) {
    if (eof_) {
        err = "connection closed by the server";
        co_return false;
    }
    if (read_ > kReadCap) {
        err = "the server sent more than " + read_cap_text();
        co_return false;
    }
    char tmp[4096];
    boost::system::error_code ec;
    // One byte past the cap is enough to know it was passed.
    const std::size_t want = std::min(sizeof tmp, kReadCap + 1 - read_);
    // g++ 12 miscompiles co_await inside ?:, && and ||: plain statements only.
    std::size_t n = 0;
    if (d_->tls) n = co_await d_->tls->async_read_some(asio::buffer(tmp, want), asio::redirect_error(asio::use_awaitable, ec));
    else n = co_await d_->sock.async_read_some(asio::buffer(tmp, want), asio::redirect_error(asio::use_awaitable, ec));
    read_ += n;
    if (read_ > kReadCap) {
        err = "the server sent more than " + read_cap_text();
        co_return false;
    }
    buf_.append(tmp, n);
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
        eof_ = true;
        if (n) co_return true;
        err = "connection closed by the server";
        co_return false;
    }
    if (ec) {
        err = "reading: " + ec.message();
        co_return false;
    }
    co_return true;
}

asio::awaitable<std::optional<std::string>> LineChannel::line(std::string& err) {
    for (;;) {
        auto nl = buf_.find('\n');
        if (nl != std::string::npos && nl <= kMaxLine) {
            std::string l = buf_.substr(0, nl);
            buf_.erase(0, nl + 1);
            if (!l.empty() && l.back() == '\r') l.pop_back();
            co_return l;
        }
        if (buf_.size() > kMaxLine) {
            err = "a line longer than " + std::to_string(kMaxLine) + " bytes";
            co_return std::nullopt;
        }
        if (eof_ && !buf_.empty()) {
            co_return std::exchange(buf_, {});
        }
        bool got = co_await fill(err);
        if (!got && !(eof_ && !buf_.empty())) co_return std::nullopt;   // else: the last line, above
    }
}

asio::awaitable<std::optional<std::string>> LineChannel::some(std::string& err) {
    if (buf_.empty()) {
        bool got = co_await fill(err);
        if (!got) co_return std::nullopt;
    }
    co_return std::exchange(buf_, {});
}

asio::awaitable<std::optional<std::string>> LineChannel::until_eof(std::size_t limit, std::string& err) {
    while (!eof_) {
        if (buf_.size() > limit) {
            err = "more than " + std::to_string(limit) + " bytes";
            co_return std::nullopt;
        }
        std::string e;
        bool got = co_await fill(e);
        if (!got && !eof_) {
            err = e;
            co_return std::nullopt;
        }
    }
    if (buf_.size() > limit) {
        err = "more than " + std::to_string(limit) + " bytes";
        co_return std::nullopt;
    }
    co_return std::exchange(buf_, {});
}

namespace {
bool has_code(const std::string& l) {
    return l.size() >= 3 && std::isdigit((unsigned char)l[0]) && std::isdigit((unsigned char)l[1]) &&
           std::isdigit((unsigned char)l[2]);
}
} // namespace

asio::awaitable<std::optional<LineChannel::Reply>> LineChannel::reply(std::string& err) {
    auto first = co_await line(err);
    if (!first) co_return std::nullopt;
    if (!has_code(*first) || (first->size() > 3 && (*first)[3] != ' ' && (*first)[3] != '-')) {
        err = "not a reply: \"" + first->substr(0, 80) + "\"";
        co_return std::nullopt;
    }
    Reply r{std::stoi(first->substr(0, 3)), *first};
    bool more = first->size() > 3 && (*first)[3] == '-';
    // The last line of a multi-line reply repeats the code followed by a space.
    for (int n = 0; more; ++n) {
        if (n >= kMaxReplyLines) {
            err = "a reply of more than " + std::to_string(kMaxReplyLines) + " lines";
            co_return std::nullopt;
        }
        auto l = co_await line(err);
        if (!l) co_return std::nullopt;
        r.text = *l;
        more = !(l->compare(0, 3, first->substr(0, 3)) == 0 && (l->size() == 3 || (*l)[3] == ' '));
    }
    co_return r;
}

asio::awaitable<bool> LineChannel::send(const std::string& text, std::string& err) {
    boost::system::error_code ec;
    if (d_->tls) co_await asio::async_write(*d_->tls, asio::buffer(text), asio::redirect_error(asio::use_awaitable, ec));
    else co_await asio::async_write(d_->sock, asio::buffer(text), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        err = "sending: " + ec.message();
        co_return false;
    }
    co_return true;
}

std::optional<std::pair<ha::Address, std::uint16_t>> LineChannel::local() const {
    boost::system::error_code ec;
    auto ep = d_->sock.local_endpoint(ec);
    if (ec) return std::nullopt;
    auto a = ha::Address::parse(ep.address().to_string());
    if (!a) return std::nullopt;
    return std::pair{*a, ep.port()};
}

void LineChannel::shutdown_send() {
    boost::system::error_code ignored;
    d_->sock.shutdown(tcp::socket::shutdown_send, ignored);
}

} // namespace directord::checks
