// The probe of a text-protocol negotiate service (smtp, nntp, simpletcp, pop, imap,
// ftp, dns ...), or null for a service handled elsewhere (the http family). Kept out
// of probe_factory.cpp so adding a service touches one place.
#pragma once
#include <functional>
#include <memory>

#include "directord/checks/engine/check_spec.hpp"
#include "directord/checks/engine/probe.hpp"

namespace boost::asio::ssl {
class context;
}

namespace directord::checks {

// `tls` gives the shared client context of a policy (null and an error on failure).
using TlsSource = std::function<std::shared_ptr<boost::asio::ssl::context>(std::string& err)>;

std::unique_ptr<Probe> make_text_probe(boost::asio::any_io_executor ex, const CheckSpec& spec, const TlsSource& tls);

} // namespace directord::checks
