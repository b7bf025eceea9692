// The ipvsadm backend: its listings parse into the same Table the netlink dump gives,
// a save_format() rendering reads back unchanged, ops become the expected argv.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sys/stat.h>

#include "directord/ipvs/ipvsadm_kernel.hpp"
#include "directord/ipvs/ipvsadm_parse.hpp"

#include "tests/unit/ipvs_fixtures.hpp"

using namespace ipvs;

namespace {

using ipvs_fixtures::tcp;

DestKey dk(const char* ip, std::uint16_t port) { return {*ha::Address::parse(ip), port}; }

// As the real ipvsadm 1.31 prints them (the lab's shim prints the same subset).
const char* kSave =
    "-A -t 127.2.0.1:80 -s wrr\n"
    "-a -t 127.2.0.1:80 -r 127.1.0.1:80 -m -w 1\n"
    "-a -t 127.2.0.1:80 -r 127.1.0.2:80 -m -w 0\n"
    "-A -u 10.0.0.1:53 -s sh -p 600 -M 255.255.255.0 -o -b sh-fallback,sh-port\n"
    "-a -u 10.0.0.1:53 -r 10.1.0.1:53 -g -w 5\n"
    "-A -f 7 -s wlc\n"
    "-a -f 7 -r 10.1.0.9:0 -i -w 2\n"
    "-A -t [2001:db8::1]:443 -s rr -p 300\n"
    "-a -t [2001:db8::1]:443 -r [2001:db8::10]:443 -m -w 3\n";

const char* kThresholds =
    "IP Virtual Server version 1.2.1 (size=4096)\n"
    "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn\n"
    "  -> RemoteAddress:Port\n"
    "TCP  127.2.0.1:80 wrr\n"
    "  -> 127.1.0.1:80                 100        10         4          7\n"
    "  -> 127.1.0.2:80                 0          0          0          0\n"
    "UDP  10.0.0.1:53 sh persistent 600 mask 255.255.255.0 ops\n"
    "  -> 10.1.0.1:53                  0          0          0          0\n"
    "FWM  7 wlc\n"
    "  -> 10.1.0.9:0                   50         0          0          0\n"
    "TCP  [2001:db8::1]:443 rr persistent 300\n"
    "  -> [2001:db8::10]:443           0          0          1          2\n"
    "TCP  127.9.9.9:80 wrr\n"
    "  -> 127.9.9.10:80                1          1          1          1\n";

} // namespace

BOOST_AUTO_TEST_SUITE(ipvsadm_kernel)

BOOST_AUTO_TEST_CASE(save_listing_gives_services_and_dests) {
    Table t = parse_save(kSave);
    BOOST_TEST(t.size() == 4u);

    const auto& web = t.at(tcp("127.2.0.1", 80));
    BOOST_TEST(web.opts.scheduler == "wrr");
    BOOST_TEST(web.opts.flags == 0u);
    BOOST_TEST(web.dests.size() == 2u);
    BOOST_TEST((web.dests.at(dk("127.1.0.1", 80)).fwd == Fwd::masq));
    BOOST_TEST(web.dests.at(dk("127.1.0.1", 80)).weight == 1);
    BOOST_TEST(web.dests.at(dk("127.1.0.2", 80)).weight == 0);

    auto dns_key = tcp("10.0.0.1", 53);
    dns_key.protocol = IPPROTO_UDP;
    const auto& dns = t.at(dns_key);
    BOOST_TEST(dns.opts.scheduler == "sh");
    BOOST_TEST(dns.opts.flags == (kFlagPersistent | kFlagOnePacket | kFlagSched1 | kFlagSched2));
    BOOST_TEST(dns.opts.timeout == 600u);
    BOOST_TEST(dns.opts.netmask == 0xffffff00u);
    BOOST_TEST((dns.dests.at(dk("10.1.0.1", 53)).fwd == Fwd::route));
    BOOST_TEST(dns.dests.at(dk("10.1.0.1", 53)).weight == 5);

    ServiceKey fwm;
    fwm.fwmark = 7;
    fwm.protocol = 0;
    const auto& mark = t.at(fwm);
    BOOST_TEST((mark.dests.at(dk("10.1.0.9", 0)).fwd == Fwd::tunnel));

    const auto& v6 = t.at(tcp("2001:db8::1", 443));
    BOOST_TEST(v6.key.af == AF_INET6);
    BOOST_TEST(v6.opts.netmask == 128u);
    BOOST_TEST(v6.opts.timeout == 300u);
    BOOST_TEST(v6.dests.at(dk("2001:db8::10", 443)).weight == 3);
}

