// How https checks treat the server's certificate.
//
// Default (Verify::chain) is what ldirectord 4.12 on a current system does: LWP checks
// the chain against the system CA store but not the hostname (it sets
// verify_hostname => 0), so a self-signed or private-CA certificate is "down". The other
// modes are directord extensions (tlsverify=, tlscafile=, tlscapath= in ldirectord.cf):
//   none      accept any certificate (for backends with self-signed certificates);
//   hostname  chain + the name: virtualhost if set, else the real server's IP.
// ca_file / ca_path replace the system store when set (a private CA).
#pragma once
#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace directord::checks {

struct TlsPolicy {
    enum class Verify { chain, none, hostname };
    Verify verify = Verify::chain;
    std::string ca_file;   // PEM bundle; empty = system store
    std::string ca_path;   // hashed directory; empty = system store

    std::string key() const;   // part of a check's identity
    auto operator<=>(const TlsPolicy&) const = default;
};

// "chain", "none", "hostname" (nullopt-like: returns false on anything else).
bool parse_verify(const std::string& text, TlsPolicy::Verify& out);
const char* verify_name(TlsPolicy::Verify v);

// A client context for the policy (TLS 1.2+ ... whatever OpenSSL's defaults allow).
// Throws std::runtime_error when a CA file or path cannot be loaded.
std::shared_ptr<boost::asio::ssl::context> make_client_context(const TlsPolicy& p);

} // namespace directord::checks
