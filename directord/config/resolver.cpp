// Default name resolution and file checks: the only parts of parsing that look outside the text.
#include "directord/config/config.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace directord {

namespace {

std::optional<ha::Address> lookup(const std::string& host, int af, int flags) {
    addrinfo hints{};
    hints.ai_family = af;
    hints.ai_flags = flags;
    addrinfo* res = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0 || !res) return std::nullopt;
    std::optional<ha::Address> out;
    ha::Address a;
    if (res->ai_family == AF_INET) {
        a.family = AF_INET;
        std::memcpy(a.bytes.data(), &reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_addr, 4);
        out = a;
    } else if (res->ai_family == AF_INET6) {
        a.family = AF_INET6;
        std::memcpy(a.bytes.data(), &reinterpret_cast<sockaddr_in6*>(res->ai_addr)->sin6_addr, 16);
        out = a;
    }
    freeaddrinfo(res);
    return out;
}

} // namespace

std::optional<ha::Address> Resolver::numeric_host(const std::string& host, int af) {
    return lookup(host, af, AI_NUMERICHOST);
}

std::optional<ha::Address> Resolver::host(const std::string& host, int af) const {
    return lookup(host, af, 0);
}

std::optional<std::uint16_t> Resolver::service(const std::string& name, const std::string& proto) const {
    servent result{};
    servent* found = nullptr;
    char buf[4096];
    if (getservbyname_r(name.c_str(), proto.empty() ? nullptr : proto.c_str(), &result, buf,
                        sizeof buf, &found) != 0 || !found)
        return std::nullopt;
    return static_cast<std::uint16_t>(ntohs(static_cast<std::uint16_t>(found->s_port)));
}

int Resolver::can_append(const std::string& path) const {
    if (path.empty()) return ENOENT;
    struct stat st{};
    if (stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) return EISDIR;
        return access(path.c_str(), W_OK) == 0 ? 0 : errno;
    }
    if (errno != ENOENT) return errno;
    // The file would be created: its directory must exist and be writable.
    auto slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    if (stat(dir.c_str(), &st) != 0) return errno;
    if (!S_ISDIR(st.st_mode)) return ENOTDIR;
    return access(dir.c_str(), W_OK | X_OK) == 0 ? 0 : errno;
}

bool Resolver::is_directory(const std::string& path) const {
    struct stat st{};
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string Resolver::local_hostname() const {
    if (const char* h = std::getenv("HOSTNAME")) return h;
    utsname u{};
    if (uname(&u) == 0) return u.nodename;
    return "localhost";
}

} // namespace directord
