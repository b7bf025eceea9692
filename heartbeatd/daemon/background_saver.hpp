// Saves a small state file (peer_generations) from a thread of its own: rename(2) and the
// temporary file's creation wait for the file system journal, which took 6-26 ms (and more)
// with other work writing to the disk; the event loop must not wait for that. Saves
// coalesce: while one is being written only the newest content waits, older ones are dropped
// (each save is the whole file). Failures are kept for the loop to log (take_error).
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <pthread.h>

namespace hb::daemon {

class BackgroundSaver {
public:
    // write: puts `content` in place; false with `why` set on failure. Runs on the thread.
    using Write = std::function<bool(const std::string& content, std::string& why)>;
    explicit BackgroundSaver(Write write);
    ~BackgroundSaver();   // writes what waits, then ends the thread
    BackgroundSaver(const BackgroundSaver&) = delete;
    BackgroundSaver& operator=(const BackgroundSaver&) = delete;

    void save(std::string content);   // never waits for the write
    void flush();                     // returns once the newest content saved so far is written
    std::optional<std::string> take_error();
    unsigned long writes() const;     // how many writes were done (tests: coalescing)

private:
    static void* run(void* self);
    void loop();

    Write write_;
    mutable std::mutex mu_;
    std::condition_variable wake_, idle_;
    std::optional<std::string> pending_, error_;
    bool busy_ = false, stopping_ = false;
    unsigned long writes_ = 0;
    pthread_t thread_{};
    bool started_ = false;
};

} // namespace hb::daemon
