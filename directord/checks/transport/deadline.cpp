#include "directord/checks/transport/deadline.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>

namespace directord::checks {

using std::chrono::steady_clock;

struct Deadline::State {
    explicit State(boost::asio::any_io_executor e) : ex(std::move(e)) {}
    explicit State(DeadlineQueue* q) : queue(q) {}
    boost::asio::any_io_executor ex;                       // own-timer mode: made on first arm()
    std::unique_ptr<boost::asio::steady_timer> timer;
    DeadlineQueue* queue = nullptr;                        // queue mode
    std::size_t queue_pos = npos;                          // in the queue's heap, or npos
    // A run registers one or two closers at a time (its socket, a resolver).
    boost::container::small_vector<std::pair<std::uint64_t, std::function<void()>>, 2> closers;
    std::uint64_t next_id = 1;
    steady_clock::duration limit{};
    steady_clock::time_point due{};
    steady_clock::duration extended{};   // given back for loop stalls so far
    bool expired = false;
    bool dead = false;   // the Deadline is gone: a late timer handler must do nothing

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    void fire() {
        if (expired || dead) return;
        expired = true;
        auto cs = std::move(closers);
        closers.clear();
        for (auto& [id, c] : cs) c();
    }

    // Called at `now`, when the limit's time has come: fires, or (after a stall of
    // the daemon's own loop) gives the run its lost time back; true when it fired.
    bool due_now(steady_clock::time_point now);
};

// A timer handler later than this ran after an event-loop stall, not at the limit.
static constexpr std::chrono::milliseconds kStallSlack{100};

bool Deadline::State::due_now(steady_clock::time_point now) {
    auto late = now - due;
    // The daemon itself was blocked (a long table update through ipvsadm): the answer
    // may be waiting unread. Give the run back the time it could not be served, once
    // per stall and never more than the limit in total, so a stall is not a "down".
    auto grace = std::min(late, limit - extended);
    if (late > kStallSlack && grace >= kStallSlack && !expired && !dead) {
        extended += grace;
        due = now + grace;
        return false;
    }
    fire();
    return true;
}

Deadline::Deadline(boost::asio::any_io_executor ex) : st_(std::make_shared<State>(std::move(ex))) {}
Deadline::Deadline(DeadlineQueue& queue) : st_(std::make_shared<State>(&queue)) {}

Deadline::~Deadline() {
    st_->dead = true;
    st_->closers.clear();
    if (st_->queue) st_->queue->unschedule(st_.get());
    if (st_->timer) st_->timer->cancel();
}

static void wait_for_limit(const std::shared_ptr<Deadline::State>& st) {
    st->timer->expires_at(st->due);
    // The handler owns the state, so it is safe after ~Deadline.
    st->timer->async_wait([st](const boost::system::error_code& ec) {
        if (ec) return;
        if (!st->due_now(steady_clock::now())) wait_for_limit(st);
    });
}

void Deadline::arm(steady_clock::duration d) {
    st_->limit = d;
    st_->extended = {};
    st_->due = steady_clock::now() + d;
    if (st_->queue) {
        st_->queue->schedule(st_.get());
        return;
    }
    if (!st_->timer) st_->timer = std::make_unique<boost::asio::steady_timer>(st_->ex);
    wait_for_limit(st_);
}

Deadline::Guard Deadline::on_expire(std::function<void()> close) {
    if (st_->expired) {
        close();
        return {};
    }
    std::uint64_t id = st_->next_id++;
    st_->closers.emplace_back(id, std::move(close));
    return Guard(st_, id);
}

Deadline::Guard& Deadline::Guard::operator=(Guard&& o) noexcept {
    if (this != &o) {
        this->~Guard();
        st_ = std::move(o.st_);
        id_ = o.id_;
        o.id_ = 0;
    }
    return *this;
}

Deadline::Guard::~Guard() {
    if (!id_) return;
    if (auto st = st_.lock()) {
        auto& cs = st->closers;
        auto it = std::find_if(cs.begin(), cs.end(), [&](const auto& c) { return c.first == id_; });
        if (it != cs.end()) cs.erase(it);
    }
    id_ = 0;
}

void Deadline::expire_now() {
    if (st_->queue) st_->queue->unschedule(st_.get());
    if (st_->timer) st_->timer->cancel();
    st_->fire();
}

bool Deadline::expired() const { return st_->expired; }
steady_clock::duration Deadline::limit() const { return st_->limit; }

// --- DeadlineQueue ----------------------------------------------------------------

std::shared_ptr<DeadlineQueue> DeadlineQueue::make(boost::asio::any_io_executor ex) {
    return std::shared_ptr<DeadlineQueue>(new DeadlineQueue(std::move(ex)));
}

DeadlineQueue::~DeadlineQueue() {
    for (auto* s : heap_) {
        s->queue = nullptr;
        s->queue_pos = Deadline::State::npos;
    }
    timer_.cancel();
}

bool DeadlineQueue::earlier(std::size_t a, std::size_t b) const { return heap_[a]->due < heap_[b]->due; }

void DeadlineQueue::place(std::size_t i, Deadline::State* s) {
    heap_[i] = s;
    s->queue_pos = i;
}

void DeadlineQueue::sift_up(std::size_t i) {
    while (i > 0) {
        std::size_t parent = (i - 1) / 2;
        if (!earlier(i, parent)) break;
        auto* p = heap_[parent];
        place(parent, heap_[i]);
        place(i, p);
        i = parent;
    }
}

void DeadlineQueue::sift_down(std::size_t i) {
    for (;;) {
        std::size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < heap_.size() && earlier(l, m)) m = l;
        if (r < heap_.size() && earlier(r, m)) m = r;
        if (m == i) return;
        auto* c = heap_[m];
        place(m, heap_[i]);
        place(i, c);
        i = m;
    }
}

