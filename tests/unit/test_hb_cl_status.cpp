#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <map>

#include "heartbeatd/daemon/cl_status.hpp"
#include "heartbeatd/daemon/command_line.hpp"

using namespace hb::daemon;

namespace {

// A daemon that answers from a table; anything else is an ERR, like the control socket.
struct FakeDaemon {
    bool running = true;
    std::map<std::string, std::string> answers = {
        {"hbstatus", "Heartbeat is running on this machine."},
        {"listnodes", "alpha\nbeta\n10.0.0.254"},
        {"nodestatus alpha", "active"},
        {"nodestatus beta", "dead"},
        {"nodestatus 10.0.0.254", "ping"},
        {"nodetype alpha", "normal"},
        {"nodetype beta", "normal"},
        {"nodetype 10.0.0.254", "ping"},
        {"listhblinks alpha", "eth0\neth1"},
        {"listhblinks beta", "eth0"},
        {"listhblinks 10.0.0.254", "10.0.0.254"},
        {"linkstatus alpha eth0", "up"},
        {"linkstatus alpha eth1", "up"},
        {"linkstatus beta eth0", "dead"},
        {"linkstatus 10.0.0.254 10.0.0.254", "up"},
        {"rscstatus", "local"},
        {"hbparameter deadtime", "6"},
    };
    std::vector<std::string> asked;

