#include "directord/checks/deadline.hpp"

namespace directord::checks {

struct Deadline::State {
    explicit State(boost::asio::any_io_executor ex) : timer(ex) {}
    boost::asio::steady_timer timer;
    std::map<std::uint64_t, std::function<void()>> closers;
    std::uint64_t next_id = 1;
    std::chrono::steady_clock::duration limit{};
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

void Deadline::arm(std::chrono::steady_clock::duration d) {
    st_->limit = d;
    st_->timer.expires_after(d);
    // The handler owns the state, so it is safe after ~Deadline.
    st_->timer.async_wait([st = st_](const boost::system::error_code& ec) {
        if (!ec) st->fire();
    });
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
