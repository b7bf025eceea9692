// One client connection of a line-based protocol (SMTP, POP3, IMAP, FTP, NNTP ...),
// plain or TLS, for the negotiate probes. Everything it waits on is closed by the
// run's deadline, so every read and write ends by then; lines are bounded so a
// server sending garbage without newlines cannot grow memory, and the connection
// reads at most the read cap (read_cap.hpp) in all: more is an error.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "directord/checks/check_spec.hpp"
#include "directord/checks/check_target.hpp"
#include "directord/checks/transport/deadline.hpp"
#include "lib/address.hpp"

namespace boost::asio::ssl {
class context;
}

namespace directord::checks {

// Who a TLS server should be: the SNI name sent (a name, never an IP literal) and, with
// the policy's verify=hostname, the name or IP its certificate must carry.
struct TlsPeer {
    std::string sni;
    std::string verify_name;   // empty: the chain only (or nothing, as the policy says)
};
// For a check: SNI = virtualhost when it is a name; verify_name = virtualhost, else the
// real server's IP, when the policy asks for the hostname.
TlsPeer tls_peer(const CheckSpec& spec);
// True when the spec's service speaks TLS from the first byte (pops, imaps, ldaps ...).
bool tls_service(const CheckSpec& spec);

// What a login check over a line channel reads (pop/pops, imap/imaps; ldap adds its search).
struct LoginOptions : CheckTarget {
    std::string login, passwd;   // empty login: no login
    bool tls = false;            // pops, imaps, ldaps: TLS from the first byte
    TlsPeer peer;                // and who the server should be
    LoginOptions(const CheckSpec& s)
        : CheckTarget(s), login(s.login), passwd(s.passwd), tls(tls_service(s)), peer(tls ? tls_peer(s) : TlsPeer{}) {}
};

class LineChannel {
public:
    static constexpr std::size_t kMaxLine = 8192;
    static constexpr int kMaxReplyLines = 200;   // a multi-line reply longer than this is garbage

    // A numeric reply (SMTP, FTP, NNTP): "250-a" ... "250 b" -> {250, "b"}.
    struct Reply {
        int code = 0;
        std::string text;   // the last line
    };

    explicit LineChannel(boost::asio::any_io_executor ex);
    ~LineChannel();

    // TCP connect to addr:port, then a TLS handshake when `tls` is set (naming and
    // checking `peer`). The deadline closes the socket when it passes.
    // No default argument for `peer`: g++ 12 builds a coroutine's defaulted parameter
    // wrongly (freeing it crashes); the overload without it passes one explicitly.
    boost::asio::awaitable<bool> open(Deadline& dl, const ha::Address& addr, std::uint16_t port,
                                      std::shared_ptr<boost::asio::ssl::context> tls, std::string& err, TlsPeer peer);
    boost::asio::awaitable<bool> open(Deadline& dl, const ha::Address& addr, std::uint16_t port,
                                      std::shared_ptr<boost::asio::ssl::context> tls, std::string& err);
    // The next line without its CR LF. At end of stream a last unterminated line is
    // still returned; after that nullopt with `err` set.
    boost::asio::awaitable<std::optional<std::string>> line(std::string& err);
    // Whatever has arrived (buffered data first, else one read). Callers that keep
    // it are bounded by the read cap.
    boost::asio::awaitable<std::optional<std::string>> some(std::string& err);
    // Everything up to end of stream, at most `limit` bytes (more is an error; the
    // read cap applies whatever the limit).
    boost::asio::awaitable<std::optional<std::string>> until_eof(std::size_t limit, std::string& err);
    // A numeric reply, multi-line replies included (RFC 5321 4.2, RFC 959 4.2).
    boost::asio::awaitable<std::optional<Reply>> reply(std::string& err);
    boost::asio::awaitable<bool> send(const std::string& text, std::string& err);
    void shutdown_send();
    // The peer's address as connected (an FTP data connection goes there too).
    std::optional<ha::Address> peer() const { return peer_; }
    // Bytes read from the server so far (never much above kReadCap).
    std::size_t bytes_read() const { return read_; }
    // Our own address and port on the connection (SIP names it in its Via).
    std::optional<std::pair<ha::Address, std::uint16_t>> local() const;

private:
    boost::asio::awaitable<bool> fill(std::string& err);   // one read into buf_

    struct Impl;
    std::unique_ptr<Impl> d_;
    std::string buf_;
    bool eof_ = false;
    std::size_t read_ = 0;
    std::optional<ha::Address> peer_;
};

} // namespace directord::checks
