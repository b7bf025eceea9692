// CheckSpec -> the probe that runs it, with the resources probes share on one event
// loop: ICMP sockets, TLS contexts, the external process pool.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "directord/checks/check_spec.hpp"
#include "directord/checks/probe.hpp"
#include "directord/checks/transport/process_pool.hpp"
#include "directord/checks/transport/tls_contexts.hpp"

namespace boost::asio::ssl {
class context;
}

namespace directord::checks {

class Pinger;
struct HttpCommon;
struct HttpOptions;

class ProbeFactory {
public:
    ProbeFactory(boost::asio::any_io_executor ex, std::size_t max_processes);
    ~ProbeFactory();

    // Never null: a probe that cannot be built reports why on each run.
    std::unique_ptr<Probe> make(const CheckSpec& spec);

    const std::shared_ptr<ProcessPool>& pool() const { return pool_; }

private:
    std::shared_ptr<boost::asio::ssl::context> tls(const TlsPolicy& p, std::string& err);
    std::shared_ptr<Pinger> pinger(int family);
    std::shared_ptr<const HttpCommon> http_common(const HttpOptions& s);

    boost::asio::any_io_executor ex_;
    std::shared_ptr<ProcessPool> pool_;
    std::shared_ptr<TlsContexts> tls_ = std::make_shared<TlsContexts>();
    std::shared_ptr<Pinger> ping4_, ping6_;
    // What the http checks of a virtual share; entries no probe uses any more are dropped
    // when a new one is made.
    std::map<std::string, std::weak_ptr<const HttpCommon>> http_common_;
};

} // namespace directord::checks
