#include "heartbeatd/daemon/command_line.hpp"

namespace hb::daemon {

std::string usage_text() {
    return "usage: heartbeatd [-f] [-d...] [-l] [-M] [-c DIR] [-S DIR] [-p FILE] [-L DIR]\n"
           "       heartbeatd -k|-r|-s|-v      stop, reload, status (LSB exit code), version\n"
           "       heartbeatd -t [-c DIR]      config test: ha.cf, authkeys, haresources and what they name\n"
           "       heartbeatd status hbstatus|listnodes|nodestatus N|nodetype N|listhblinks N|\n"
           "                         linkstatus N L|rscstatus|hbparameter P|counters|--json\n"
           "       heartbeatd standby|takeover [all|local|foreign|failback]\n"
           "       heartbeatd cl_status SUBCOMMAND...   heartbeat's cl_status (also as argv[0])\n"
           "       heartbeatd cib [-c DIR] [--directord PATH]   ha.cf + haresources as a Pacemaker CIB\n"
           "  -f  foreground (for supervisors)     -d  more debug output (repeatable)\n"
           "  -l  no realtime scheduling           -M  no resource management\n"
           "  -c  config dir ($HA_DIR, /etc/ha.d)  -S  state dir ($HA_VARLIB, /var/lib/heartbeat)\n"
           "  -p  pid file ($HA_PIDFILE, /var/run/heartbeat.pid)\n"
           "  -L  UUCP lock dir for serial ports ($HA_LOCKDIR, /var/lock)\n";
}

ParseResult parse_command_line(const std::vector<std::string>& args,
                               const std::function<std::optional<std::string>(const char*)>& env) {
    CommandLine c;
    if (auto v = env("HA_DIR")) c.config_dir = *v;
    if (auto v = env("HA_VARLIB")) c.state_dir = *v;
    if (auto v = env("HA_PIDFILE")) c.pid_file = *v;
    if (auto v = env("HA_LOCKDIR")) c.lock_dir = *v;

    bool action_set = false;
    auto set_action = [&](CommandLine::Action a) {
        if (action_set && c.action != a) return false;
        c.action = a;
        action_set = true;
        return true;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "cl_status") {
            if (action_set) return {std::nullopt, a + " cannot be combined with another action"};
            c.action = CommandLine::Action::cl_status;
            c.query.assign(args.begin() + std::ptrdiff_t(i) + 1, args.end());
            return {c, {}};
        }
        if (a == "cib") {
            if (action_set) return {std::nullopt, a + " cannot be combined with another action"};
            c.action = CommandLine::Action::cib;
            for (++i; i < args.size(); ++i) {
                const std::string& o = args[i];
                if (o == "-c" || o == "--directord") {
                    if (i + 1 >= args.size()) return {std::nullopt, o + " needs a value"};
                    (o == "-c" ? c.config_dir : c.cib_directord) = args[++i];
                } else if (o.starts_with("-c") && o.size() > 2) {
                    c.config_dir = o.substr(2);
                } else if (o.starts_with("--directord=")) {
                    c.cib_directord = o.substr(12);
                } else {
                    return {std::nullopt, "cib: unexpected argument: " + o};
                }
            }
            return {c, {}};
        }
        if (a == "status" || a == "standby" || a == "takeover") {
            if (action_set) return {std::nullopt, a + " cannot be combined with another action"};
            c.action = CommandLine::Action::query;
            if (a != "status") c.query.push_back(a);
            for (++i; i < args.size(); ++i) c.query.push_back(args[i]);
            if (c.query.empty()) c.query.push_back("hbstatus");
            return {c, {}};
        }
        if (a.size() < 2 || a[0] != '-') return {std::nullopt, "unexpected argument: " + a};
        if (a == "--help") {
            c.action = CommandLine::Action::help;
            return {c, {}};
        }
        if (a == "--version") {
            if (!set_action(CommandLine::Action::version)) return {std::nullopt, "only one of -k, -r, -s, -t, -v may be given"};
            continue;
        }
        if (a == "--foreground") {
            c.foreground = true;
            continue;
        }
        // Short flags may be bundled ("-dd", "-fl"); value flags take the rest or the next word.
        for (std::size_t j = 1; j < a.size(); ++j) {
            char f = a[j];
            auto value = [&](std::string& into) -> bool {
                if (j + 1 < a.size()) into = a.substr(j + 1);
                else if (i + 1 < args.size()) into = args[++i];
                else return false;
                j = a.size();
                return true;
            };
            bool ok = true;
            switch (f) {
            case 'f': c.foreground = true; break;
            case 'd': ++c.debug; break;
            case 'l': c.no_realtime = true; break;
            case 'M': c.no_resources = true; break;
            case 'k': ok = set_action(CommandLine::Action::stop); break;
            case 'r': ok = set_action(CommandLine::Action::reload); break;
            case 's': ok = set_action(CommandLine::Action::status); break;
            case 't': ok = set_action(CommandLine::Action::config_test); break;
            case 'v':
            case 'V': ok = set_action(CommandLine::Action::version); break;
            case 'h': c.action = CommandLine::Action::help; return {c, {}};
            case 'c': if (!value(c.config_dir)) return {std::nullopt, "-c needs a directory"}; break;
            case 'S': if (!value(c.state_dir)) return {std::nullopt, "-S needs a directory"}; break;
            case 'p': if (!value(c.pid_file)) return {std::nullopt, "-p needs a file name"}; break;
            case 'L': if (!value(c.lock_dir)) return {std::nullopt, "-L needs a directory"}; break;
            default: return {std::nullopt, std::string("unknown option -") + f};
            }
            if (!ok) return {std::nullopt, "only one of -k, -r, -s, -t, -v may be given"};
        }
    }
    return {c, {}};
}

} // namespace hb::daemon
