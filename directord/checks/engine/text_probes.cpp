#include "directord/checks/engine/text_probes.hpp"

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
#include "directord/config/services.hpp"

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
    const ServiceInfo* svc = find_service(s.service);
    if (!svc) return nullptr;
    std::unique_ptr<Probe> failed;
    auto secure = [&]() { return svc->tls ? ctx(failed) : nullptr; };
    switch (svc->protocol) {
    case Protocol::smtp: return std::make_unique<SmtpProbe>(ex, s);
    case Protocol::nntp: return std::make_unique<NntpProbe>(ex, s);
    case Protocol::ftp: return std::make_unique<FtpProbe>(ex, s);
    case Protocol::simpletcp: return std::make_unique<SimpleTcpProbe>(ex, s);
    case Protocol::dns: return std::make_unique<DnsProbe>(ex, s);
    case Protocol::radius: return std::make_unique<RadiusProbe>(ex, s);
    case Protocol::sip: return std::make_unique<SipProbe>(ex, s);
    case Protocol::pop: {
        auto c = secure();
        if (failed) return failed;
        return std::make_unique<PopProbe>(ex, s, c);
    }
    case Protocol::imap: {
        auto c = secure();
        if (failed) return failed;
        return std::make_unique<ImapProbe>(ex, s, c);
    }
    case Protocol::ldap: {
        auto c = secure();
        if (failed) return failed;
        return std::make_unique<LdapProbe>(ex, s, c);
    }
    case Protocol::http:          // probe_factory.cpp: they need the factory's shared state
    case Protocol::mysql:
    case Protocol::pgsql:
    case Protocol::none:          // never checked (spec_for answers without a probe)
    case Protocol::unsupported:   // refused by spec_for
        break;
    }
    return nullptr;
}

} // namespace directord::checks