void DeadlineQueue::schedule(Deadline::State* s) {
    if (s->queue_pos == Deadline::State::npos) {
        heap_.push_back(s);
        s->queue_pos = heap_.size() - 1;
        sift_up(s->queue_pos);
    } else {   // re-armed: it may move either way
        std::size_t i = s->queue_pos;
        sift_up(i);
        sift_down(s->queue_pos);
    }
    // New limits are mostly later than the earliest: the timer stays as it is.
    if (!expiring_ && heap_.front()->due < armed_) rearm();
}

void DeadlineQueue::unschedule(Deadline::State* s) {
    std::size_t i = s->queue_pos;
    if (i == Deadline::State::npos) return;
    s->queue_pos = Deadline::State::npos;
    auto* last = heap_.back();
    heap_.pop_back();
    if (i < heap_.size()) {
        place(i, last);
        sift_up(i);
        sift_down(last->queue_pos);
    }
    // A timer left set for a run that ended just fires once for nothing, unless nothing
    // is left at all: then it must not keep the loop alive.
    if (heap_.empty() && armed_ != steady_clock::time_point::max()) {
        armed_ = steady_clock::time_point::max();
        timer_.cancel();
    }
}

void DeadlineQueue::rearm() {
    if (heap_.empty()) return;
    armed_ = heap_.front()->due;
    timer_.expires_at(armed_);   // a wait already pending completes as cancelled
    timer_.async_wait([w = weak_from_this(), at = armed_](const boost::system::error_code& ec) {
        auto self = w.lock();
        if (ec || !self || self->armed_ != at) return;
        self->armed_ = steady_clock::time_point::max();
        self->expire_due();
    });
}

void DeadlineQueue::expire_due() {
    auto now = steady_clock::now();
    expiring_ = true;
    while (!heap_.empty() && heap_.front()->due <= now) {
        auto* s = heap_.front();
        unschedule(s);   // out before its closers run: they must not see it half-done
        if (!s->due_now(now)) schedule(s);   // given time back for a stall: later now
    }
    expiring_ = false;
    rearm();
}

} // namespace directord::checks
