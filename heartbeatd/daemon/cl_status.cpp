#include "heartbeatd/daemon/cl_status.hpp"

#include <map>

namespace hb::daemon {

namespace {

using namespace cl_exit;

struct Parsed {
    std::map<char, std::string> flags;   // flag -> value ("" for plain flags)
    std::vector<std::string> words;      // operands, in order
    std::string error;
};

// getopt-like, options anywhere after the sub-command: `spec` lists the flags, a ':' after
// a flag means it takes a value ("mp:").
Parsed parse_options(const std::vector<std::string>& args, const std::string& spec) {
    Parsed p;
    bool only_words = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (only_words || a.size() < 2 || a[0] != '-') {
            p.words.push_back(a);
            continue;
        }
        if (a == "--") {
            only_words = true;
            continue;
        }
        for (std::size_t j = 1; j < a.size(); ++j) {
            auto at = spec.find(a[j]);
            if (at == std::string::npos || a[j] == ':') {
                p.error = std::string("invalid option -- '") + a[j] + "'";
                return p;
            }
            if (at + 1 < spec.size() && spec[at + 1] == ':') {
                if (j + 1 < a.size()) p.flags[a[j]] = a.substr(j + 1);
                else if (i + 1 < args.size()) p.flags[a[j]] = args[++i];
                else p.error = std::string("option requires an argument -- '") + a[j] + "'";
                break;
            }
            p.flags[a[j]] = "";
        }
        if (!p.error.empty()) return p;
    }
    return p;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        auto nl = text.find('\n', at);
        if (nl == std::string::npos) nl = text.size();
        if (nl > at) out.push_back(text.substr(at, nl - at));
        at = nl + 1;
    }
    return out;
}

struct Run {
    const ClAsk& ask;
    ClStatusOutput o;
    bool human = false;

    ClStatusOutput fail(int code, const std::string& err) {
        o.err += err + "\n";
        o.code = code;
        return o;
    }
    // The request, or nullopt after writing heartbeat's "cannot signon" error (exit 1).
    std::optional<Reply> query(const std::string& req) {
        // The daemon reads one line per request: a line break in an argument would cut it
        // there and answer a different question.
        if (req.find_first_of("\r\n") != std::string::npos) {
            fail(parameter_error, "ERROR: an argument holds a line break");
            return std::nullopt;
        }
        Reply r = ask(req);
        if (!r.reached || r.denied) {
            o.err += "ERROR: Cannot signon with heartbeat\nERROR: REASON: " + r.text + "\n";
            o.code = r.denied ? unknown_error : normal_fail;
            return std::nullopt;
        }
        return r;
    }
    void print(const std::string& s) { o.out += s + "\n"; }

    // Writes one node's links; false (with the error written) when the node is unknown.
    bool links(const std::string& node, bool verbose) {
        auto r = query("listhblinks " + node);
        if (!r) return false;
        if (!r->ok) {
            fail(unknown_error, "ERROR: Cannot start heartbeat link interface walk.\nERROR: REASON: " + r->text);
            return false;
        }
        if (human) print("\tthis node has the following heartbeat links:");
        for (auto& l : lines(r->text)) {
            if (!verbose) {
                print("\t" + l);
                continue;
            }
            auto s = query("linkstatus " + node + " " + l);
            if (!s) return false;
            print("\t" + l + "\t" + (s->ok ? s->text : "dead"));
        }
        return true;
    }
    // "normal" or "ping"; nullopt after an error.
    std::optional<std::string> node_type(const std::string& node) {
        auto r = query("nodetype " + node);
        if (!r) return std::nullopt;
        if (!r->ok) {
            fail(parameter_error, "Error. May be due to incorrect node name");
            return std::nullopt;
        }
        return r->text;
    }
    ClStatusOutput list_nodes(bool normal_only, bool ping_only, bool verbose) {
        if (normal_only && ping_only) normal_only = ping_only = false;   // both = all, as heartbeat
        auto r = query("listnodes");
        if (!r) return o;
        if (!r->ok) return fail(unknown_error, "ERROR: Cannot start node walk.\nERROR: REASON: " + r->text);
        if (human) print("The nodes are as follow:");
        for (auto& n : lines(r->text)) {
            std::string type;
            if (normal_only || ping_only || verbose) {
                auto t = node_type(n);
                if (!t) return o;
                type = *t;
                if ((normal_only && type != "normal") || (ping_only && type != "ping")) continue;
            }
            if (!verbose) {
                print(n);
                continue;
            }
            auto s = query("nodestatus " + n);
            if (!s) return o;
            print("\n" + n + "\t" + s->text + "\t(nodetype: " + type + ")");
            if (!links(n, true)) return o;
        }
        return o;
    }
};

} // namespace

std::string cl_status_usage() {
    return "Usage: cl_status <sub-command> [<options>] [<parameters>]\n"
           "\n"
           "Sub-commands (answered by heartbeatd):\n"
           "hbstatus [-v]                     is heartbeat running on this machine? (exit 0/1)\n"
           "listnodes [-p|-n] [-v]            cluster nodes; -p ping nodes only, -n normal only\n"
           "nodestatus <node>                 active|up|init|dead|ping (exit 0 for active/up/ping)\n"
           "nodetype <node>                   normal|ping\n"
           "listhblinks [-v] <node>           the node's heartbeat links (-v: with status)\n"
           "hblinkstatus <node> <link>        up|dead (exit 0/1)\n"
           "rscstatus                         all|local|foreign|none|transition\n"
           "hbparameter -p <name>             a parameter's value as written in ha.cf\n"
           "Option -m on any sub-command: human-readable sentences.\n"
           "Exit: 0 ok, 1 heartbeat stopped / node or link down / parameter unset,\n"
           "      11 bad parameters, 13 other errors.\n";
}