BOOST_AUTO_TEST_CASE(thresholds_and_counters_merge_into_known_dests) {
    Table t = parse_save(kSave);
    merge_thresholds(t, kThresholds);
    const auto& d1 = t.at(tcp("127.2.0.1", 80)).dests.at(dk("127.1.0.1", 80));
    BOOST_TEST(d1.u_threshold == 100u);
    BOOST_TEST(d1.l_threshold == 10u);
    BOOST_TEST(d1.active_conns == 4u);
    BOOST_TEST(d1.inactive_conns == 7u);
    ServiceKey fwm;
    fwm.fwmark = 7;
    fwm.protocol = 0;
    BOOST_TEST(t.at(fwm).dests.at(dk("10.1.0.9", 0)).u_threshold == 50u);
    BOOST_TEST(t.at(tcp("2001:db8::1", 443)).dests.at(dk("2001:db8::10", 443)).inactive_conns == 2u);
    // A service that appeared between the two calls is not invented.
    BOOST_TEST(t.count(tcp("127.9.9.9", 80)) == 0u);
}

BOOST_AUTO_TEST_CASE(save_format_reads_back_unchanged) {
    Table t = parse_save(kSave);
    Table again = parse_save(save_format(t));
    BOOST_TEST(again.size() == t.size());
    for (const auto& [k, s] : t) {
        const auto& o = again.at(k);
        BOOST_TEST((o.opts == s.opts));
        BOOST_TEST(o.dests.size() == s.dests.size());
        for (const auto& [key, d] : s.dests) BOOST_TEST(o.dests.at(key).same_settings(d));
    }
}

BOOST_AUTO_TEST_CASE(empty_and_broken_listings) {
    BOOST_TEST(parse_save("").empty());
    BOOST_TEST(parse_save("\n\n").empty());
    BOOST_CHECK_THROW(parse_save("-a -t 1.2.3.4:80 -r 10.0.0.1:80 -m -w 1\n"), std::runtime_error);  // no -A before
    BOOST_CHECK_THROW(parse_save("-A -t nonsense -s wrr\n"), std::runtime_error);
    BOOST_CHECK_THROW(parse_save("IP Virtual Server version 1.2.1\n"), std::runtime_error);
    Table t;
    merge_thresholds(t, kThresholds);   // nothing to fill: no effect, no throw
    BOOST_TEST(t.empty());
}

