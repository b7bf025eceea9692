// The ldap/ldaps check: ldirectord's verdict on a search, and the probe against an
// in-process LDAP fake on 127.0.0.1 (good, bind refused, garbage, silent, closing,
// disconnection notice, TLS with the chain and hostname policies).
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <unistd.h>

#include "directord/checks/protocols/ldap_probe.hpp"
#include "directord/checks/engine/text_probes.hpp"
#include "text_fakes.hpp"

using namespace directord::checks;

namespace {

std::string bytes(std::initializer_list<int> b) {
    std::string s;
    for (int x : b) s += (char)x;
    return s;
}

// Short-form BER (the fake's answers stay under 128 bytes).
std::string tlv(int tag, const std::string& v) { return bytes({tag, (int)v.size()}) + v; }
std::string result(int id, int op, int code, const std::string& diag = "") {
    return tlv(0x30, bytes({0x02, 0x01, id}) + tlv(op, bytes({0x0a, 0x01, code}) + tlv(0x04, "") + tlv(0x04, diag)));
}
std::string entry(int id, const std::string& dn) { return tlv(0x30, bytes({0x02, 0x01, id}) + tlv(0x64, tlv(0x04, dn) + tlv(0x30, ""))); }
std::string reference(int id) { return tlv(0x30, bytes({0x02, 0x01, id}) + tlv(0x73, tlv(0x04, "ldap://elsewhere/"))); }

// One request as the fake saw it.
struct Request {
    int op = 0;          // protocolOp tag: 0x60 bind, 0x63 search, 0x42 unbind
    std::string raw;
};

// An LDAP server that frames requests (the client's ids and lengths are small) and
// answers each through a handler; kClose closes, empty says nothing.
class LdapServer {
public:
    using Handler = std::function<std::string(const Request&)>;
    static inline const std::string kClose = "\x01close";

    LdapServer(boost::asio::io_context& io, Handler h, const fakes::Cert* cert = nullptr)
        : acceptor_(io, fakes::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)), handler_(std::move(h)) {
        if (cert) {
            tls_ = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
            tls_->use_certificate_chain(boost::asio::buffer(cert->cert_pem));
            tls_->use_private_key(boost::asio::buffer(cert->key_pem), boost::asio::ssl::context::pem);
        }
        accept();
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    std::vector<Request> requests;
    bool silent = false;

private:
    using tcp = fakes::tcp;
    void accept() {
        acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
            if (ec) return;
            auto sp = std::make_shared<tcp::socket>(std::move(s));
            held_.push_back(sp);
            if (silent) {
            } else if (tls_) {
                auto st = std::make_shared<boost::asio::ssl::stream<tcp::socket&>>(*sp, *tls_);
                st->async_handshake(boost::asio::ssl::stream_base::server, [this, sp, st](boost::system::error_code ec) {
                    if (!ec) read(st, sp, std::make_shared<std::string>());
                });
            } else {
                read(sp, sp, std::make_shared<std::string>());
            }
            accept();
        });
    }

    template <class Stream>
    void read(std::shared_ptr<Stream> s, std::shared_ptr<tcp::socket> sock, std::shared_ptr<std::string> buf) {
        auto tmp = std::make_shared<std::array<char, 4096>>();
        s->async_read_some(boost::asio::buffer(*tmp), [this, s, sock, buf, tmp](boost::system::error_code ec, std::size_t n) {
            if (ec) return;
            buf->append(tmp->data(), n);
            // 30 LEN 02 01 ID OP ...: short-form lengths only.
            while (buf->size() >= 2 && buf->size() >= 2u + (unsigned char)(*buf)[1]) {
                std::size_t len = 2u + (unsigned char)(*buf)[1];
                Request r{buf->size() > 5 ? (unsigned char)(*buf)[5] : 0, buf->substr(0, len)};
                buf->erase(0, len);
                requests.push_back(r);
                std::string out = handler_(r);
                if (out == kClose) {
                    boost::system::error_code ignored;
                    sock->close(ignored);
                    return;
                }
                if (!out.empty()) {
                    auto t = std::make_shared<std::string>(out);
                    boost::asio::async_write(*s, boost::asio::buffer(*t), [s, t](boost::system::error_code, std::size_t) {});
                }
            }
            read(s, sock, buf);
        });
    }

    fakes::tcp::acceptor acceptor_;
    Handler handler_;
    std::unique_ptr<boost::asio::ssl::context> tls_;
    std::vector<std::shared_ptr<fakes::tcp::socket>> held_;
};

