// UUCP (HDB) lock files, so heartbeat, getty, minicom... never share a serial port:
// <dir>/LCK..<tty basename> holding the owner's pid as "%10d\n". A lock whose pid is gone
// is stale and taken over.
#pragma once
#include <string>
#include <string_view>
#include <sys/types.h>

namespace hb::media {

std::string uucp_lock_path(std::string_view lock_dir, std::string_view device);
std::string format_lock_pid(pid_t pid);
// The pid in a lock file's text (ASCII, spaces allowed; binary 4-byte locks also read).
pid_t parse_lock_pid(std::string_view text);

class UucpLock {
public:
    UucpLock() = default;
    UucpLock(const UucpLock&) = delete;
    UucpLock& operator=(const UucpLock&) = delete;
    ~UucpLock() { release(); }

    // false with `error` set when another live process holds the device.
    bool acquire(const std::string& lock_dir, const std::string& device, std::string& error);
    void release();

private:
    std::string path_;
};

} // namespace hb::media
