// `heartbeatd cib`: reads <dir>/ha.cf and <dir>/haresources, lists the scripts they can
// name, prints the CIB on stdout and every diagnostic (file:line) on stderr.
// Exit 0: everything converted; 1: the CIB lacks something reported as an error;
// 6: the files do not parse (as `heartbeatd -t`).
#pragma once
#include <string>

namespace hb::cib {

struct CibCommand {
    std::string config_dir = "/etc/ha.d";
    std::string init_dir = "/etc/init.d";
    std::string directord;   // "" = the directord beside this heartbeatd, else /usr/sbin/directord
};

int run_cib_command(const CibCommand& c);

} // namespace hb::cib
