#include "heartbeatd/daemon/log_setup.hpp"

#include <algorithm>

#include "lib/log.hpp"

namespace hb::daemon {

void setup_log(const config::HaCf& cf, int command_line_debug, bool to_terminal) {
    auto& log = ha::log();
    if (!cf.logfile.empty() && cf.logfile != "/dev/null") log.to_file(cf.logfile, "heartbeatd");
    else if (!cf.debugfile.empty()) log.to_file(cf.debugfile, "heartbeatd");
    else if (to_terminal) log.to_stderr();
    else log.to_syslog("heartbeatd", cf.logfacility.empty() || cf.logfacility == "none" ? "daemon" : cf.logfacility);
    log.set_debug(std::max(command_line_debug, cf.debug));
}

} // namespace hb::daemon