// A directory holding one entry, dc=example,dc=test; bind refused unless anonymous
// or cn=admin/secret.
std::string directory(const Request& r) {
    if (r.op == 0x60) {
        bool anonymous = r.raw.find("cn=admin") == std::string::npos;
        bool good = anonymous || r.raw.find("secret") != std::string::npos;
        return result(1, 0x61, good ? 0 : 49, good ? "" : "wrong password");
    }
    if (r.op == 0x63) {
        if (r.raw.find("dc=example,dc=test") != std::string::npos && r.raw.find("ou=") == std::string::npos)
            return reference(2) + entry(2, "dc=example,dc=test") + result(2, 0x65, 0);
        return result(2, 0x65, 32, "no such object");
    }
    return "";
}

CheckSpec ldap_spec(const std::string& service, std::uint16_t port, const std::string& request = "/dc=example,dc=test") {
    CheckSpec s;
    s.kind = CheckSpec::Kind::negotiate;
    s.service = service;
    s.addr = *ha::Address::parse("127.0.0.1");
    s.port = port;
    s.request = request;
    s.negotiatetimeout = std::chrono::seconds(1);
    return s;
}

CheckResult check(boost::asio::io_context& io, const CheckSpec& s) {
    auto p = make_text_probe(io.get_executor(), s, [&](std::string& err) -> std::shared_ptr<boost::asio::ssl::context> {
        try {
            return make_client_context(s.tls);
        } catch (const std::exception& e) {
            err = e.what();
            return nullptr;
        }
    });
    BOOST_REQUIRE(p);
    return fakes::run_once(io, std::move(p), s.negotiatetimeout);
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

} // namespace

BOOST_AUTO_TEST_SUITE(checks_ldap)

BOOST_AUTO_TEST_CASE(verdict_counts_entries_and_matches_the_dn) {
    LdapSearchOutcome one{"dc=example,dc=test", 1, "dc=example,dc=test", 0, ""};
    BOOST_TEST(ldap_verdict(one, ReceivePattern("")).up);
    BOOST_TEST(ldap_verdict(one, ReceivePattern("^dc=example")).up);
    auto mismatch = ldap_verdict(one, ReceivePattern("ou=people"));
    BOOST_TEST(!mismatch.up);
    BOOST_TEST(has(mismatch.reason, "does not match receive"), mismatch.reason);
    auto bad_re = ldap_verdict(one, ReceivePattern("(["));
    BOOST_TEST(!bad_re.up);
    BOOST_TEST(has(bad_re.reason, "invalid receive regex"), bad_re.reason);

    LdapSearchOutcome none{"ou=gone", 0, "", 32, "no such object"};
    auto n = ldap_verdict(none, ReceivePattern(""));
    BOOST_TEST(!n.up);
    BOOST_TEST(has(n.reason, "no entry at \"ou=gone\": noSuchObject (32): no such object"), n.reason);
    LdapSearchOutcome empty_ok{"", 0, "", 0, ""};
    BOOST_TEST(ldap_verdict(empty_ok, ReceivePattern("")).reason == "no entry at \"\"");

    // The result code does not matter, the count does (as in ldirectord).
    LdapSearchOutcome one_but_error{"dc=x", 1, "dc=x", 3, "time limit"};
    BOOST_TEST(ldap_verdict(one_but_error, ReceivePattern("")).up);
    LdapSearchOutcome two{"dc=x", 2, "dc=x", 0, ""};
    auto t = ldap_verdict(two, ReceivePattern(""));
    BOOST_TEST(!t.up);
    BOOST_TEST(has(t.reason, "2 entries"), t.reason);
}

BOOST_AUTO_TEST_CASE(perl_truth_of_login_and_passwd) {
    BOOST_TEST(!perl_true(""));
    BOOST_TEST(!perl_true("0"));
    BOOST_TEST(perl_true("00"));
    BOOST_TEST(perl_true("cn=admin"));
}

