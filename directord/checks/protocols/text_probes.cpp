#include "directord/checks/protocols/text_probes.hpp"

#include "directord/checks/protocols/dns_probe.hpp"
#include "directord/checks/protocols/ftp_probe.hpp"
#include "directord/checks/protocols/imap_probe.hpp"
#include "directord/checks/protocols/ldap_probe.hpp"
#include "directord/checks/protocols/nntp_probe.hpp"
#include "directord/checks/protocols/pop_probe.hpp"
#include "directord/checks/protocols/radius_probe.hpp"
#include "directord/checks/protocols/sip_probe.hpp"
#include "directord/checks/protocols/simpletcp_probe.hpp"
#include "directord/checks/protocols/smtp_probe.hpp"

namespace directord::checks {

namespace {

// Reports a configuration problem found while building the probe.
class FailingProbe : public Probe {
public:
    explicit FailingProbe(std::string why) : why_(std::move(why)) {}
    boost::asio::awaitable<CheckResult> run(Deadline&) override { co_return CheckResult{false, why_}; }

private:
    std::string why_;
};

} // namespace

std::unique_ptr<Probe> make_text_probe(boost::asio::any_io_executor ex, const CheckSpec& s, const TlsSource& tls) {
    // Only the TLS services ask for a context (loading a CA file may fail).
    auto ctx = [&](std::unique_ptr<Probe>& failed) {
        std::string err;
        auto c = tls(err);
        if (!c) failed = std::make_unique<FailingProbe>(err.empty() ? "TLS is not available" : err);
        return c;
    };
    const std::string& svc = s.service;
    if (svc == "smtp" || svc == "submission") return std::make_unique<SmtpProbe>(ex, s);
    if (svc == "nntp") return std::make_unique<NntpProbe>(ex, s);
    if (svc == "ftp") return std::make_unique<FtpProbe>(ex, s);
    if (svc == "simpletcp") return std::make_unique<SimpleTcpProbe>(ex, s);
    if (svc == "dns") return std::make_unique<DnsProbe>(ex, s);
    if (svc == "radius") return std::make_unique<RadiusProbe>(ex, s);
    if (svc == "sip") return std::make_unique<SipProbe>(ex, s);
    if (svc == "pop" || svc == "pops" || svc == "imap" || svc == "imaps") {
        std::unique_ptr<Probe> failed;
        bool secure = svc == "pops" || svc == "imaps";
        auto c = secure ? ctx(failed) : nullptr;
        if (failed) return failed;
        if (svc[0] == 'p') return std::make_unique<PopProbe>(ex, s, c);
        return std::make_unique<ImapProbe>(ex, s, c);
    }
    if (svc == "ldap" || svc == "ldaps") {
        std::unique_ptr<Probe> failed;
        auto c = svc == "ldaps" ? ctx(failed) : nullptr;
        if (failed) return failed;
        return std::make_unique<LdapProbe>(ex, s, c);
    }
    return nullptr;
}

} // namespace directord::checks
