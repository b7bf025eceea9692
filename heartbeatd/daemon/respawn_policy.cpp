#include "heartbeatd/daemon/respawn_policy.hpp"

namespace hb::daemon {

RespawnDecision after_client_exit(const std::string& cmd, const ClientExit& e, int& short_runs,
                                  const RespawnRules& rules) {
    RespawnDecision d;
    std::string how = e.signalled ? "killed by signal " + std::to_string(e.code)
                                  : "exited with return code " + std::to_string(e.code);
    if (e.shutting_down) {
        d.why = "Client " + cmd + " " + how + " (shutting down)";
        return d;
    }
    if (!e.signalled && e.code == 100) {
        d.why = "Client " + cmd + " exited with return code 100: not respawned";
        return d;
    }
    if (e.ran_for < rules.short_run) ++short_runs;
    else short_runs = 0;
    if (short_runs > rules.max_short_runs) {
        short_runs = 0;
        d.why = "Client " + cmd + " " + how + "; respawning too fast (" + std::to_string(rules.max_short_runs + 1) +
                " runs shorter than " + std::to_string(rules.short_run.count() / 1000) + " s): not respawned";
        return d;
    }
    d.restart = true;
    d.delay = short_runs > 0 ? rules.pause_after_short : std::chrono::milliseconds(0);
    d.why = "Client " + cmd + " " + how + "; respawning" +
            (short_runs > 0 ? " in " + std::to_string(d.delay.count()) + " ms" : std::string());
    return d;
}

} // namespace hb::daemon
