// Where heartbeatd logs, from ha.cf: logfile, else debugfile, else the terminal (foreground
// runs started by hand), else syslog with logfacility. Used at start and on a reload.
#pragma once
#include "heartbeatd/config/ha_cf.hpp"

namespace hb::daemon {

void setup_log(const config::HaCf& cf, int command_line_debug, bool to_terminal);

} // namespace hb::daemon
