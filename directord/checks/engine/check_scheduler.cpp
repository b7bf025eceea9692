#include "directord/checks/engine/check_scheduler.hpp"

#include <algorithm>
#include <cstdio>

namespace directord::checks {

namespace asio = boost::asio;
using clock = CheckScheduler::clock;
using duration = CheckScheduler::duration;

struct CheckScheduler::State : std::enable_shared_from_this<State> {
    struct Slot {
        std::unique_ptr<Probe> probe;
        duration interval{}, deadline{};
        clock::time_point due{};          // when the next run starts (on the grid)
        Deadline* current = nullptr;      // the run in progress, if it has begun
        std::uint64_t runs = 0;
        std::uint32_t gen = 0;            // bumped when the slot is freed: its old heap entry is stale
        bool live = false;                // scheduled, not removed
        bool in_run = false;
    };
    struct Due {
        clock::time_point at;
        Id id;
        std::uint32_t gen;
    };
    struct Later {
        bool operator()(const Due& a, const Due& b) const { return a.at > b.at; }
    };

    State(asio::any_io_executor e, Report r, duration t)
        : ex(std::move(e)), report(std::move(r)), tick(std::max<duration>(t, std::chrono::milliseconds(1))), timer(ex),
          deadlines(DeadlineQueue::make(ex)) {}

    asio::any_io_executor ex;
    Report report;
    duration tick;
    asio::steady_timer timer;
    std::shared_ptr<DeadlineQueue> deadlines;   // every run's limit, on one timer of its own
    clock::time_point armed = clock::time_point::max();   // what the timer waits for now
    std::deque<Slot> slots;       // a deque: a slot's address survives later add()s
    std::vector<Id> free_ids;
    std::vector<Due> heap;        // min-heap on `at`; at most one valid entry per slot
    std::size_t live = 0, in_flight = 0;

    clock::time_point on_grid(clock::time_point t) const {
        auto r = t.time_since_epoch() % tick;
        return r == duration::zero() ? t : t + (tick - r);
    }

    bool valid(const Due& e) const { return slots[e.id].gen == e.gen && slots[e.id].live; }

    void push(Id id) {
        heap.push_back({slots[id].due, id, slots[id].gen});
        std::push_heap(heap.begin(), heap.end(), Later{});
    }

    Due pop() {
        std::pop_heap(heap.begin(), heap.end(), Later{});
        Due e = heap.back();
        heap.pop_back();
        return e;
    }

    void release(Id id) {
        Slot& s = slots[id];
        s.probe.reset();
        s.current = nullptr;
        s.live = false;
        ++s.gen;
        free_ids.push_back(id);
    }

    // The timer waits for the earliest valid entry; stale ones on top are dropped here.
    void arm() {
        while (!heap.empty() && !valid(heap.front())) pop();
        if (heap.empty()) {
            if (armed != clock::time_point::max()) timer.cancel();
            armed = clock::time_point::max();
            return;
        }
        auto at = heap.front().at;
        if (at == armed) return;
        armed = at;
        timer.expires_at(at);   // a wait already pending completes as cancelled
        timer.async_wait([self = shared_from_this(), at](const boost::system::error_code& ec) {
            if (ec || self->armed != at) return;
            self->armed = clock::time_point::max();
            self->fire();
        });
    }

    // A wake-up this late means the event loop was stalled (e.g. by a long table update).
    // Shorter delays (a busy machine) just run late: the slot stays anchored either way.
    static duration stall_slack(duration interval) {
        return std::max<duration>(std::chrono::milliseconds(100), interval / 2);
    }

    // Runs started per wake-up. More are left due: the timer, re-armed in the past, fires
    // again in the event loop's next pass, after the I/O that is ready by then. Without it,
    // on a slow machine (the test VM: ~1.4 ms to start a connect check) 10,000 checks due
    // within a second were all started before any finished: none was reported for 16 s
    // and some ran past their deadline unread.
    static constexpr int kStartsPerWake = 128;

