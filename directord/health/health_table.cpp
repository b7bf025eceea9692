#include "directord/health/health_table.hpp"

#include "lib/sorted_pairs.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

namespace directord::health {

void HealthTable::configure(std::vector<Member> members) {
    std::map<std::string, RealState> old;
    std::set<std::string> old_maintenance;   // survives a reload until the next scan says otherwise
    for (std::size_t i = 0; i < members_.size(); ++i) {
        if (members_[i].state_key.empty()) continue;
        old.emplace(members_[i].state_key, states_[i]);
        if (maintenance_[i]) old_maintenance.insert(members_[i].state_key);
    }

    members_ = std::move(members);
    states_.clear();
    maintenance_.assign(members_.size(), 0);
    index_.clear();
    by_hash_.clear();
    fed_start_.clear();
    fed_.clear();
    std::unordered_map<std::string_view, int> ids;   // views into members_, which stays put from here
    std::vector<int> id_of(members_.size(), -1);     // the check each member is fed by
    std::vector<std::uint32_t> fed_count;
    states_.reserve(members_.size());
    index_.reserve(members_.size());
    for (std::size_t i = 0; i < members_.size(); ++i) {
        const Member& m = members_[i];
        auto it = m.state_key.empty() ? old.end() : old.find(m.state_key);
        if (!m.check_key.empty() && it != old.end()) {
            RealState s = it->second;
            s.set_failurecount(m.failurecount);
            states_.push_back(s);
        } else if (m.check_key.empty()) {
            states_.emplace_back(m.static_up, 1);
        } else {
            states_.emplace_back(m.serving_now, m.failurecount);
        }
        if (old_maintenance.count(m.state_key)) {
            maintenance_[i] = 1;
            states_.back().force(false);
        }
        index_.emplace_back(m.ref, static_cast<std::uint32_t>(i));
        if (!m.check_key.empty()) {
            auto [it, fresh] = ids.emplace(std::string_view(m.check_key), (int)fed_count.size());
            if (fresh) fed_count.push_back(0);
            ++fed_count[it->second];
            id_of[i] = it->second;
        }
    }
    // A real listed twice: its last member answers for it (the map this replaced did so).
    ha::sort_keep_last(index_);
    if (!fed_count.empty()) {
        fed_start_.assign(fed_count.size() + 1, 0);
        for (std::size_t id = 0; id < fed_count.size(); ++id) fed_start_[id + 1] = fed_start_[id] + fed_count[id];
        fed_.resize(fed_start_.back());
        std::vector<std::uint32_t> next(fed_start_.begin(), fed_start_.end() - 1);
        for (std::size_t i = 0; i < members_.size(); ++i)
            if (id_of[i] >= 0) fed_[next[id_of[i]]++] = static_cast<std::uint32_t>(i);
    }
    by_hash_.reserve(ids.size());
    for (const auto& [key, id] : ids) by_hash_.emplace_back(std::hash<std::string_view>{}(key), id);
    std::sort(by_hash_.begin(), by_hash_.end());
}

long HealthTable::find(RealRef ref) const {
    const std::uint32_t* i = ha::find_sorted(index_, ref);
    return i ? static_cast<long>(*i) : -1;
}

int HealthTable::check_id(const std::string& key) const {
    std::size_t h = std::hash<std::string_view>{}(key);
    auto it = std::lower_bound(by_hash_.begin(), by_hash_.end(), std::make_pair(h, -1));
    for (; it != by_hash_.end() && it->first == h; ++it)
        if (check_key(it->second) == key) return it->second;
    return -1;
}

std::vector<HealthEvent> HealthTable::feed(const std::string& check_key, bool ok, const std::string& reason) {
    return feed(check_id(check_key), ok, reason);
}

std::vector<HealthEvent> HealthTable::feed(int id, bool ok, const std::string& reason) {
    std::vector<HealthEvent> out;
    if (id < 0 || (std::size_t)id >= check_count()) return out;
    for (std::uint32_t k = fed_start_[id]; k < fed_start_[id + 1]; ++k) {
        std::uint32_t i = fed_[k];
        if (maintenance_[i]) continue;
        RealState& s = states_[i];
        RealState::Step st = s.result(ok);
        if (!st.reset && !st.soft_failure && !st.changed) continue;   // the usual case: nothing to say
        HealthEvent base{HealthEvent::Kind::up, members_[i].ref, st.failcount, s.failurecount(), reason};
        if (st.reset) {
            HealthEvent e = base;
            e.kind = HealthEvent::Kind::reset;
            out.push_back(e);
        }
        if (st.soft_failure) {
            HealthEvent e = base;
            e.kind = HealthEvent::Kind::soft_failure;
            out.push_back(e);
        }
        if (st.changed) {
            HealthEvent e = base;
            e.kind = s.up() ? HealthEvent::Kind::up : HealthEvent::Kind::down;
            out.push_back(e);
        }
    }
    return out;
}

std::optional<HealthEvent> HealthTable::force(RealRef ref, bool up, const std::string& reason) {
    long i = find(ref);
    if (i < 0) return std::nullopt;
    RealState& s = states_[i];
    RealState::Step st = s.force(up);
    if (!st.changed) return std::nullopt;
    return HealthEvent{up ? HealthEvent::Kind::up : HealthEvent::Kind::down, ref, st.failcount, s.failurecount(), reason};
}

std::vector<HealthEvent> HealthTable::set_maintenance(const std::map<RealRef, std::string>& in) {
    std::vector<HealthEvent> out;
    for (std::size_t i = 0; i < members_.size(); ++i) {
        auto it = in.find(members_[i].ref);
        bool now = it != in.end();
        if (now == (maintenance_[i] != 0)) continue;
        maintenance_[i] = now;
        const Member& m = members_[i];
        // A checked real stays down until its next result; an unchecked one (checktype=on)
        // has no next result: it takes its fixed answer back at once.
        if (!now && !m.check_key.empty()) continue;
        bool up = !now && m.static_up;
        RealState::Step st = states_[i].force(up);
        if (st.changed)
            out.push_back(HealthEvent{up ? HealthEvent::Kind::up : HealthEvent::Kind::down, m.ref, st.failcount,
                                      states_[i].failurecount(),
                                      now ? "Server in maintenance (" + it->second + ")" : "maintenance over"});
    }
    return out;
}

bool HealthTable::in_maintenance(RealRef ref) const {
    long i = find(ref);
    return i >= 0 && maintenance_[i];
}

bool HealthTable::up(RealRef ref) const {
    long i = find(ref);
    return i >= 0 && states_[i].up();
}

const Member* HealthTable::member(RealRef ref) const {
    long i = find(ref);
    return i < 0 ? nullptr : &members_[i];
}

std::optional<RealState> HealthTable::state(RealRef ref) const {
    long i = find(ref);
    if (i < 0) return std::nullopt;
    return states_[i];
}

bool HealthTable::pending(const std::string& check_key) const {
    int id = check_id(check_key);
    if (id < 0) return false;
    for (std::uint32_t k = fed_start_[id]; k < fed_start_[id + 1]; ++k)
        if (states_[fed_[k]].phase() == RealState::Phase::pending) return true;
    return false;
}

std::vector<std::string> HealthTable::check_keys() const {
    std::vector<std::string> keys;
    keys.reserve(check_count());
    for (std::size_t id = 0; id < check_count(); ++id) keys.push_back(check_key((int)id));
    std::sort(keys.begin(), keys.end());
    return keys;
}

} // namespace directord::health
