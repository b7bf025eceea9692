#include "lib/sd_notify.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <cstddef>
#include <unistd.h>

namespace ha {

std::optional<NotifyAddress> notify_address(std::string_view name) {
    NotifyAddress a;
    a.addr.sun_family = AF_UNIX;
    // Only absolute paths and abstract names: a relative path would depend on our cwd.
    if (name.size() < 2 || (name[0] != '/' && name[0] != '@')) return std::nullopt;
    if (name.size() > sizeof a.addr.sun_path) return std::nullopt;
    std::memcpy(a.addr.sun_path, name.data(), name.size());
    if (name[0] == '@') {
        a.addr.sun_path[0] = '\0';   // abstract: the length, not a NUL, ends the name
        a.len = socklen_t(offsetof(sockaddr_un, sun_path) + name.size());
    } else {
        if (name.size() == sizeof a.addr.sun_path) return std::nullopt;   // no room for the NUL
        a.len = socklen_t(offsetof(sockaddr_un, sun_path) + name.size() + 1);
    }
    return a;
}

std::string notify_message(std::string_view state, std::string_view status) {
    std::string m(state);
    if (!status.empty()) {
        m += "\nSTATUS=";
        for (char c : status) m += (c == '\n' || c == '\r') ? ' ' : c;
    }
    return m;
}

bool sd_notify(const std::string& message, std::string* why) {
    const char* env = std::getenv("NOTIFY_SOCKET");
    if (!env || !*env) return true;
    auto a = notify_address(env);
    if (!a) {
        if (why) *why = std::string("NOTIFY_SOCKET=") + env + ": not an absolute or abstract socket name";
        return false;
    }
    int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        if (why) *why = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    ssize_t n = ::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL,
                         reinterpret_cast<const sockaddr*>(&a->addr), a->len);
    int err = errno;
    ::close(fd);
    if (n != ssize_t(message.size())) {
        if (why) *why = std::string("NOTIFY_SOCKET=") + env + ": " + std::strerror(err);
        return false;
    }
    return true;
}

} // namespace ha
