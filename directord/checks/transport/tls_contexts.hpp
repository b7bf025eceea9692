// TLS client contexts by policy, each made on first use and then shared by every check
// with that policy. Made lazily because one context costs ~4 MB of RSS (OpenSSL's
// providers and the CA store): a farm of plain-http checks needs one only if a server
// redirects to https.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "directord/checks/transport/tls_policy.hpp"

namespace directord::checks {

class TlsContexts {
public:
    // The context for `p`; null, with `err` set, when its CA file or path cannot be
    // loaded (tried again on the next call: the file may appear).
    std::shared_ptr<boost::asio::ssl::context> get(const TlsPolicy& p, std::string& err);

private:
    std::map<std::string, std::shared_ptr<boost::asio::ssl::context>> by_key_;
};

} // namespace directord::checks