    void fire() {
        auto now = clock::now();
        int started = 0;
        while (!heap.empty() && heap.front().at <= now && started < kStartsPerWake) {
            Due e = pop();
            if (!valid(e)) continue;
            Slot& s = slots[e.id];
            auto late = now - e.at;
            if (late > stall_slack(s.interval)) {
                // The loop stalled: every check wakes at once. Running them all now would
                // turn the start-time spread into one burst for good; keep this check's own
                // slot instead (the run missed is the stall's, not the server's).
                s.due = on_grid(e.at + (late / s.interval + 1) * s.interval);
                push(e.id);
                continue;
            }
            s.in_run = true;
            ++s.runs;
            ++in_flight;
            ++started;
            asio::co_spawn(ex, run(shared_from_this(), e.id), asio::detached);
        }
        arm();
    }

    static asio::awaitable<void> run(std::shared_ptr<State> st, Id id) {
        Slot* s = &st->slots[id];
        if (!s->live) {   // removed before the run began
            --st->in_flight;
            s->in_run = false;
            st->release(id);
            co_return;
        }
        auto t0 = clock::now();
        CheckResult r;
        bool expired = false;
        duration limit{};
        {
            Deadline dl(*st->deadlines);
            if (!s->probe->arms_deadline()) dl.arm(s->deadline);
            s->current = &dl;
            try {
                r = co_await s->probe->run(dl);
            } catch (const std::exception& e) {
                r = {false, std::string("check failed: ") + e.what()};
            } catch (...) {
                // Not a std::exception (a library's own type): still one failed check, not the loop's end.
                r = {false, "check failed: unknown exception"};
            }
            s->current = nullptr;
            expired = dl.expired();
            limit = dl.limit();
        }
        --st->in_flight;
        s->in_run = false;
        if (!s->live) {   // removed during the run: it was cut short, nobody wants the result
            st->release(id);
            co_return;
        }
        if (expired) {
            auto secs = std::chrono::duration_cast<std::chrono::milliseconds>(limit).count() / 1000.0;
            char buf[64];
            std::snprintf(buf, sizeof buf, "timed out after %g s", secs);
            // What the probe saw by then ("no answer (sent 3 times); ignored: ...").
            bool says_more = !r.up && !r.reason.empty() && r.reason != "timed out";
            r = {false, buf + (says_more ? ": " + r.reason : std::string())};
        }
        auto end = clock::now();
        r.latency = end - t0;
        // Start to start; a run longer than the interval delays the next one.
        s->due = st->on_grid(std::max(s->due + s->interval, end));
        st->push(id);
        st->arm();
        st->report(id, r);   // last: it may remove this check or others
    }
};

CheckScheduler::CheckScheduler(asio::any_io_executor ex, Report report, duration tick)
    : st_(std::make_shared<State>(std::move(ex), std::move(report), tick)) {}

CheckScheduler::~CheckScheduler() {
    stop();
    st_->timer.cancel();
}

CheckScheduler::Id CheckScheduler::add(std::unique_ptr<Probe> probe, duration interval, duration deadline, duration first_delay) {
    Id id;
    if (!st_->free_ids.empty()) {
        id = st_->free_ids.back();
        st_->free_ids.pop_back();
    } else {
        id = static_cast<Id>(st_->slots.size());
        st_->slots.emplace_back();
    }
    auto& s = st_->slots[id];
    s.probe = std::move(probe);
    s.interval = std::max<duration>(interval, std::chrono::milliseconds(1));
    s.deadline = deadline;
    s.due = st_->on_grid(clock::now() + std::max(first_delay, duration::zero()));
    s.runs = 0;
    s.live = true;
    s.in_run = false;
    ++st_->live;
    st_->push(id);
    st_->arm();
    return id;
}

void CheckScheduler::remove(Id id) {
    if (id >= st_->slots.size()) return;
    auto& s = st_->slots[id];
    if (!s.live) return;
    --st_->live;
    if (s.in_run) {
        s.live = false;   // the run releases the slot when it ends
        if (s.current) s.current->expire_now();
    } else {
        st_->release(id);
    }
    st_->arm();   // nothing left to wait for: the timer must not keep the loop busy
}

void CheckScheduler::stop() {
    for (Id id = 0; id < st_->slots.size(); ++id) remove(id);
}

std::size_t CheckScheduler::size() const { return st_->live; }
std::size_t CheckScheduler::running() const { return st_->in_flight; }
std::uint64_t CheckScheduler::runs(Id id) const { return id < st_->slots.size() ? st_->slots[id].runs : 0; }

} // namespace directord::checks
