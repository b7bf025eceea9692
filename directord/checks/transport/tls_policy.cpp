#include "directord/checks/transport/tls_policy.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <unistd.h>

#include "lib/asio.hpp"
#include <boost/asio/ssl.hpp>

namespace directord::checks {

std::string TlsPolicy::key() const {
    return std::string(verify_name(verify)) + (ca_file.empty() ? "" : ",cafile=" + ca_file) +
           (ca_path.empty() ? "" : ",capath=" + ca_path);
}

bool parse_verify(const std::string& text, TlsPolicy::Verify& out) {
    if (text == "chain") out = TlsPolicy::Verify::chain;
    else if (text == "none") out = TlsPolicy::Verify::none;
    else if (text == "hostname") out = TlsPolicy::Verify::hostname;
    else return false;
    return true;
}

const char* verify_name(TlsPolicy::Verify v) {
    switch (v) {
    case TlsPolicy::Verify::chain: return "chain";
    case TlsPolicy::Verify::none: return "none";
    case TlsPolicy::Verify::hostname: return "hostname";
    }
    return "?";
}

std::shared_ptr<boost::asio::ssl::context> make_client_context(const TlsPolicy& p) {
    namespace ssl = boost::asio::ssl;
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3);
    if (p.verify == TlsPolicy::Verify::none) {
        ctx->set_verify_mode(ssl::verify_none);
        return ctx;
    }
    boost::system::error_code ec;
    if (!p.ca_file.empty() || !p.ca_path.empty()) {
        // OpenSSL's error for a missing file is only "asio.ssl error": say why first.
        if (!p.ca_file.empty() && ::access(p.ca_file.c_str(), R_OK) != 0)
            throw std::runtime_error("cannot read CA file " + p.ca_file + ": " + std::strerror(errno));
        if (!p.ca_file.empty() && ctx->load_verify_file(p.ca_file, ec))
            throw std::runtime_error("cannot load CA file " + p.ca_file + ": " + ec.message());
        if (!p.ca_path.empty() && ctx->add_verify_path(p.ca_path, ec))
            throw std::runtime_error("cannot load CA path " + p.ca_path + ": " + ec.message());
    } else {
        ctx->set_default_verify_paths(ec);   // a missing store only makes checks fail
    }
    ctx->set_verify_mode(ssl::verify_peer);
    return ctx;
}

} // namespace directord::checks