    ClStatusOutput run(std::vector<std::string> args) {
        return run_cl_status(args, [this](const std::string& req) {
            asked.push_back(req);
            if (!running) return Reply{false, "cannot reach heartbeatd at /x: No such file or directory", false};
            auto it = answers.find(req);
            if (it == answers.end()) return Reply{false, "unknown node: x"};
            return Reply{true, it->second};
        });
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(hb_cl_status)

BOOST_AUTO_TEST_CASE(hbstatus_running_and_stopped) {
    FakeDaemon d;
    auto r = d.run({"hbstatus"});
    BOOST_TEST(r.out == "Heartbeat is running on this machine.\n");
    BOOST_TEST(r.code == 0);
    d.running = false;
    r = d.run({"hbstatus"});
    BOOST_TEST(r.out == "Heartbeat is stopped on this machine.\n");
    BOOST_TEST(r.code == 1);
    BOOST_TEST(r.err.empty());
}

BOOST_AUTO_TEST_CASE(stopped_daemon_fails_other_commands_with_1) {
    FakeDaemon d;
    d.running = false;
    for (auto cmd : {"listnodes", "rscstatus"}) {
        auto r = d.run({cmd});
        BOOST_TEST(r.code == 1);
        BOOST_TEST(r.out.empty());
        BOOST_TEST(r.err.find("Cannot signon with heartbeat") != std::string::npos);
    }
    BOOST_TEST(d.run({"nodestatus", "alpha"}).code == 1);
}

BOOST_AUTO_TEST_CASE(nodestatus_words_and_exit_codes) {
    FakeDaemon d;
    auto a = d.run({"nodestatus", "alpha"});
    BOOST_TEST(a.out == "active\n");
    BOOST_TEST(a.code == 0);
    auto b = d.run({"nodestatus", "beta"});
    BOOST_TEST(b.out == "dead\n");
    BOOST_TEST(b.code == 1);
    auto p = d.run({"nodestatus", "10.0.0.254"});
    BOOST_TEST(p.out == "ping\n");
    BOOST_TEST(p.code == 0);
    auto u = d.run({"nodestatus", "nosuch"});
    BOOST_TEST(u.code == 11);
    BOOST_TEST(u.out.empty());
    BOOST_TEST(u.err == "Error. May be due to incorrect node name\n");
    BOOST_TEST(d.run({"nodestatus"}).code == 11);
    BOOST_TEST(d.run({"nodestatus", "-m", "alpha"}).out == "The cluster node alpha is active\n");
}

BOOST_AUTO_TEST_CASE(listnodes_filters) {
    FakeDaemon d;
    BOOST_TEST(d.run({"listnodes"}).out == "alpha\nbeta\n10.0.0.254\n");
    BOOST_TEST(d.run({"listnodes", "-n"}).out == "alpha\nbeta\n");
    BOOST_TEST(d.run({"listnodes", "-p"}).out == "10.0.0.254\n");
    BOOST_TEST(d.run({"listnodes", "-p", "-n"}).out == "alpha\nbeta\n10.0.0.254\n");   // both = all
    BOOST_TEST(d.run({"listnodes", "-pn"}).out == "alpha\nbeta\n10.0.0.254\n");
    BOOST_TEST(d.run({"listnodes", "-x"}).code == 11);
}

BOOST_AUTO_TEST_CASE(listnodes_verbose) {
    FakeDaemon d;
    auto r = d.run({"listnodes", "-v", "-n"});
    BOOST_TEST(r.out == "\nalpha\tactive\t(nodetype: normal)\n\teth0\tup\n\teth1\tup\n"
                        "\nbeta\tdead\t(nodetype: normal)\n\teth0\tdead\n");
}

BOOST_AUTO_TEST_CASE(links) {
    FakeDaemon d;
    BOOST_TEST(d.run({"listhblinks", "alpha"}).out == "\teth0\n\teth1\n");
    BOOST_TEST(d.run({"listhblinks", "-v", "beta"}).out == "\teth0\tdead\n");
    BOOST_TEST(d.run({"listhblinks", "nosuch"}).code == 13);
    BOOST_TEST(d.run({"listhblinks"}).code == 11);
    auto up = d.run({"hblinkstatus", "alpha", "eth0"});
    BOOST_TEST(up.out == "up\n");
    BOOST_TEST(up.code == 0);
    auto dead = d.run({"hblinkstatus", "beta", "eth0"});
    BOOST_TEST(dead.out == "dead\n");
    BOOST_TEST(dead.code == 1);
    BOOST_TEST(d.run({"hblinkstatus", "beta", "eth9"}).code == 13);
    BOOST_TEST(d.run({"hblinkstatus", "beta"}).code == 11);
    BOOST_TEST(d.asked.back() != "hblinkstatus beta");   // never sent a malformed request
}

BOOST_AUTO_TEST_CASE(nodetype_rscstatus_hbparameter) {
    FakeDaemon d;
    BOOST_TEST(d.run({"nodetype", "10.0.0.254"}).out == "ping\n");
    BOOST_TEST(d.run({"nodetype", "alpha"}).out == "normal\n");
    BOOST_TEST(d.run({"nodetype", "nosuch"}).code == 11);
    auto r = d.run({"rscstatus"});
    BOOST_TEST(r.out == "local\n");
    BOOST_TEST(r.code == 0);
    BOOST_TEST(d.run({"rscstatus", "-m"}).out == "This node is holding local resources.\n");
    BOOST_TEST(d.run({"hbparameter", "-p", "deadtime"}).out == "6\n");
    BOOST_TEST(d.run({"hbparameter", "-pdeadtime"}).out == "6\n");
    auto unset = d.run({"hbparameter", "-p", "udpport"});
    BOOST_TEST(unset.code == 1);
    BOOST_TEST(unset.out.empty());
    BOOST_TEST(d.run({"hbparameter"}).code == 11);
    BOOST_TEST(d.run({"hbparameter", "-p"}).code == 11);
}

BOOST_AUTO_TEST_CASE(help_and_bad_subcommand) {
    FakeDaemon d;
    auto h = d.run({});
    BOOST_TEST(h.code == 0);
    BOOST_TEST(h.out.find("Usage: cl_status") == 0u);
    BOOST_TEST(d.run({"-h"}).code == 0);
    BOOST_TEST(d.asked.empty());
    auto bad = d.run({"frobnicate"});
    BOOST_TEST(bad.code == 11);
    BOOST_TEST(bad.err.find("frobnicate: invalid sub-command.") != std::string::npos);
    BOOST_TEST(d.run({"clientstatus", "alpha", "ipfail"}).code == 13);
}

BOOST_AUTO_TEST_CASE(command_line_cl_status_takes_every_later_word) {
    auto p = parse_command_line({"-S", "/tmp/s", "cl_status", "hbparameter", "-p", "deadtime"},
                                [](const char*) -> std::optional<std::string> { return std::nullopt; });
    BOOST_REQUIRE(p.cmd);
    BOOST_TEST(int(p.cmd->action) == int(CommandLine::Action::cl_status));
    BOOST_TEST(p.cmd->state_dir == "/tmp/s");
    BOOST_TEST(p.cmd->query == (std::vector<std::string>{"hbparameter", "-p", "deadtime"}));
    auto e = parse_command_line({"cl_status"}, [](const char*) -> std::optional<std::string> { return "/v"; });
    BOOST_REQUIRE(e.cmd);
    BOOST_TEST(e.cmd->state_dir == "/v");   // HA_VARLIB, as the symlinked tool sees it
    BOOST_TEST(e.cmd->query.empty());
    BOOST_TEST(!parse_command_line({"-k", "cl_status"}, [](const char*) -> std::optional<std::string> { return std::nullopt; }).cmd);
}

// Found by tests/fuzz: "nodestatus alpha\nx" went out as one request; the daemon reads up to the
// line break, so the answer was about another question than the one asked.
BOOST_AUTO_TEST_CASE(line_break_in_an_argument_is_a_parameter_error) {
    FakeDaemon d;
    auto r = d.run({"nodestatus", "alpha\nhbstatus"});
    BOOST_TEST(r.code == cl_exit::parameter_error);
    BOOST_TEST(r.err.find("line break") != std::string::npos);
    BOOST_TEST(d.asked.empty());
    BOOST_TEST(d.run({"hblinkstatus", "alpha", "eth0\r"}).code == cl_exit::parameter_error);
}

BOOST_AUTO_TEST_SUITE_END()