BOOST_AUTO_TEST_CASE(anonymous_base_search_is_up_and_unbinds) {
    boost::asio::io_context io;
    LdapServer srv(io, directory);
    auto r = check(io, ldap_spec("ldap", srv.port()));
    BOOST_TEST(r.up, r.reason);
    BOOST_TEST(r.reason == "entry \"dc=example,dc=test\"");
    BOOST_REQUIRE(srv.requests.size() >= 2u);
    BOOST_TEST(srv.requests[0].op == 0x60);
    BOOST_TEST(srv.requests[0].raw == bytes({0x30, 0x0c, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00, 0x80, 0x00}));
    BOOST_TEST(srv.requests[1].op == 0x63);
    // The base is the request without its '/'.
    BOOST_TEST(has(srv.requests[1].raw, std::string(1, (char)18) + "dc=example,dc=test"));
    // The unbind may still be on its way when the check reports.
    for (int i = 0; i < 50 && srv.requests.size() < 3; ++i) io.run_for(std::chrono::milliseconds(10));
    BOOST_REQUIRE(srv.requests.size() == 3u);
    BOOST_TEST(srv.requests[2].op == 0x42);
}

BOOST_AUTO_TEST_CASE(receive_and_missing_base_decide) {
    boost::asio::io_context io;
    LdapServer srv(io, directory);
    auto s = ldap_spec("ldap", srv.port());
    s.receive = "dc=test$";
    BOOST_TEST(check(io, s).up);
    s.receive = "dc=other";
    auto r = check(io, s);
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "does not match"), r.reason);
    auto gone = check(io, ldap_spec("ldap", srv.port(), "/ou=gone,dc=example,dc=test"));
    BOOST_TEST(!gone.up);
    BOOST_TEST(has(gone.reason, "noSuchObject (32)"), gone.reason);
}

BOOST_AUTO_TEST_CASE(simple_bind_needs_login_and_passwd) {
    boost::asio::io_context io;
    LdapServer srv(io, directory);
    auto s = ldap_spec("ldap", srv.port());
    s.login = "cn=admin,dc=example,dc=test";
    s.passwd = "secret";
    auto ok = check(io, s);
    BOOST_TEST(ok.up, ok.reason);
    BOOST_TEST(has(srv.requests.at(0).raw, "cn=admin"));
    s.passwd = "wrong";
    auto bad = check(io, s);
    BOOST_TEST(!bad.up);
    BOOST_TEST(has(bad.reason, "bind as cn=admin,dc=example,dc=test refused: invalidCredentials (49): wrong password"), bad.reason);
    // login without passwd: ldirectord binds anonymously.
    s.passwd = "";
    std::size_t before = srv.requests.size();
    BOOST_TEST(check(io, s).up);
    BOOST_REQUIRE(srv.requests.size() > before);
    BOOST_TEST(!has(srv.requests[before].raw, "cn=admin"));
}

BOOST_AUTO_TEST_CASE(anonymous_bind_refused_is_down) {
    boost::asio::io_context io;
    LdapServer srv(io, [](const Request& r) { return r.op == 0x60 ? result(1, 0x61, 53, "anonymous bind disallowed") : ""; });
    auto r = check(io, ldap_spec("ldap", srv.port()));
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "anonymous bind refused: unwillingToPerform (53)"), r.reason);
}