BOOST_AUTO_TEST_CASE(ops_become_argv_words) {
    Op add{Op::add_dest, tcp("127.2.0.1", 80), {}, {}};
    add.dest.key = dk("127.1.0.1", 80);
    add.dest.fwd = Fwd::masq;
    add.dest.weight = 0;
    std::vector<std::string> want = {"-a", "-t", "127.2.0.1:80", "-r", "127.1.0.1:80", "-m", "-w", "0"};
    BOOST_TEST(op_args(add) == want, boost::test_tools::per_element());
    Op del{Op::del_service, tcp("127.2.0.1", 80), {}, {}};
    std::vector<std::string> want_del = {"-D", "-t", "127.2.0.1:80"};
    BOOST_TEST(op_args(del) == want_del, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(tool_messages_map_to_errno) {
    BOOST_TEST(errno_of_message("Destination already exists") == EEXIST);
    BOOST_TEST(errno_of_message("Service already exists") == EEXIST);
    BOOST_TEST(errno_of_message("No such service") == ESRCH);
    BOOST_TEST(errno_of_message("No such destination") == ENOENT);
    BOOST_TEST(errno_of_message("Can't initialize ipvs: Protocol not available") == ENOPROTOOPT);
    BOOST_TEST(errno_of_message("illegal real server address[:port] specified") == EINVAL);   // -R parser, 1.31
    BOOST_TEST(errno_of_message("something else") == EIO);
}

// A fake ipvsadm: a shell script that logs its arguments and answers from fixed text.
struct FakeTool {
    std::string dir, path;
    FakeTool() {
        char tmpl[] = "/tmp/ipvsadm-fake.XXXXXX";
        dir = ::mkdtemp(tmpl);
        path = dir + "/ipvsadm";
        std::ofstream f(path);
        f << "#!/bin/sh\n"
             "echo \"$*\" >> " << dir << "/calls\n"
             "case \"$1\" in\n"
             "  -S) printf -- '-A -t 10.0.0.1:80 -s wrr\\n-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1\\n' ;;\n"
             "  -L) printf 'TCP  10.0.0.1:80 wrr\\n  -> 10.1.0.1:80 5 1 0 0\\n' ;;\n"
             "  -e) echo 'No such destination' >&2; exit 255 ;;\n"
             "esac\n";
        f.close();
        ::chmod(path.c_str(), 0755);
    }
    ~FakeTool() { std::system(("rm -rf " + dir).c_str()); }
    int calls() const {
        std::ifstream in(dir + "/calls");
        int n = 0;
        for (std::string l; std::getline(in, l);) ++n;
        return n;
    }
};

BOOST_AUTO_TEST_CASE(tool_runs_per_op_and_a_fresh_read_is_reused) {
    FakeTool fake;
    IpvsadmKernel k(fake.path, std::chrono::seconds(60));
    Table t = k.dump();
    BOOST_TEST(fake.calls() == 2);   // -S -n, -L -n --thresholds
    BOOST_TEST(t.at(tcp("10.0.0.1", 80)).dests.at(dk("10.1.0.1", 80)).u_threshold == 5u);
    k.dump();
    BOOST_TEST(fake.calls() == 2);   // reused

    Op add{Op::add_dest, tcp("10.0.0.1", 80), {}, {}};
    add.dest.key = dk("10.1.0.2", 80);
    add.dest.fwd = Fwd::masq;
    auto ok = k.apply(std::span<const Op>(&add, 1));
    BOOST_TEST(ok.at(0).err == 0);
    BOOST_TEST(fake.calls() == 3);
    BOOST_TEST(k.dump().at(tcp("10.0.0.1", 80)).dests.count(dk("10.1.0.2", 80)) == 1u);   // our op, in the reused read
    BOOST_TEST(fake.calls() == 3);

    Op edit = add;
    edit.kind = Op::edit_dest;
    edit.dest.key = dk("10.1.0.9", 80);
    auto bad = k.apply(std::span<const Op>(&edit, 1));
    BOOST_TEST(bad.at(0).err == ENOENT);
    BOOST_TEST(bad.at(0).message == "No such destination");
    k.dump();   // a failed op drops the reused read
    BOOST_TEST(fake.calls() == 6);
}

BOOST_AUTO_TEST_CASE(missing_tool_is_a_kernel_error) {
    BOOST_CHECK_THROW(IpvsadmKernel("/nonexistent/ipvsadm"), KernelError);
}

// Found by tests/fuzz (fuzz_ipvsadm): sh with flag-3 was written "-b sh-flag-3", which
// parse_save (and ipvsadm) do not know: the flag was lost on the way back.
BOOST_AUTO_TEST_CASE(save_format_sh_flag3_round_trips) {
    auto t = ipvs::parse_save("-A -t 10.0.0.1:80 -s sh -b sh-port,flag-3\n");
    BOOST_REQUIRE(t.size() == 1u);
    const auto flags = t.begin()->second.opts.flags;
    BOOST_TEST((flags & (ipvs::kFlagSched2 | ipvs::kFlagSched3)) == (ipvs::kFlagSched2 | ipvs::kFlagSched3));
    const std::string saved = ipvs::save_format(t);
    BOOST_TEST(saved.find("-b sh-port,flag-3") != std::string::npos, saved);
    auto back = ipvs::parse_save(saved);
    BOOST_REQUIRE(back.size() == 1u);
    BOOST_TEST(back.begin()->second.opts.flags == flags);
}

BOOST_AUTO_TEST_SUITE_END()
