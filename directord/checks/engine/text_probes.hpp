// The probe of a negotiate service by its protocol in the service registry
// (config/services.hpp): smtp, nntp, simpletcp, pop, imap, ftp, dns ...; null for the
// ones ProbeFactory builds itself (the http family, mysql, pgsql). Its switch names every
// protocol: a new one is one case here plus its probe files.
#pragma once
#include <functional>
#include <memory>

#include "directord/checks/check_spec.hpp"
#include "directord/checks/probe.hpp"

namespace boost::asio::ssl {
class context;
}

namespace directord::checks {

// `tls` gives the shared client context of a policy (null and an error on failure).
using TlsSource = std::function<std::shared_ptr<boost::asio::ssl::context>(std::string& err)>;

std::unique_ptr<Probe> make_text_probe(boost::asio::any_io_executor ex, const CheckSpec& spec, const TlsSource& tls);

} // namespace directord::checks
