#include "directord/checks/transport/deadline.hpp"

#include <algorithm>

namespace directord::checks {

struct Deadline::State {
    explicit State(boost::asio::any_io_executor ex) : timer(ex) {}
    boost::asio::steady_timer timer;
    std::map<std::uint64_t, std::function<void()>> closers;
    std::uint64_t next_id = 1;
    std::chrono::steady_clock::duration limit{};
    std::chrono::steady_clock::time_point due{};
    std::chrono::steady_clock::duration extended{};   // given back for loop stalls so far
    bool expired = false;
    bool dead = false;   // the Deadline is gone: a late timer handler must do nothing

    void fire() {
        if (expired || dead) return;
        expired = true;
        auto cs = std::move(closers);
        closers.clear();
        for (auto& [id, c] : cs) c();
    }
};

Deadline::Deadline(boost::asio::any_io_executor ex) : st_(std::make_shared<State>(ex)) {}

Deadline::~Deadline() {
    st_->dead = true;
    st_->closers.clear();
    st_->timer.cancel();
}

// A timer handler later than this ran after an event-loop stall, not at the limit.
static constexpr std::chrono::milliseconds kStallSlack{100};

static void wait_for_limit(const std::shared_ptr<Deadline::State>& st) {
    st->timer.expires_at(st->due);
    // The handler owns the state, so it is safe after ~Deadline.
    st->timer.async_wait([st](const boost::system::error_code& ec) {
        if (ec) return;
        auto late = std::chrono::steady_clock::now() - st->due;
        // The daemon itself was blocked (a long table update through ipvsadm): the answer
        // may be waiting unread. Give the run back the time it could not be served, once
        // per stall and never more than the limit in total, so a stall is not a "down".
        auto grace = std::min(late, st->limit - st->extended);
        if (late > kStallSlack && grace >= kStallSlack && !st->expired && !st->dead) {
            st->extended += grace;
            st->due = std::chrono::steady_clock::now() + grace;
            wait_for_limit(st);
            return;
        }
        st->fire();
    });
}

void Deadline::arm(std::chrono::steady_clock::duration d) {
    st_->limit = d;
    st_->extended = {};
    st_->due = std::chrono::steady_clock::now() + d;
    wait_for_limit(st_);
}

Deadline::Guard Deadline::on_expire(std::function<void()> close) {
    if (st_->expired) {
        close();
        return {};
    }
    std::uint64_t id = st_->next_id++;
    st_->closers.emplace(id, std::move(close));
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
    if (auto st = st_.lock()) st->closers.erase(id_);
    id_ = 0;
}

void Deadline::expire_now() {
    st_->timer.cancel();
    st_->fire();
}

bool Deadline::expired() const { return st_->expired; }
std::chrono::steady_clock::duration Deadline::limit() const { return st_->limit; }

} // namespace directord::checks
