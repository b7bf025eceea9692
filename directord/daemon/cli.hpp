// directord's command line, ldirectord-compatible plus -t, --check, --dry-run, --pidfile and --ipvsadm. Pure.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace directord {

struct Cli {
    bool debug = false;      // -d: foreground, log to stderr
    bool foreground = false; // -f: foreground, log as configured (systemd Type=notify)
    bool test = false;       // -t: config test
    bool check = false;      // --check: run every check once and print the verdicts
    bool dry_run = false;    // --dry-run: never touch the kernel table
    bool help = false, version = false;
    std::optional<std::string> config;   // as given; none = "ldirectord.cf"
    std::string command;                 // start stop restart try-restart reload force-reload status
    std::optional<std::string> pidfile;
    std::optional<std::string> ipvsadm;  // --ipvsadm[=PATH]: drive the table through this tool, not netlink
    // status layouts: --stats / --rate (ipvsadm's), --json; accepted before or after the command.
    bool stats = false, rate = false, json = false;
    std::string error;                   // non-empty: bad usage
};

Cli parse_cli(const std::vector<std::string>& args);
bool is_command(const std::string& s);
std::string usage();

} // namespace directord
