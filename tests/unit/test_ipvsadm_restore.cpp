// One `ipvsadm -R` per sync: the script written from the ops, the per-op verdicts read back
// from the table, and what IpvsadmKernel::apply reports when a stand-in tool refuses lines
// (and goes on, as ipvsadm does for a kernel error) or stops at one (as its parser does).
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <thread>

#include "directord/ipvs/ipvsadm_kernel.hpp"
#include "directord/ipvs/ipvsadm_parse.hpp"
#include "directord/ipvs/ipvsadm_restore.hpp"

#include "tests/unit/ipvs_fixtures.hpp"

using namespace ipvs;

namespace {

using ipvs_fixtures::tcp;

Dest dest(const char* ip, std::uint16_t port, int weight, Fwd fwd = Fwd::masq) {
    return ipvs_fixtures::dest(ip, port, weight, fwd);
}

Op add_dest(const ServiceKey& s, const char* ip, int weight = 1) { return {Op::add_dest, s, {}, dest(ip, 80, weight)}; }

ServiceOpts sched(const char* name) {
    ServiceOpts o;
    o.scheduler = name;
    return o;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ipvsadm_restore)

BOOST_AUTO_TEST_CASE(script_has_one_save_style_line_per_op_in_order) {
    auto web = tcp("10.0.0.1", 80);
    auto v6 = tcp("2001:db8::1", 443);
    ServiceKey mark;
    mark.fwmark = 7;
    mark.protocol = 0;
    ServiceOpts persistent = sched("wlc");
    persistent.flags = kFlagPersistent;
    persistent.timeout = 600;
    persistent.netmask = 64;   // IPv6: a prefix length
    Dest thr = dest("10.1.0.3", 80, 2, Fwd::route);
    thr.u_threshold = 100;
    thr.l_threshold = 10;
    std::vector<Op> ops = {
        {Op::del_service, tcp("10.0.0.9", 80), sched("wrr"), {}},
        {Op::add_service, web, sched("wrr"), {}},
        {Op::edit_service, v6, persistent, {}},
        add_dest(web, "10.1.0.1"),
        {Op::edit_dest, web, {}, thr},
        {Op::del_dest, web, {}, dest("10.1.0.2", 80, 0)},
        {Op::add_dest, v6, {}, Dest{{*ha::Address::parse("2001:db8::10"), 443}, Fwd::masq, 0, 0, 0}},
        {Op::add_service, mark, sched("rr"), {}},
        {Op::add_dest, mark, {}, dest("10.1.0.9", 0, 5, Fwd::tunnel)},
    };
    std::string want =
        "-D -t 10.0.0.9:80\n"
        "-A -t 10.0.0.1:80 -s wrr\n"
        "-E -t [2001:db8::1]:443 -s wlc -p 600 -M 64\n"
        "-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1\n"
        "-e -t 10.0.0.1:80 -r 10.1.0.3:80 -g -w 2 -x 100 -y 10\n"
        "-d -t 10.0.0.1:80 -r 10.1.0.2:80\n"
        "-a -t [2001:db8::1]:443 -r [2001:db8::10]:443 -m -w 0\n"
        "-A -f 7 -s rr\n"
        "-a -f 7 -r 10.1.0.9:0 -i -w 5\n";
    BOOST_TEST(restore_script(ops) == want);
    std::vector<std::size_t> some = {1, 3};
    BOOST_TEST(restore_script(ops, some) == "-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1\n");
    BOOST_TEST(restore_script(std::span<const Op>()).empty());
    // Every line reads back through the same parser as `ipvsadm -S -n` output (adds only).
    Table t = parse_save("-A -t 10.0.0.1:80 -s wrr\n-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1\n");
    BOOST_TEST(t.at(web).dests.size() == 1u);
}

BOOST_AUTO_TEST_CASE(verdicts_compare_each_op_with_the_table_read_back) {
    auto web = tcp("10.0.0.1", 80);
    Table after = parse_save("-A -t 10.0.0.1:80 -s wrr\n"
                             "-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1\n"
                             "-a -t 10.0.0.1:80 -r 10.1.0.2:80 -m -w 0\n");
    std::vector<Op> ops = {
        {Op::add_service, web, sched("wrr"), {}},            // there
        add_dest(web, "10.1.0.1"),                            // there
        add_dest(web, "10.1.0.3"),                            // missing
        {Op::edit_dest, web, {}, dest("10.1.0.2", 80, 5)},    // weight still 0
        {Op::del_dest, web, {}, dest("10.1.0.4", 80, 1)},     // gone (never there)
        {Op::del_dest, web, {}, dest("10.1.0.1", 80, 1)},     // still there... but see below
        {Op::del_service, tcp("10.0.0.2", 80), sched("wrr"), {}},   // gone
        {Op::edit_service, web, sched("rr"), {}},             // scheduler still wrr
    };
    auto v = ops_in_effect(after, ops);
    BOOST_TEST(v.size() == ops.size());
    BOOST_TEST(v[0] == true);    // the service is there with the options it was added with
    BOOST_TEST(v[1] == true);    // added (the later delete of it was not done)
    BOOST_TEST(v[2] == false);
    BOOST_TEST(v[3] == false);
    BOOST_TEST(v[4] == true);
    BOOST_TEST(v[5] == false);
    BOOST_TEST(v[6] == true);
    BOOST_TEST(v[7] == false);
}

BOOST_AUTO_TEST_CASE(a_recreated_service_is_judged_by_its_re_add) {
    // A persistence engine change deletes and re-adds the service in one batch.
    auto sip = tcp("10.0.0.5", 5060);
    ServiceOpts old_opts = sched("rr"), new_opts = sched("rr");
    new_opts.flags = kFlagPersistent;
    new_opts.timeout = 300;
    std::vector<Op> ops = {{Op::del_service, sip, old_opts, {}}, {Op::add_service, sip, new_opts, {}}, add_dest(sip, "10.1.0.1")};
    Table done = parse_save("-A -t 10.0.0.5:5060 -s rr -p 300\n-a -t 10.0.0.5:5060 -r 10.1.0.1:80 -m -w 1\n");
    auto v = ops_in_effect(done, ops);
    BOOST_TEST((v == std::vector<bool>{true, true, true}), boost::test_tools::per_element());
    Table untouched = parse_save("-A -t 10.0.0.5:5060 -s rr\n");
    v = ops_in_effect(untouched, ops);
    BOOST_TEST((v == std::vector<bool>{false, false, false}), boost::test_tools::per_element());
    // Deleted, but the re-add was refused: only the delete is done (a retry must not redo it).
    v = ops_in_effect(Table{}, ops);
    BOOST_TEST((v == std::vector<bool>{true, false, false}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(stderr_lines_are_trimmed_and_blank_ones_dropped) {
    auto l = error_lines("Destination already exists\n\n  No such service \r\nlast without newline");
    BOOST_TEST(l.size() == 3u);
    BOOST_TEST(l[0] == "Destination already exists");
    BOOST_TEST(l[1] == "No such service");
    BOOST_TEST(l[2] == "last without newline");
    BOOST_TEST(error_lines("").empty());
    BOOST_TEST(error_lines("\n \n").empty());
}

namespace {

// A stand-in ipvsadm (a shell script) over a text table in its directory. Changes are
// lines of `-S -n` output kept in `state`. A line naming 10.1.0.77 is refused like a kernel
// error (message, next line); one naming 10.1.0.66 like a parser error (message, exit 2,
// later lines never read). -R's status is the last line's, as ipvsadm's is.
struct FakeTool {
    std::string dir, path;
    FakeTool() {
        char tmpl[] = "/tmp/ipvsadm-restore.XXXXXX";
        dir = ::mkdtemp(tmpl);
        path = dir + "/ipvsadm";
        std::ofstream(dir + "/state") << "-A -t 10.0.0.1:80 -s wrr\n";
        std::ofstream f(path);
        f << "#!/bin/sh\n"
             "D=" << dir << "\n"
             "echo \"$*\" >> $D/calls\n"
             "change() {\n"
             "  case \"$*\" in\n"
             "    *10.1.0.66*) echo 'Illegal real server address' >&2; exit 2 ;;\n"
             "    *10.1.0.77*) echo 'Destination already exists' >&2; return 255 ;;\n"
             "    -a*) echo \"$*\" >> $D/state ;;\n"
             "  esac\n"
             "  return 0\n"
             "}\n"
             "case \"$1\" in\n"
             "  -S) cat $D/state ;;\n"
             "  -L) echo 'IP Virtual Server version 1.2.1 (size=4096)' ;;\n"
             "  -R) rc=0; while read -r line; do [ -n \"$line\" ] || continue; change $line; rc=$?; done; exit $rc ;;\n"
             "  *) change \"$@\" ;;\n"
             "esac\n";
        f.close();
        ::chmod(path.c_str(), 0755);
    }
    ~FakeTool() { std::system(("rm -rf " + dir).c_str()); }
    std::vector<std::string> calls() const {
        std::ifstream in(dir + "/calls");
        std::vector<std::string> out;
        for (std::string l; std::getline(in, l);) out.push_back(l);
        return out;
    }
    Table table() const {
        std::ifstream in(dir + "/state");
        std::stringstream ss;
        ss << in.rdbuf();
        return parse_save(ss.str());
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(a_sync_is_one_restore_run) {
    FakeTool fake;
    IpvsadmKernel k(fake.path, std::chrono::seconds(60));
    auto web = tcp("10.0.0.1", 80);
    std::vector<Op> ops = {add_dest(web, "10.1.0.1"), add_dest(web, "10.1.0.2"), add_dest(web, "10.1.0.3", 0)};
    auto r = k.apply(ops);
    BOOST_TEST(r.size() == 3u);
    for (const auto& x : r) BOOST_TEST(x.err == 0);
    BOOST_TEST((fake.calls() == std::vector<std::string>{"-R"}), boost::test_tools::per_element());
    BOOST_TEST(fake.table().at(web).dests.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_refused_line_fails_alone_and_the_others_stay_done) {
    FakeTool fake;
    IpvsadmKernel k(fake.path, std::chrono::seconds(60));
    auto web = tcp("10.0.0.1", 80);
    // The refused line is in the middle: -R's exit status (the last line's) is 0.
    std::vector<Op> ops = {add_dest(web, "10.1.0.1"), add_dest(web, "10.1.0.77"), add_dest(web, "10.1.0.2")};
    auto r = k.apply(ops);
    BOOST_TEST(r.at(0).err == 0);
    BOOST_TEST(r.at(1).err == EEXIST);
    BOOST_TEST(r.at(1).message == "Destination already exists");
    BOOST_TEST(r.at(2).err == 0);
    // -R, then the table read back (-S, -L) told which op the one message belongs to: no retry.
    BOOST_TEST((fake.calls() == std::vector<std::string>{"-R", "-S -n", "-L -n --thresholds"}), boost::test_tools::per_element());
    BOOST_TEST(fake.table().at(web).dests.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_line_that_stops_the_tool_does_not_lose_the_lines_after_it) {
    FakeTool fake;
    IpvsadmKernel k(fake.path, std::chrono::seconds(60));
    auto web = tcp("10.0.0.1", 80);
    std::vector<Op> ops = {add_dest(web, "10.1.0.1"), add_dest(web, "10.1.0.66"), add_dest(web, "10.1.0.77"),
                           add_dest(web, "10.1.0.2"), add_dest(web, "10.1.0.3")};
    auto r = k.apply(ops);
    BOOST_TEST(r.at(0).err == 0);
    BOOST_TEST(r.at(1).err == EINVAL);
    BOOST_TEST(r.at(1).message == "Illegal real server address");
    BOOST_TEST(r.at(2).err == EEXIST);
    BOOST_TEST(r.at(2).message == "Destination already exists");
    BOOST_TEST(r.at(3).err == 0);
    BOOST_TEST(r.at(4).err == 0);
    auto t = fake.table().at(web).dests;
    BOOST_TEST(t.size() == 3u);
    BOOST_TEST(t.count(DestKey{*ha::Address::parse("10.1.0.3"), 80}) == 1u);
    // Split and retried: no op applied twice, no op run alone unless it had to be.
    auto calls = fake.calls();
    int restores = 0, singles = 0;
    for (const auto& c : calls) {
        restores += c == "-R";
        singles += c.rfind("-a ", 0) == 0;
    }
    BOOST_TEST(restores >= 2);
    BOOST_TEST(singles <= 2);
    BOOST_TEST(calls.size() <= 12u);
}

BOOST_AUTO_TEST_CASE(a_table_that_cannot_be_read_back_fails_every_op_with_the_reason) {
    FakeTool fake;
    IpvsadmKernel k(fake.path, std::chrono::seconds(60));
    std::ofstream(fake.path) << "#!/bin/sh\necho 'Can'\"'\"'t initialize ipvs: Protocol not available' >&2\nexit 2\n";
    auto web = tcp("10.0.0.1", 80);
    std::vector<Op> ops = {add_dest(web, "10.1.0.1"), add_dest(web, "10.1.0.2")};
    auto r = k.apply(ops);
    for (const auto& x : r) {
        BOOST_TEST(x.err == ENOPROTOOPT);
        BOOST_TEST(x.message.find("Can't initialize ipvs: Protocol not available") == 0u);
        BOOST_TEST(x.message.find("cannot be read back") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(the_script_reaches_the_tool_whole_even_when_large) {
    // More than a pipe's buffer (64 KB): written while the tool reads.
    FakeTool fake;
    IpvsadmKernel k(fake.path, std::chrono::seconds(60));
    auto web = tcp("10.0.0.1", 80);
    std::vector<Op> ops;
    for (int i = 0; i < 2000; ++i) {
        std::string ip = "10.2." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
        ops.push_back({Op::add_dest, web, {}, dest(ip.c_str(), 80, 1)});
    }
    BOOST_TEST(restore_script(ops).size() > 65536u);
    auto r = k.apply(ops);
    int failed = 0;
    for (const auto& x : r) failed += x.err != 0;
    BOOST_TEST(failed == 0);
    BOOST_TEST(fake.calls().size() == 1u);
    BOOST_TEST(fake.table().at(web).dests.size() == 2000u);
}

BOOST_AUTO_TEST_CASE(an_interrupted_kernel_runs_nothing_more) {
    FakeTool fake;
    IpvsadmKernel k(fake.path, std::chrono::seconds(60));
    k.interrupt();
    auto r = k.apply(std::vector<Op>{add_dest(tcp("10.0.0.1", 80), "10.1.0.1")});
    BOOST_TEST(r.at(0).err != 0);
    BOOST_TEST(r.at(0).message.find("stopping") != std::string::npos);
    BOOST_TEST(fake.calls().empty());
    BOOST_CHECK_THROW(k.dump(), KernelError);
}

BOOST_AUTO_TEST_CASE(interrupt_kills_a_hung_tool) {
    FakeTool fake;
    IpvsadmKernel k(fake.path, std::chrono::seconds(60));
    // The tool hangs on -R (its sleep is in the tool's process group: killed with it).
    std::ofstream(fake.path) << "#!/bin/sh\necho \"$*\" >> " << fake.dir << "/calls\nsleep 600\n";
    std::thread stopper([&] {
        while (fake.calls().empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        k.interrupt();
    });
    auto web = tcp("10.0.0.1", 80);
    auto r = k.apply(std::vector<Op>{add_dest(web, "10.1.0.1"), add_dest(web, "10.1.0.2")});
    stopper.join();
    for (const auto& x : r) {
        BOOST_TEST(x.err != 0);
        BOOST_TEST(x.message.find("stopping") != std::string::npos);
    }
    BOOST_TEST(fake.calls().size() == 1u);   // the -R; the read back was not even tried
}

BOOST_AUTO_TEST_SUITE_END()
