// A hard time limit for one check run. Boost 1.74 has no awaitable operators, so a
// timeout is a timer whose expiry closes what the run waits on (sockets, a process, a
// queue slot); the pending operation then fails and the run returns "down".
// Probes register those closers with on_expire().
//
// Two clocks: a Deadline made from an executor has a timer of its own; one made from a
// DeadlineQueue shares the queue's single timer with every other run of that queue (the
// check scheduler's: at 10,000 checks a second, a timer of its own per run cost a timer
// heap insert and cancel, a handler allocation and a shared state per run).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "directord/checks/transport/coro.hpp"

namespace directord::checks {

class DeadlineQueue;

class Deadline {
public:
    explicit Deadline(boost::asio::any_io_executor ex);
    explicit Deadline(DeadlineQueue& queue);
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

// One timer for the deadlines of many runs: a min-heap of the armed ones (a run leaves it
// when it ends, so it holds only the runs in flight), the timer set to the earliest. Its
// owner outlives every Deadline made from it, or destroys it first (the Deadlines left
// then never expire on their own).
class DeadlineQueue : public std::enable_shared_from_this<DeadlineQueue> {
public:
    static std::shared_ptr<DeadlineQueue> make(boost::asio::any_io_executor ex);
    ~DeadlineQueue();
    DeadlineQueue(const DeadlineQueue&) = delete;
    DeadlineQueue& operator=(const DeadlineQueue&) = delete;

    std::size_t size() const { return heap_.size(); }   // deadlines armed now (tests)

private:
    explicit DeadlineQueue(boost::asio::any_io_executor ex) : timer_(std::move(ex)) {}
    friend class Deadline;

    void schedule(Deadline::State* s);     // after its `due` changed
    void unschedule(Deadline::State* s);
    void expire_due();                     // the timer's handler
    void rearm();
    bool earlier(std::size_t a, std::size_t b) const;
    void sift_up(std::size_t i);
    void sift_down(std::size_t i);
    void place(std::size_t i, Deadline::State* s);

    boost::asio::steady_timer timer_;
    std::chrono::steady_clock::time_point armed_ = std::chrono::steady_clock::time_point::max();
    std::vector<Deadline::State*> heap_;
    bool expiring_ = false;   // in expire_due(): it sets the timer once at the end
};

} // namespace directord::checks
