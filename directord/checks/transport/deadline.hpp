// A hard time limit for one check run. Boost 1.74 has no awaitable operators, so a
// timeout is a timer whose expiry closes what the run waits on (sockets, a process, a
// queue slot); the pending operation then fails and the run returns "down".
// Probes register those closers with on_expire().
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <functional>
#include <memory>
#include <vector>

#include "directord/checks/transport/coro.hpp"

namespace directord::checks {

class Deadline {
public:
    explicit Deadline(boost::asio::any_io_executor ex);
    ~Deadline();
    Deadline(const Deadline&) = delete;
    Deadline& operator=(const Deadline&) = delete;

    // (Re)starts the limit from now.
    void arm(std::chrono::steady_clock::duration d);
    class Guard;
    // `close` runs once when the limit passes (at once if it already has), unless the
    // returned guard is gone by then: keep the guard next to what `close` closes.
    [[nodiscard]] Guard on_expire(std::function<void()> close);
    // Fires now (the checker is being stopped).
    void expire_now();
    bool expired() const;
    std::chrono::steady_clock::duration limit() const;

    struct State;

    // Unregisters its closer when destroyed.
    class Guard {
    public:
        Guard() = default;
        Guard(std::weak_ptr<State> st, std::uint64_t id) : st_(std::move(st)), id_(id) {}
        Guard(Guard&& o) noexcept : st_(std::move(o.st_)), id_(o.id_) { o.id_ = 0; }
        Guard& operator=(Guard&& o) noexcept;
        ~Guard();

    private:
        std::weak_ptr<State> st_;
        std::uint64_t id_ = 0;
    };

private:
    std::shared_ptr<State> st_;
};

} // namespace directord::checks
