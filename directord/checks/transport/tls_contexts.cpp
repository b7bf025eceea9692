#include "directord/checks/transport/tls_contexts.hpp"

#include <boost/asio/ssl.hpp>

namespace directord::checks {

std::shared_ptr<boost::asio::ssl::context> TlsContexts::get(const TlsPolicy& p, std::string& err) {
    auto& ctx = by_key_[p.key()];
    if (!ctx) {
        try {
            ctx = make_client_context(p);
        } catch (const std::exception& e) {
            err = e.what();
        }
    }
    return ctx;
}

} // namespace directord::checks
