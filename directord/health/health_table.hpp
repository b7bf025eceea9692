// Health of every configured real server, fed by shared check results. Pure: no I/O,
// no clock. Reals with the same check identity (ldirectord's real id, section 2.4) form
// one result stream; each (virtual, real) keeps its own state so failurecount and the
// start-up rule stay per virtual (ldirectord shares one failure counter across virtuals
// and counts a failure once per virtual: that bug is not reproduced).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "directord/health/health_event.hpp"
#include "directord/health/real_state.hpp"

namespace directord::health {

struct Member {
    RealRef ref;
    std::string check_key;      // empty: no check runs (on, off, service none, unsupported)
    bool static_up = false;     // the fixed answer when check_key is empty
    std::string static_reason;  // why it is fixed (logs, status)
    int failurecount = 1;
    bool serving_now = false;   // the kernel has it with weight > 0 (start-up rule)
    std::string state_key;      // what carries its state over a reload
};

class HealthTable {
public:
    // Replace the members. A member whose state_key was there before keeps its state
    // (failure count, up/down); others start per the start-up rule. No events: a
    // configuration change is not a health change.
    void configure(std::vector<Member> members);

    // One result of the check `check_key`: the transitions of every real it feeds.
    std::vector<HealthEvent> feed(const std::string& check_key, bool ok, const std::string& reason = {});
    // The same by the check's number (check_id): no string lookup per result, which
    // matters at 10,000 results a second. Ids are valid until the next configure().
    int check_id(const std::string& check_key) const;   // -1: no real is fed by it
    std::vector<HealthEvent> feed(int check_id, bool ok, const std::string& reason = {});
    // Calls fn(ref) for every real fed by the check that is not in maintenance.
    template <class Fn> void for_each_checked(int check_id, Fn&& fn) const {
        if (check_id < 0 || (std::size_t)check_id >= check_count()) return;
        for (std::uint32_t k = fed_start_[check_id]; k < fed_start_[check_id + 1]; ++k)
            if (std::uint32_t i = fed_[k]; !maintenance_[i]) fn(members_[i].ref);
    }
    // Bypass failurecount. nullopt when nothing changed.
    std::optional<HealthEvent> force(RealRef ref, bool up, const std::string& reason = {});
    // maintenancedir: the reals in `in` (with the file that names them) are forced down
    // and their check results ignored; the others leave maintenance down, and their next
    // result decides (as ldirectord: file removed -> normal check -> up).
    std::vector<HealthEvent> set_maintenance(const std::map<RealRef, std::string>& in);
    bool in_maintenance(RealRef ref) const;

    bool up(RealRef ref) const;
    bool known(RealRef ref) const { return find(ref) >= 0; }
    std::optional<RealState> state(RealRef ref) const;
    // The member for a real= line, null when it is not configured.
    const Member* member(RealRef ref) const;
    // Does any real fed by `check_key` still wait for its first result?
    bool pending(const std::string& check_key) const;
    // Check identities that have consumers, sorted.
    std::vector<std::string> check_keys() const;
    // The identity of check `check_id` (valid until the next configure()).
    const std::string& check_key(int check_id) const { return members_[fed_[fed_start_[check_id]]].check_key; }
    std::size_t check_count() const { return fed_start_.empty() ? 0 : fed_start_.size() - 1; }
    const std::vector<Member>& members() const { return members_; }


private:
    std::vector<Member> members_;
    std::vector<RealState> states_;
    std::vector<char> maintenance_;   // per member: in maintenance now
    // Flat arrays, not maps or a vector per check: at 10,000 reals a map node or a one-element
    // vector per real costs ~1.3 MB where these cost 0.3 MB.
    std::vector<std::pair<RealRef, std::uint32_t>> index_;   // sorted: real -> member
    long find(RealRef ref) const;   // member index, -1: not configured
    // hash of a check key -> its id, sorted: the one copy of each key is its members'
    // (at 10,000 reals a second copy in a map costs ~1.5 MB).
    std::vector<std::pair<std::size_t, int>> by_hash_;
    // The members check `id` feeds: fed_[fed_start_[id]] up to fed_[fed_start_[id + 1]].
    std::vector<std::uint32_t> fed_start_;
    std::vector<std::uint32_t> fed_;
};

} // namespace directord::health
