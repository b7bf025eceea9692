// negotiate for service=ldap and ldaps (LDAP over TLS from the first byte, with the
// https TLS policy), as ldirectord 4.12 does it with Net::LDAP: a simple bind
// (anonymous unless login and passwd are both set), then a search of the entry named
// by request (without its leading '/'), scope base, filter (objectClass=*); up when
// exactly one entry comes back and its DN matches receive (if any); an UnbindRequest
// ends the session. Like ldirectord, the search's result code is not judged: the
// number of entries is.
#pragma once
#include <memory>
#include <string>

#include "directord/checks/check_target.hpp"
#include "directord/checks/protocols/line_channel.hpp"
#include "directord/checks/probe.hpp"
#include "directord/checks/protocols/receive_pattern.hpp"

namespace boost::asio::ssl {
class context;
}

namespace directord::checks {

// What the search brought back: only what the verdict needs, whatever the server
// sends (a count, and the first DN as the decoder kept it).
struct LdapSearchOutcome {
    std::string base;
    std::size_t entries = 0;        // SearchResultEntry messages
    std::string first_dn;           // the first one's DN (ldap::kMaxText bytes at most)
    int done_code = 0;              // SearchResultDone's resultCode
    std::string diagnostic;         // and its diagnosticMessage
};

// ldirectord's verdict on a finished search.
CheckResult ldap_verdict(const LdapSearchOutcome& out, const ReceivePattern& receive);

// Perl truth, which ldirectord's "login and passwd" test uses: "" and "0" are false.
bool perl_true(const std::string& s);

// What an ldap check reads.
// login/passwd: the bind DN and password (anonymous unless both are set).
struct LdapOptions : LoginOptions {
    std::string request;   // the entry searched, with the spec's leading '/'
    std::string receive;   // regex its DN must match
    LdapOptions(const CheckSpec& s) : LoginOptions(s), request(s.request), receive(s.receive) {}
};

class LdapProbe : public Probe {
public:
    // `tls` is required for ldaps, ignored for ldap.
    LdapProbe(boost::asio::any_io_executor ex, const LdapOptions& options, std::shared_ptr<boost::asio::ssl::context> tls);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    boost::asio::any_io_executor ex_;
    CheckTarget target_;
    std::string login_, passwd_, base_;   // base_: request without its leading '/'
    bool tls_on_ = false;
    TlsPeer peer_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    ReceivePattern receive_;
};

} // namespace directord::checks
