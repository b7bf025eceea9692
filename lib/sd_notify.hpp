// The service manager's readiness protocol (sd_notify(3)) without libsystemd: one datagram
// of "KEY=value" lines to the AF_UNIX socket named by $NOTIFY_SOCKET. A name starting with
// '@' is in the abstract namespace. Not under systemd (no NOTIFY_SOCKET): nothing is sent.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/un.h>

namespace ha {

// Pure: the sockaddr for a NOTIFY_SOCKET value and its length to pass to sendto(2), or
// nullopt when the value is empty, relative, or too long for sun_path.
struct NotifyAddress {
    sockaddr_un addr{};
    socklen_t len = 0;
};
std::optional<NotifyAddress> notify_address(std::string_view socket_name);

// Pure: the message for a state change, e.g. notify_message("READY=1", "serving 3 virtuals")
// = "READY=1\nSTATUS=serving 3 virtuals". A newline in the status would start a new
// assignment: it is replaced by a space.
std::string notify_message(std::string_view state, std::string_view status = {});

// Sends `message` to $NOTIFY_SOCKET. Returns false with `why` set when the variable is set
// but the datagram could not be sent; true when sent or when there is no service manager.
bool sd_notify(const std::string& message, std::string* why = nullptr);

// The points of a daemon's life; false when a manager is there but was not reached.
inline bool notify_ready(std::string_view status = {}) { return sd_notify(notify_message("READY=1", status)); }
inline bool notify_reloading(std::string_view status = {}) { return sd_notify(notify_message("RELOADING=1", status)); }
inline bool notify_stopping(std::string_view status = {}) { return sd_notify(notify_message("STOPPING=1", status)); }

} // namespace ha