ClStatusOutput run_cl_status(const std::vector<std::string>& args, const ClAsk& ask) {
    Run run{ask, {}};
    if (args.empty() || (args.size() == 1 && (args[0] == "-h" || args[0] == "--help"))) {
        run.o.out = cl_status_usage();
        return run.o;
    }
    static const std::map<std::string, std::string> kSpec = {
        {"hbstatus", "mv"},   {"listnodes", "mpnv"},   {"nodestatus", "m"}, {"nodetype", "m"},
        {"listhblinks", "mv"}, {"hblinkstatus", "m"}, {"rscstatus", "m"},   {"hbparameter", "mp:"},
        {"nodeweight", "m"},  {"nodesite", "m"},      {"clientstatus", "m"},
    };
    const std::string& cmd = args[0];
    auto spec = kSpec.find(cmd);
    if (spec == kSpec.end()) return run.fail(parameter_error, "ERROR: " + cmd + ": invalid sub-command.");
    auto p = parse_options(args, spec->second);
    if (!p.error.empty()) return run.fail(parameter_error, "cl_status: " + p.error);
    run.human = p.flags.count('m') > 0;
    auto& w = p.words;

    if (cmd == "hbstatus") {
        Reply r = ask("hbstatus");
        if (r.denied) {
            // Not "stopped": it may well run; this user may not ask (root and haclient may).
            return run.fail(unknown_error, "ERROR: Cannot signon with heartbeat\nERROR: REASON: " + r.text);
        }
        if (!r.reached) {
            run.print("Heartbeat is stopped on this machine.");
            run.o.code = normal_fail;
            if (p.flags.count('v')) run.print("(" + r.text + ")");
            return run.o;
        }
        run.print("Heartbeat is running on this machine.");
        if (p.flags.count('v')) {
            run.print("managed by:\t\"haresources\"");
            return run.list_nodes(false, false, true);
        }
        return run.o;
    }
    if (cmd == "listnodes") return run.list_nodes(p.flags.count('n') > 0, p.flags.count('p') > 0, p.flags.count('v') > 0);
    if (cmd == "nodestatus" || cmd == "nodetype") {
        if (w.empty()) return run.fail(parameter_error, "Not enough parameters.");
        auto r = run.query(cmd + " " + w[0]);
        if (!r) return run.o;
        if (!r->ok) return run.fail(parameter_error, "Error. May be due to incorrect node name");
        if (cmd == "nodetype") {
            run.print(run.human ? "The node " + w[0] + "'s type: " + r->text : r->text);
            return run.o;
        }
        run.print(run.human ? "The cluster node " + w[0] + " is " + r->text : r->text);
        bool alive = r->text == "active" || r->text == "up" || r->text == "ping";
        run.o.code = alive ? ok : normal_fail;
        return run.o;
    }
    if (cmd == "listhblinks") {
        if (w.empty()) return run.fail(parameter_error, "No enough parameter.");
        run.links(w[0], p.flags.count('v') > 0);
        return run.o;
    }
    if (cmd == "hblinkstatus") {
        if (w.size() < 2) return run.fail(parameter_error, "No enough parameter.");
        auto r = run.query("linkstatus " + w[0] + " " + w[1]);
        if (!r) return run.o;
        if (!r->ok) return run.fail(unknown_error, "ERROR: Cannot get heartbeat link status\nERROR: REASON: " + r->text);
        run.print(run.human ? "The node " + w[0] + "'s heartbeat link " + w[1] + " is " + r->text : r->text);
        run.o.code = r->text == "up" ? ok : normal_fail;
        return run.o;
    }
    if (cmd == "rscstatus") {
        auto r = run.query("rscstatus");
        if (!r) return run.o;
        if (!r->ok) return run.fail(unknown_error, "ERROR: Cannot get cluster resource status\nERROR: REASON: " + r->text);
        run.print(run.human ? "This node is holding " + r->text + " resources." : r->text);
        return run.o;
    }
    if (cmd == "hbparameter") {
        auto it = p.flags.find('p');
        if (it == p.flags.end() || it->second.empty()) return run.fail(parameter_error, "ERROR: parameter name required");
        auto r = run.query("hbparameter " + it->second);
        if (!r) return run.o;
        if (!r->ok)
            return run.fail(normal_fail, "ERROR: Cannot get parameter " + it->second + "'s value\nERROR: REASON: " + r->text);
        run.print(run.human ? "Heartbeat parameter " + it->second + "'s value: " + r->text : r->text);
        return run.o;
    }
    // nodeweight, nodesite, clientstatus: heartbeat's API has them, heartbeatd does not.
    return run.fail(unknown_error, "ERROR: " + cmd + ": not supported by heartbeatd");
}

} // namespace hb::daemon
