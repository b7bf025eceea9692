// Pure pieces of the heartbeatd shell: drop counting, generation file format, UUCP locks,
// control queries and the command line.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <map>

#include "heartbeatd/daemon/command_line.hpp"
#include "heartbeatd/daemon/control_query.hpp"
#include "heartbeatd/daemon/drop_counter.hpp"
#include "heartbeatd/daemon/generation.hpp"
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>
#include <iterator>
#include "heartbeatd/media/ping_nonces.hpp"
#include "heartbeatd/media/uucp_lock.hpp"

using namespace hb::daemon;
using namespace std::chrono_literals;
using hb::membership::NodeStatus;

BOOST_AUTO_TEST_SUITE(hb_daemon_misc)

BOOST_AUTO_TEST_CASE(drop_counter_rate_limits_per_cause) {
    DropCounter d(10000ms);
    BOOST_TEST(d.drop(DropCause::bad_signature, "x", 0ms).has_value());
    BOOST_TEST(!d.drop(DropCause::bad_signature, "x", 100ms).has_value());
    BOOST_TEST(!d.drop(DropCause::bad_signature, "x", 9999ms).has_value());
    BOOST_TEST(d.drop(DropCause::replay, "y", 200ms).has_value());   // other cause, own budget
    auto again = d.drop(DropCause::bad_signature, "x", 10000ms);
    BOOST_REQUIRE(again.has_value());
    BOOST_TEST(again->find("(2 more suppressed)") != std::string::npos);
    BOOST_TEST(d.count(DropCause::bad_signature) == 4u);
    BOOST_TEST(d.total() == 5u);
    BOOST_TEST(d.summary().find("bad_signature=4") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(generation_file_format_matches_heartbeat) {
    BOOST_TEST(format_generation(1795315932) == "     1795315932\n");
    BOOST_TEST(format_generation(7).size() == 16u);
    BOOST_TEST(parse_generation("     1795315932\n").value_or(0) == 1795315932u);
    BOOST_TEST(!parse_generation("").has_value());
    BOOST_TEST(!parse_generation("12x\n").has_value());
    using hb::config::GenMethod;
    BOOST_TEST(next_generation(GenMethod::file, std::nullopt, 1000) == 1001u);
    BOOST_TEST(next_generation(GenMethod::file, 5, 1000) == 6u);
    BOOST_TEST(next_generation(GenMethod::time, 5, 1000) == 1000u);
    BOOST_TEST(next_generation(GenMethod::time, 2000, 1000) == 2001u);   // clock went back
}

BOOST_AUTO_TEST_CASE(uucp_lock_names_and_pids) {
    BOOST_TEST(hb::media::uucp_lock_path("/var/lock", "/dev/ttyS0") == "/var/lock/LCK..ttyS0");
    BOOST_TEST(hb::media::uucp_lock_path("/l", "ttyUSB1") == "/l/LCK..ttyUSB1");
    BOOST_TEST(hb::media::format_lock_pid(1234) == "      1234\n");
    BOOST_TEST(hb::media::parse_lock_pid("      1234\n") == 1234);
    BOOST_TEST(hb::media::parse_lock_pid("garbage") == 0);
}

BOOST_AUTO_TEST_CASE(ping_reply_counts_once_and_only_for_a_recent_echo) {
    hb::media::PingNonces n;
    n.sent("10.0.0.254", 7);
    BOOST_TEST(n.take("10.0.0.254", 7));
    BOOST_TEST(!n.take("10.0.0.254", 7));   // the same signed reply replayed
    BOOST_TEST(!n.take("10.0.0.253", 7));   // another ping node's
    BOOST_TEST(!n.take("10.0.0.254", 99));  // never sent
    for (std::uint64_t i = 10; i < 10 + hb::media::PingNonces::kRounds + 1; ++i) n.sent("10.0.0.254", i);
    BOOST_TEST(!n.take("10.0.0.254", 10));  // too many rounds ago: stale
    BOOST_TEST(n.take("10.0.0.254", 10 + hb::media::PingNonces::kRounds));
}

BOOST_AUTO_TEST_CASE(uucp_lock_never_follows_planted_symlinks) {
    // The lock directory is world-writable: an attacker plants symlinks at every name the old
    // code would open (its temp name was predictable: TMP.heartbeatd.<pid>) and at the lock.
    char tmpl[] = "/tmp/uucp-lock-test-XXXXXX";
    std::string dir = ::mkdtemp(tmpl);
    std::string victim = dir + "/victim";
    std::ofstream(victim) << "precious\n";
    std::filesystem::create_symlink(victim, dir + "/TMP.heartbeatd." + std::to_string(::getpid()));
    ::mkfifo((dir + "/LCK..ttyS9").c_str(), 0600);   // a FIFO as the lock: must not block us
    {
        hb::media::UucpLock lock;
        std::string error;
        bool ok = lock.acquire(dir, "/dev/ttyS9", error);
        BOOST_TEST(ok, error);   // the FIFO holds no live pid: taken over as stale
        std::ifstream lck(dir + "/LCK..ttyS9");
        std::string text((std::istreambuf_iterator<char>(lck)), std::istreambuf_iterator<char>());
        BOOST_TEST(hb::media::parse_lock_pid(text) == ::getpid());
    }
    std::filesystem::create_symlink(victim, dir + "/LCK..ttyS8");
    {
        hb::media::UucpLock lock;
        std::string error;
        (void)lock.acquire(dir, "/dev/ttyS8", error);
    }
    std::ifstream in(victim);
    std::string text;
    in >> text;
    BOOST_TEST(text == "precious");
    std::filesystem::remove_all(dir);
}

namespace {
struct FakeView : ClusterView {
    std::map<std::string, NodeStatus> st{{"nodea", NodeStatus::active}, {"nodeb", NodeStatus::dead}};
    std::string last_standby;
    std::vector<std::string> nodes() const override { return {"nodea", "nodeb"}; }
    std::vector<std::string> ping_nodes() const override { return {"10.0.0.254"}; }
    NodeStatus node_status(const std::string& n) const override {
        auto it = st.find(n);
        return it == st.end() ? NodeStatus::ping : it->second;
    }
    std::vector<std::string> links(const std::string&) const override { return {"eth0", "/dev/ttyS0"}; }
    std::optional<bool> link_up(const std::string&, const std::string& l) const override {
        if (l == "eth0") return true;
        if (l == "/dev/ttyS0") return false;
        return std::nullopt;
    }
    std::string rsc_status() const override { return "local"; }
    std::optional<std::string> parameter(const std::string& n) const override {
        if (n == "deadtime") return std::string("6");
        return std::nullopt;
    }
    std::string counters() const override { return "dropped malformed=0"; }
    std::string standby(const std::string& w) override { last_standby = w; return ""; }
    std::string takeover(const std::string&) override { return "peer is dead"; }
};
Reply ask(FakeView& v, const std::string& line) { return answer(split_words(line), v); }
} // namespace

BOOST_AUTO_TEST_CASE(control_queries_like_cl_status) {
    FakeView v;
    BOOST_TEST(ask(v, "hbstatus").text == "Heartbeat is running on this machine.");
    BOOST_TEST(ask(v, "listnodes").text == "nodea\nnodeb\n10.0.0.254");
    BOOST_TEST(ask(v, "nodestatus nodeb").text == "dead");
    BOOST_TEST(ask(v, "nodestatus NODEA").text == "active");   // names are case-insensitive
    BOOST_TEST(!ask(v, "nodestatus nodez").ok);
    BOOST_TEST(ask(v, "nodetype 10.0.0.254").text == "ping");
    BOOST_TEST(ask(v, "nodetype nodea").text == "normal");
    BOOST_TEST(ask(v, "linkstatus nodeb eth0").text == "up");
    BOOST_TEST(ask(v, "hblinkstatus nodeb /dev/ttyS0").text == "dead");
    BOOST_TEST(!ask(v, "linkstatus nodeb eth9").ok);
    BOOST_TEST(ask(v, "listhblinks nodeb").text == "eth0\n/dev/ttyS0");
    BOOST_TEST(ask(v, "rscstatus").text == "local");
    BOOST_TEST(ask(v, "hbparameter -p deadtime").text == "6");
    BOOST_TEST(!ask(v, "hbparameter keepalive").ok);
    BOOST_TEST(ask(v, "standby").ok);
    BOOST_TEST(v.last_standby == "all");
    BOOST_TEST(ask(v, "standby failback").ok);
    BOOST_TEST(v.last_standby == "foreign");
    BOOST_TEST(!ask(v, "standby everything").ok);
    auto t = ask(v, "takeover local");
    BOOST_TEST(!t.ok);
    BOOST_TEST(t.text == "takeover refused: peer is dead");
    BOOST_TEST(!ask(v, "").ok);
    BOOST_TEST(!ask(v, "reboot now").ok);
}

BOOST_AUTO_TEST_CASE(reply_wire_form_round_trips) {
    auto r = decode_reply(encode_reply({true, "a\nb"}));
    BOOST_TEST(r.ok);
    BOOST_TEST(r.text == "a\nb");
    auto e = decode_reply(encode_reply({false, "nope"}));
    BOOST_TEST(!e.ok);
    BOOST_TEST(e.text == "nope");
    BOOST_TEST(!decode_reply("").ok);
}

namespace {
ParseResult parse(std::vector<std::string> a, std::map<std::string, std::string> env = {}) {
    return parse_command_line(a, [&](const char* n) -> std::optional<std::string> {
        auto it = env.find(n);
        if (it == env.end()) return std::nullopt;
        return it->second;
    });
}
} // namespace

BOOST_AUTO_TEST_CASE(command_line_follows_heartbeat_flags) {
    auto p = parse({});
    BOOST_REQUIRE(p.cmd);
    BOOST_TEST(int(p.cmd->action) == int(CommandLine::Action::start));
    BOOST_TEST(p.cmd->config_dir == "/etc/ha.d");
    BOOST_TEST(p.cmd->pid_file == "/var/run/heartbeat.pid");
    BOOST_TEST(int(parse({"-k"}).cmd->action) == int(CommandLine::Action::stop));
    BOOST_TEST(int(parse({"-r"}).cmd->action) == int(CommandLine::Action::reload));
    BOOST_TEST(int(parse({"-s"}).cmd->action) == int(CommandLine::Action::status));
    BOOST_TEST(int(parse({"-v"}).cmd->action) == int(CommandLine::Action::version));
    auto d = parse({"-dd", "-f", "-l"});
    BOOST_TEST(d.cmd->debug == 2);
    BOOST_TEST(d.cmd->foreground);
    BOOST_TEST(d.cmd->no_realtime);
    auto c = parse({"-c", "/tmp/n1/etc", "-S/tmp/n1/var", "-p", "/tmp/n1/pid"});
    BOOST_TEST(c.cmd->config_dir == "/tmp/n1/etc");
    BOOST_TEST(c.cmd->state_dir == "/tmp/n1/var");
    BOOST_TEST(c.cmd->control_socket() == "/tmp/n1/var/heartbeatd.sock");
    auto e = parse({}, {{"HA_DIR", "/x"}, {"HA_PIDFILE", "/y.pid"}});
    BOOST_TEST(e.cmd->config_dir == "/x");
    BOOST_TEST(e.cmd->pid_file == "/y.pid");
    BOOST_TEST(parse({"-c", "/a"}, {{"HA_DIR", "/x"}}).cmd->config_dir == "/a");   // flag wins
    BOOST_TEST(!parse({"-k", "-s"}).cmd);
    BOOST_TEST(!parse({"-q"}).cmd);
    BOOST_TEST(!parse({"-c"}).cmd);
    BOOST_TEST(!parse({"bogus"}).cmd);
    auto q = parse({"-S", "/v", "status", "nodestatus", "nodeb"});
    BOOST_TEST(int(q.cmd->action) == int(CommandLine::Action::query));
    BOOST_TEST(q.cmd->query == (std::vector<std::string>{"nodestatus", "nodeb"}));
    BOOST_TEST(q.cmd->state_dir == "/v");
    BOOST_TEST(parse({"status"}).cmd->query == (std::vector<std::string>{"hbstatus"}));
    BOOST_TEST(parse({"standby", "local"}).cmd->query == (std::vector<std::string>{"standby", "local"}));
    BOOST_TEST(parse({"takeover"}).cmd->query == (std::vector<std::string>{"takeover"}));
}

BOOST_AUTO_TEST_SUITE_END()

#include "heartbeatd/media/icmp_pinger.hpp"

BOOST_AUTO_TEST_SUITE(hb_icmp)

BOOST_AUTO_TEST_CASE(echo_request_checksum_and_reply_parsing) {
    auto req = hb::media::make_echo_request(0x1234, 7, "hello");
    BOOST_TEST(req.size() == 13u);
    BOOST_TEST(int(std::uint8_t(req[0])) == 8);
    BOOST_TEST(hb::media::inet_checksum(req) == 0);   // a correct checksum sums to zero
    // RFC 1071 example words 0001 f203 f4f5 f6f7 -> checksum 0x220d.
    std::string w("\x00\x01\xf2\x03\xf4\xf5\xf6\xf7", 8);
    BOOST_TEST(hb::media::inet_checksum(w) == 0x220d);
    // A reply: 20-byte IP header, then type 0 and the same id.
    std::string ip(20, '\0');
    ip[0] = 0x45;
    std::string reply = req;
    reply[0] = 0;
    BOOST_TEST(hb::media::echo_reply_payload(ip + reply, 0x1234) == "hello");
    BOOST_TEST(hb::media::echo_reply_payload(ip + reply, 0x9999).empty());   // someone else's
    BOOST_TEST(hb::media::echo_reply_payload(ip + req, 0x1234).empty());     // a request
    BOOST_TEST(hb::media::echo_reply_payload("short", 0x1234).empty());
}

BOOST_AUTO_TEST_SUITE_END()

#include "heartbeatd/daemon/local_fifo.hpp"

BOOST_AUTO_TEST_SUITE(hb_fifo)

BOOST_AUTO_TEST_CASE(fifo_messages_are_classified_like_heartbeat) {
    hb::wire::Message standby;
    standby.add("t", "ask_resources").add("rsc_hold", "foreign").add("info", "me");
    auto r = classify_fifo_message(standby);
    BOOST_TEST(int(r.kind) == int(FifoRequest::Kind::standby));
    BOOST_TEST(r.set == "foreign");
    hb::wire::Message take;
    take.add("t", "hb_takeover").add("rsc_hold", "failback");
    BOOST_TEST(int(classify_fifo_message(take).kind) == int(FifoRequest::Kind::takeover));
    hb::wire::Message other;
    other.add("t", "resource").add("rsc_hold", "foreign").add("info", "mach_down").add("src", "forged").add("seq", "9");
    auto o = classify_fifo_message(other);
    BOOST_TEST(int(o.kind) == int(FifoRequest::Kind::cluster_message));
    BOOST_TEST(o.message.size() == 3u);   // src and seq are the daemon's to set
    BOOST_TEST(!o.message.has("src"));
    BOOST_TEST(int(classify_fifo_message(hb::wire::Message{}).kind) == int(FifoRequest::Kind::ignore));
}

BOOST_AUTO_TEST_SUITE_END()
