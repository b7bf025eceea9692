// monitorfile= lines, as ldirectord writes them on every check result:
//   [Sun Nov 22 02:55:52 2026] [PID] connect tcp 127.0.0.3 8080 1 masq /  [down] MSG
// The middle part is ldirectord's real id (checktype[:service|:checkcommand], protocol,
// RIP, RPORT, virtualhost and checkport when set, weight, forward, request, receive)
// with ':' shown as ' ' and backslashes dropped; MSG is '-' when there is no reason;
// '%', '|', CR and LF in it are %-escaped. Pure.
#pragma once
#include <ctime>
#include <string>

#include "directord/config/config.hpp"

namespace directord {

std::string monitor_real_id(const Virtual& v, const Real& r);
std::string monitor_line(std::time_t when, long pid, const std::string& real_id, bool up, const std::string& msg);

} // namespace directord
