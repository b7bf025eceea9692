#include "directord/daemon/cli.hpp"

namespace directord {

bool is_command(const std::string& s) {
    for (const char* c : {"start", "stop", "restart", "try-restart", "reload", "force-reload", "status"})
        if (s == c) return true;
    return false;
}

std::string usage() {
    return "Usage: directord [-d|-f] [--dry-run] [--pidfile PATH] [--ipvsadm[=PATH]] [configfile] "
           "{start|stop|restart|try-restart|reload|force-reload|status}\n"
           "       directord [configfile] status [--stats|--rate] [--json]\n"
           "       directord -t [configfile]     test the configuration and print it normalized\n"
           "       directord --check [configfile]  run every check once, print up/down and why\n"
           "       directord -v | -h\n";
}

Cli parse_cli(const std::vector<std::string>& args) {
    Cli c;
    std::vector<std::string> pos;
    bool opts_done = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        // status's layout options read naturally after the command: taken anywhere.
        if (a == "--stats" || a == "--rate" || a == "--json") {
            (a == "--stats" ? c.stats : a == "--rate" ? c.rate : c.json) = true;
            continue;
        }
        if (opts_done || a.empty() || a[0] != '-' || a == "-") {
            pos.push_back(a);
            opts_done = true;  // options come first, as ldirectord's require_order
            continue;
        }
        if (a == "--") { opts_done = true; continue; }
        if (a == "-d" || a == "--debug") c.debug = true;
        else if (a == "-f" || a == "--foreground") c.foreground = true;
        else if (a == "-t" || a == "--test" || a == "--config-test") c.test = true;
        else if (a == "--dry-run") c.dry_run = true;
        else if (a == "--check") c.check = true;
        else if (a == "-h" || a == "-?" || a == "--help") c.help = true;
        else if (a == "-v" || a == "--version") c.version = true;
        else if (a == "--pidfile" && i + 1 < args.size()) c.pidfile = args[++i];
        else if (a.rfind("--pidfile=", 0) == 0) c.pidfile = a.substr(10);
        else if (a == "--ipvsadm") c.ipvsadm = "/usr/sbin/ipvsadm";
        else if (a.rfind("--ipvsadm=", 0) == 0 && a.size() > 10) c.ipvsadm = a.substr(10);
        else if (a.size() > 2 && a[1] != '-' && a.find_first_not_of("dt", 1) == std::string::npos) {
            // bundled short options: -dt
            for (char ch : a.substr(1)) (ch == 'd' ? c.debug : c.test) = true;
        } else {
            c.error = "unknown option " + a;
            return c;
        }
    }
    if (c.help || c.version) return c;
    if (!pos.empty() && is_command(pos.back())) {
        c.command = pos.back();
        pos.pop_back();
    }
    if (pos.size() > 1) {
        c.error = "too many arguments: " + pos[1];
        return c;
    }
    if (pos.size() == 1) c.config = pos[0];
    if (c.command.empty() && !c.test && !c.check) c.error = c.config ? "unknown command " + *c.config : "no command given";
    else if ((c.stats || c.rate || c.json) && c.command != "status") c.error = "--stats, --rate and --json go with status";
    else if (c.stats && c.rate) c.error = "--stats or --rate, not both";
    return c;
}

} // namespace directord
