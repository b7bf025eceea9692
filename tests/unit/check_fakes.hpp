// In-process fakes for checker tests: an HTTP(S) server on 127.0.0.1 with a
// behaviour per path, a self-signed certificate made with the OpenSSL API, and a
// helper that runs one check through a CheckScheduler on a private io_context.
#pragma once
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "directord/checks/engine/check_scheduler.hpp"
#include "lib/asio.hpp"
#include <boost/asio/ssl.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace fakes {

namespace asio = boost::asio;
using asio::ip::tcp;

// What the server does with a request for a path.
enum class Mode { ok, status500, slow, garbage, half_open, close, redirect, redirect_loop, keep };

struct Cert {
    std::string cert_pem, key_pem;
};

// A self-signed certificate for CN=localhost, SAN DNS:localhost, IP:127.0.0.1.
inline Cert make_cert() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* x = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600 * 24);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char*)"localhost", -1, -1, 0);
    X509_set_issuer_name(x, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    for (auto [nid, val] : {std::pair{NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, val);
        X509_add_ext(x, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(x, key, EVP_sha256());
    auto to_pem = [](auto write) {
        BIO* b = BIO_new(BIO_s_mem());
        write(b);
        char* p;
        long n = BIO_get_mem_data(b, &p);
        std::string s(p, (std::size_t)n);
        BIO_free(b);
        return s;
    };
    Cert c;
    c.cert_pem = to_pem([&](BIO* b) { PEM_write_bio_X509(b, x); });
    c.key_pem = to_pem([&](BIO* b) { PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr); });
    X509_free(x);
    EVP_PKEY_free(key);
    return c;
}

class HttpServer {
public:
    // `cert`: serve TLS with it.
    HttpServer(asio::io_context& io, std::map<std::string, Mode> paths, const Cert* cert = nullptr)
        : io_(io), acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), paths_(std::move(paths)) {
        if (cert) {
            tls_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
            tls_->use_certificate_chain(asio::buffer(cert->cert_pem));
            tls_->use_private_key(asio::buffer(cert->key_pem), asio::ssl::context::pem);
        }
        accept();
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    std::vector<std::string> requests;   // request heads received
    int accepted = 0;                    // connections accepted
    // The server side ends every kept-alive connection (an idle timeout, a reload).
    void drop_kept() {
        boost::system::error_code ec;
        for (auto& s : kept_) s->close(ec);
        kept_.clear();
    }
    void close() {
        boost::system::error_code ec;
        acceptor_.close(ec);
        for (auto& s : held_) s->close(ec);
    }

private:
    void accept() {
        acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
            if (ec) return;
            ++accepted;
            auto sp = std::make_shared<tcp::socket>(std::move(s));
            if (tls_) {
                auto st = std::make_shared<asio::ssl::stream<tcp::socket&>>(*sp, *tls_);
                st->async_handshake(asio::ssl::stream_base::server, [this, sp, st](boost::system::error_code ec) {
                    if (!ec) serve(st, sp);
                });
            } else {
                serve(sp, sp);
            }
            accept();
        });
    }

    template <class Stream>
    void serve(std::shared_ptr<Stream> s, std::shared_ptr<tcp::socket> sock) {
        auto buf = std::make_shared<asio::streambuf>();
        asio::async_read_until(*s, *buf, "\r\n\r\n", [this, s, sock, buf](boost::system::error_code ec, std::size_t n) {
            if (ec) return;
            std::string head(asio::buffers_begin(buf->data()), asio::buffers_begin(buf->data()) + (long)n);
            requests.push_back(head);
            auto sp = head.find(' ');
            std::string path = head.substr(sp + 1, head.find(' ', sp + 1) - sp - 1);
            Mode m = paths_.count(path) ? paths_[path] : Mode::ok;
            auto send = [s, sock](std::string text) {
                auto t = std::make_shared<std::string>(std::move(text));
                asio::async_write(*s, asio::buffer(*t), [s, sock, t](boost::system::error_code, std::size_t) {
                    boost::system::error_code ignored;
                    sock->shutdown(tcp::socket::shutdown_both, ignored);
                });
            };
            auto reply = [](int status, const std::string& reason, const std::string& body, const std::string& extra = "") {
                return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n" + extra + "\r\n" + body;
            };
            switch (m) {
            case Mode::ok: send(reply(200, "OK", "hello, the service is ok")); break;
            case Mode::status500: send(reply(500, "Internal Server Error", "broken")); break;
            case Mode::garbage: send("SSH-2.0-OpenSSH_9.2\r\nnot http at all\r\n\r\n"); break;
            case Mode::half_open: held_.push_back(sock); break;   // accept, never answer
            case Mode::close: {
                boost::system::error_code ignored;
                sock->close(ignored);
                break;
            }
            case Mode::keep: {
                // HTTP/1.1 keep-alive: answer, then wait for the next request on this connection.
                auto t = std::make_shared<std::string>(reply(200, "OK", "kept"));
                kept_.push_back(sock);
                asio::async_write(*s, asio::buffer(*t), [this, s, sock, t](boost::system::error_code ec, std::size_t) {
                    if (!ec) serve(s, sock);
                });
                break;
            }
            case Mode::redirect: send(reply(302, "Found", "", "Location: /final\r\n")); break;
            case Mode::redirect_loop: send(reply(302, "Found", "", "Location: " + path + "\r\n")); break;
            case Mode::slow: {
                auto t = std::make_shared<asio::steady_timer>(io_, std::chrono::seconds(4));
                held_.push_back(sock);
                t->async_wait([t, send, reply](boost::system::error_code) { send(reply(200, "OK", "late")); });
                break;
            }
            }
        });
    }

    asio::io_context& io_;
    tcp::acceptor acceptor_;
    std::map<std::string, Mode> paths_;
    std::unique_ptr<asio::ssl::context> tls_;
    std::vector<std::shared_ptr<tcp::socket>> held_;
    std::vector<std::shared_ptr<tcp::socket>> kept_;
};

// Runs `probe` once through a CheckScheduler (so the deadline is the real one) and
// returns the result; gives up after `limit` of wall time.
inline directord::checks::CheckResult run_once(asio::io_context& io, std::unique_ptr<directord::checks::Probe> probe,
                                               std::chrono::seconds deadline,
                                               std::chrono::seconds limit = std::chrono::seconds(30)) {
    directord::checks::CheckResult out{false, "no result"};
    bool got = false;
    directord::checks::CheckScheduler sched(io.get_executor(), [&](directord::checks::CheckScheduler::Id, const directord::checks::CheckResult& r) {
        out = r;
        got = true;
    });
    auto id = sched.add(std::move(probe), std::chrono::hours(1), deadline, std::chrono::seconds(0));
    auto until = std::chrono::steady_clock::now() + limit;
    // run_for() leaves the context stopped when it runs out of work: restart each time.
    while (!got && std::chrono::steady_clock::now() < until) {
        io.restart();
        io.run_for(std::chrono::milliseconds(20));
    }
    sched.remove(id);
    io.restart();
    io.run_for(std::chrono::milliseconds(20));
    if (!got) out.reason = "test gave up waiting";
    return out;
}

} // namespace fakes
