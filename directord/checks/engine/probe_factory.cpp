#include "directord/checks/engine/probe_factory.hpp"

#include <boost/asio/ssl.hpp>

#include "directord/checks/engine/combined_probe.hpp"
#include "directord/checks/protocols/connect_probe.hpp"
#include "directord/checks/protocols/external_probe.hpp"
#include "directord/checks/protocols/http_probe.hpp"
#include "directord/checks/protocols/mysql_probe.hpp"
#include "directord/checks/protocols/pgsql_probe.hpp"
#include "directord/checks/engine/text_probes.hpp"
#include "directord/checks/protocols/ping_probe.hpp"
#include "directord/checks/transport/pinger.hpp"
#include "directord/config/services.hpp"

namespace directord::checks {

namespace {

// Reports a configuration problem found while building the probe.
class BrokenProbe : public Probe {
public:
    explicit BrokenProbe(std::string why) : why_(std::move(why)) {}
    boost::asio::awaitable<CheckResult> run(Deadline&) override { co_return CheckResult{false, why_}; }

private:
    std::string why_;
};

} // namespace

ProbeFactory::ProbeFactory(boost::asio::any_io_executor ex, std::size_t max_processes)
    : ex_(ex), pool_(std::make_shared<ProcessPool>(ex, max_processes)) {}

ProbeFactory::~ProbeFactory() = default;

std::shared_ptr<boost::asio::ssl::context> ProbeFactory::tls(const TlsPolicy& p, std::string& err) { return tls_->get(p, err); }

std::shared_ptr<Pinger> ProbeFactory::pinger(int family) {
    auto& p = family == AF_INET6 ? ping6_ : ping4_;
    if (!p) p = std::make_shared<Pinger>(ex_, family);
    return p;
}

std::shared_ptr<const HttpCommon> ProbeFactory::http_common(const HttpOptions& s) {
    auto key = HttpCommon::key(s);
    if (auto it = http_common_.find(key); it != http_common_.end())
        if (auto c = it->second.lock()) return c;
    std::erase_if(http_common_, [](const auto& e) { return e.second.expired(); });
    auto c = HttpCommon::from(s, tls_);
    http_common_[key] = c;
    return c;
}

std::unique_ptr<Probe> ProbeFactory::make(const CheckSpec& s) {
    auto negotiate = [&]() -> std::unique_ptr<Probe> {
        // The service registry (config/services.hpp) says which protocol a service speaks;
        // a spec without a known service is an http check.
        const ServiceInfo* svc = find_service(s.service);
        Protocol protocol = svc ? svc->protocol : Protocol::http;
        if (protocol == Protocol::mysql) return std::make_unique<MysqlProbe>(ex_, s);
        if (protocol == Protocol::pgsql) return std::make_unique<PgsqlProbe>(ex_, s);
        if (auto p = make_text_probe(ex_, s, [&](std::string& e) { return tls(s.tls, e); })) return p;
        // https needs its context now (a bad CA file is reported on every run); plain http
        // gets one only if a redirect leads to https.
        std::string err;
        if (svc && svc->tls && !tls(s.tls, err)) return std::make_unique<BrokenProbe>(err);
        HttpOptions http(s);
        return std::make_unique<HttpProbe>(ex_, http, http_common(http));
    };
    switch (s.kind) {
    case CheckSpec::Kind::connect:
        return std::make_unique<ConnectProbe>(ex_, s.addr, s.port);
    case CheckSpec::Kind::ping:
        return std::make_unique<PingProbe>(pinger(s.addr.family), s.addr, s.checkcount, s.checktimeout);
    case CheckSpec::Kind::negotiate:
        return negotiate();
    case CheckSpec::Kind::combined:
        return std::make_unique<CombinedProbe>(negotiate(), s.negotiatetimeout, std::make_unique<ConnectProbe>(ex_, s.addr, s.port),
                                               s.checktimeout, s.combined_connects);
    case CheckSpec::Kind::external:
        return std::make_unique<ExternalProbe>(ex_, s.argv, s.checktimeout, pool_);
    }
    return std::make_unique<BrokenProbe>("unknown check kind");
}

} // namespace directord::checks
