// Files the daemons write as root (log files, monitor files, state files), opened so that a
// symlink or file planted by another user is never followed or trusted.
#pragma once
#include <string>
#include <string_view>
#include <sys/types.h>

namespace ha {

// Opens `path` for appending, creating it with mode 0644 if missing, never through a symlink.
// In a directory others can write (e.g. /tmp), an existing file owned by another user is
// refused: it was planted. Returns the descriptor (close-on-exec), or -1 with `why` set to
// a plain sentence naming the path.
int open_for_append(const std::string& path, std::string& why);

// Replaces `path` with `content`: a new file made exclusively (mkostemp) in the same
// directory, then rename(2), which replaces a symlink at `path` instead of following it.
// fsync'd before the rename when `durable`. false with `why` set on failure.
bool replace_file(const std::string& path, std::string_view content, mode_t mode, bool durable,
                  std::string& why);

} // namespace ha
