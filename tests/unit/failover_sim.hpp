// A two-node pair of failover policies wired back to back for the unit tests: messages go
// straight to the other policy, group operations complete (or fail) when run, and time
// advances in 250 ms steps like the daemon's scan.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "heartbeatd/failover/policy.hpp"

namespace failover_sim {

using namespace hb::failover;
using hb::config::AutoFailback;
using Millis = std::chrono::milliseconds;

struct Node {
    std::string name;
    std::unique_ptr<Policy> policy;
    bool running = false;                    // the process exists
    std::deque<std::pair<std::string, GroupOp>> ops;
    std::set<std::string> active;            // groups whose resources are really up here
    std::set<std::string> fail_start;        // groups whose start fails on this node
    std::vector<Msg> sent;
    std::vector<std::string> notes;
    bool exited = false;
};

struct Pair {
    Node n[2];
    Millis now{0};
    bool linked = true;                      // messages and heartbeats pass
    AutoFailback mode;
    std::vector<GroupSpec> groups;

    explicit Pair(AutoFailback m, std::vector<GroupSpec> g = {{"10.0.0.1", "a"}, {"10.0.0.2", "b"}})
        : mode(m), groups(std::move(g)) {
        n[0].name = "a";
        n[1].name = "b";
    }
    int idx(const std::string& s) const { return s == "a" ? 0 : 1; }

    void boot(int i) {
        PolicyConfig c;
        c.self = n[i].name;
        c.peer = n[1 - i].name;
        c.auto_failback = mode;
        c.groups = groups;
        n[i].policy = std::make_unique<Policy>(c);
        n[i].running = true;
        n[i].exited = false;
        n[i].ops.clear();
        n[i].sent.clear();
    }

    void apply(int i, const std::vector<Action>& acts) {
        for (const auto& a : acts) {
            if (auto* s = std::get_if<Send>(&a)) {
                n[i].sent.push_back(s->msg);
                int o = 1 - i;
                if (linked && n[o].running && n[o].policy) apply(o, n[o].policy->received(s->msg, now));
            } else if (auto* st = std::get_if<StartGroup>(&a)) {
                n[i].ops.push_back({st->key, GroupOp::start});
            } else if (auto* sp = std::get_if<StopGroup>(&a)) {
                n[i].ops.push_back({sp->key, GroupOp::stop});
            } else if (auto* no = std::get_if<Note>(&a)) {
                n[i].notes.push_back(no->text);
            } else if (std::holds_alternative<ShutdownDone>(a)) {
                n[i].exited = true;
            }
        }
    }

    // Completes every queued group operation (each may queue more).
    void run_ops() {
        for (bool any = true; any;) {
            any = false;
            for (int i = 0; i < 2; ++i) {
                while (n[i].running && !n[i].ops.empty()) {
                    auto [key, op] = n[i].ops.front();
                    n[i].ops.pop_front();
                    bool ok = true;
                    if (op == GroupOp::start) {
                        ok = !n[i].fail_start.count(key);
                        if (ok) n[i].active.insert(key);
                    } else {
                        n[i].active.erase(key);
                    }
                    apply(i, n[i].policy->group_done(key, op, ok, now));
                    any = true;
                }
            }
        }
    }

    void advance(Millis d) {
        Millis end = now + d;
        while (now < end) {
            now += Millis(250);
            for (int i = 0; i < 2; ++i)
                if (n[i].running) apply(i, n[i].policy->tick(now));
            run_ops();
        }
    }

    // Both see each other (the daemon's peer_up + comm_up).
    void meet() {
        for (int i = 0; i < 2; ++i)
            if (n[i].running) apply(i, n[i].policy->peer_up(now));
        for (int i = 0; i < 2; ++i)
            if (n[i].running) apply(i, n[i].policy->comm_up(now));
        run_ops();
    }

    // Node i alone: the peer is declared dead by initdead, then comm up.
    void alone(int i) {
        apply(i, n[i].policy->peer_dead(now));
        apply(i, n[i].policy->comm_up(now));
        run_ops();
    }

    // kill -9: resources stay configured on it only if keep_active (a hung node).
    void crash(int i, bool keep_active = false) {
        n[i].running = false;
        n[i].policy.reset();
        n[i].ops.clear();
        if (!keep_active) n[i].active.clear();
    }

    void declare_dead(int i) {   // node i learns its peer is dead
        apply(i, n[i].policy->peer_dead(now));
        run_ops();
    }

    // Start node i while the other is running: it comes up, they meet.
    void join(int i) {
        boot(i);
        apply(1 - i, n[1 - i].policy->peer_up(now));
        apply(i, n[i].policy->peer_up(now));
        apply(i, n[i].policy->comm_up(now));
        run_ops();
    }

    std::string where(const std::string& key) const {
        std::string w;
        for (int i = 0; i < 2; ++i)
            if (n[i].active.count(key)) w += n[i].name;
        return w.empty() ? "-" : w;
    }
};

} // namespace failover_sim