BOOST_AUTO_TEST_CASE(broken_servers_are_down_with_a_reason) {
    boost::asio::io_context io;
    LdapServer garbage(io, [](const Request&) { return std::string("HTTP/1.1 400 Bad Request\r\n\r\n"); });
    auto g = check(io, ldap_spec("ldap", garbage.port()));
    BOOST_TEST(!g.up);
    BOOST_TEST(has(g.reason, "bind: not an LDAP message"), g.reason);

    LdapServer closes(io, [](const Request& r) { return r.op == 0x60 ? result(1, 0x61, 0) : LdapServer::kClose; });
    auto c = check(io, ldap_spec("ldap", closes.port()));
    BOOST_TEST(!c.up);
    BOOST_TEST(has(c.reason, "search: connection closed by the server"), c.reason);

    // Half a message, then nothing: the deadline ends the wait for the rest.
    LdapServer half(io, [](const Request&) { return result(1, 0x61, 0).substr(0, 5); });
    auto h = check(io, ldap_spec("ldap", half.port()));
    BOOST_TEST(!h.up);
    BOOST_TEST(has(h.reason, "timed out"), h.reason);

    LdapServer notice(io, [](const Request&) { return result(0, 0x78, 52, "shutting down"); });
    auto n = check(io, ldap_spec("ldap", notice.port()));
    BOOST_TEST(!n.up);
    BOOST_TEST(has(n.reason, "bind: server disconnected: unavailable (52): shutting down"), n.reason);

    LdapServer wrong_id(io, [](const Request&) { return result(7, 0x61, 0); });
    auto w = check(io, ldap_spec("ldap", wrong_id.port()));
    BOOST_TEST(!w.up);
    BOOST_TEST(has(w.reason, "unexpected BindResponse (message id 7)"), w.reason);

    LdapServer two(io, [](const Request& r) {
        return r.op == 0x60 ? result(1, 0x61, 0) : entry(2, "dc=a") + entry(2, "dc=b") + result(2, 0x65, 0);
    });
    auto t = check(io, ldap_spec("ldap", two.port()));
    BOOST_TEST(!t.up);
    BOOST_TEST(has(t.reason, "2 entries"), t.reason);
}

BOOST_AUTO_TEST_CASE(silent_server_times_out_and_closed_port_is_down) {
    boost::asio::io_context io;
    LdapServer silent(io, directory);
    silent.silent = true;
    auto start = std::chrono::steady_clock::now();
    auto r = check(io, ldap_spec("ldap", silent.port()));
    BOOST_TEST(!r.up);
    BOOST_TEST(has(r.reason, "timed out"), r.reason);
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(3)));
    auto c = check(io, ldap_spec("ldap", fakes::closed_port(io)));
    BOOST_TEST(!c.up);
    BOOST_TEST(has(c.reason, "connect"), c.reason);
}

BOOST_AUTO_TEST_CASE(ldaps_follows_the_tls_policy) {
    boost::asio::io_context io;
    auto cert = fakes::make_cert();   // self-signed, localhost and 127.0.0.1
    LdapServer srv(io, directory, &cert);
    auto s = ldap_spec("ldaps", srv.port());
    // The default policy: the system store does not know the fake's certificate.
    auto chain = check(io, s);
    BOOST_TEST(!chain.up);
    BOOST_TEST(has(chain.reason, "certificate verify failed"), chain.reason);
    s.tls.verify = TlsPolicy::Verify::none;
    auto none = check(io, s);
    BOOST_TEST(none.up, none.reason);

    std::string ca = "/tmp/directord-ldap-test-ca." + std::to_string(::getpid()) + ".pem";
    std::ofstream(ca) << cert.cert_pem;
    s.tls = {};
    s.tls.ca_file = ca;
    auto trusted = check(io, s);
    BOOST_TEST(trusted.up, trusted.reason);
    s.tls.verify = TlsPolicy::Verify::hostname;
    auto by_ip = check(io, s);   // no virtualhost: the IP, which the certificate names
    BOOST_TEST(by_ip.up, by_ip.reason);
    s.sni = "ldap.example.org";
    auto other = check(io, s);
    BOOST_TEST(!other.up);
    BOOST_TEST(has(other.reason, "hostname mismatch"), other.reason);
    s.sni = "localhost";
    auto named = check(io, s);
    BOOST_TEST(named.up, named.reason);
    ::unlink(ca.c_str());

    // ldaps against a plain server fails the handshake (slapd closes on a non-LDAP PDU).
    LdapServer plain(io, [](const Request& r) { return r.raw[0] == 0x30 ? directory(r) : LdapServer::kClose; });
    auto p = check(io, ldap_spec("ldaps", plain.port()));
    BOOST_TEST(!p.up);
    BOOST_TEST(has(p.reason, "TLS handshake"), p.reason);
}

BOOST_AUTO_TEST_SUITE_END()
