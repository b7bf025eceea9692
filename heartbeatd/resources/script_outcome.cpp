#include "heartbeatd/resources/script_runner.hpp"

namespace hb::resources {

std::string ScriptOutcome::describe() const {
    switch (end) {
    case End::exited: return "exit " + std::to_string(code);
    case End::signalled: return "killed by signal " + std::to_string(code);
    case End::timed_out: return "timed out (process group killed)";
    case End::spawn_failed: return "could not run: " + error;
    }
    return "?";
}

} // namespace hb::resources
