// Virtual::service_opts (what the kernel gets) and normalize (what `directord -t` prints).
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "tests/unit/config_fake.hpp"

using namespace directord;

namespace {
ipvs::ServiceOpts opts(const std::string& section, const char* virt = "virtual=10.0.0.1:80") {
    std::string real = std::string(virt).rfind("virtual6", 0) == 0 ? "\treal6=[2001:db8::2] gate\n"
                                                                   : "\treal=10.0.0.2 gate\n";
    auto c = cfgtest::good(std::string(virt) + "\n" + real + "\tchecktype=connect\n" + section);
    return c.virtuals.at(0).service_opts();
}
} // namespace

BOOST_AUTO_TEST_SUITE(config_opts)

BOOST_AUTO_TEST_CASE(defaults) {
    auto o = opts("");
    BOOST_TEST(o.scheduler == "wrr");
    BOOST_TEST(o.flags == 0u);
    BOOST_TEST(o.timeout == 0u);
    BOOST_TEST(o.netmask == 0xffffffffu);
    BOOST_TEST(opts("", "virtual6=[2001:db8::1]:80").netmask == 128u);
}

BOOST_AUTO_TEST_CASE(persistence_and_netmask) {
    auto o = opts("\tpersistent=300\n\tnetmask=255.255.0.0\n\tscheduler=sh\n");
    BOOST_TEST(o.scheduler == "sh");
    BOOST_TEST(o.flags == ipvs::kFlagPersistent);
    BOOST_TEST(o.timeout == 300u);
    BOOST_TEST(o.netmask == 0xffff0000u);
    // Without persistent the netmask is not applied.
    BOOST_TEST(opts("\tnetmask=255.255.0.0\n").netmask == 0xffffffffu);
    auto v6 = opts("\tpersistent=60\n\tnetmask=48\n", "virtual6=[2001:db8::1]:80");
    BOOST_TEST(v6.netmask == 48u);
    BOOST_TEST(opts("\tnetmask=48\n", "virtual6=[2001:db8::1]:80").netmask == 128u);
}

BOOST_AUTO_TEST_CASE(one_packet_only_for_udp) {
    BOOST_TEST(opts("\tops=yes\n").flags == 0u);
    BOOST_TEST(opts("\tops=yes\n\tprotocol=udp\n").flags == ipvs::kFlagOnePacket);
    BOOST_TEST(opts("\tops=yes\n", "virtual=10.0.0.1:53").flags == ipvs::kFlagOnePacket);
}

BOOST_AUTO_TEST_CASE(schedflags) {
    BOOST_TEST(opts("\tschedflags=sh-fallback,sh-port\n").flags == (ipvs::kFlagSched1 | ipvs::kFlagSched2));
    BOOST_TEST(opts("\tschedflags=mh-fallback\n").flags == ipvs::kFlagSched1);
    BOOST_TEST(opts("\tschedflags=mh-port\n").flags == ipvs::kFlagSched2);
    BOOST_TEST(opts("\tschedflags=flag-1,flag-2,flag-3\n").flags ==
               (ipvs::kFlagSched1 | ipvs::kFlagSched2 | ipvs::kFlagSched3));
    auto r = cfgtest::parse("virtual=10.0.0.1:80\n\tchecktype=on\n\tschedflags=sh-bogus\n");
    BOOST_TEST(cfgtest::has_warning(r, 3, "schedflags \"sh-bogus\" is not a scheduler flag (flag-1..3, "
                                          "sh-fallback, sh-port, mh-fallback, mh-port): it is ignored"));
}

BOOST_AUTO_TEST_CASE(normalize_is_stable_and_complete) {
    const std::string a = "quiescent=yes\nvirtual=10.0.0.1:http\n\treal=web1:80 gate 2\n\tservice=http\n"
                          "\trequest=\"x\"\n\treceive=\"OK\"\n";
    const std::string b = "virtual = 10.0.0.1:80\n    service=http\n    receive=\"OK\"\n"
                          "    real=10.0.0.11:www gate 2   # same server\n    request=\"/x\"\n"
                          "quiescent=yes\n";
    Config ca = cfgtest::good(a), cb = cfgtest::good(b);
    // Only the recorded line numbers and the text after virtual= may differ.
    auto strip = [](std::string s) {
        std::string out;
        std::size_t pos = 0;
        while (pos < s.size()) {
            auto nl = s.find('\n', pos);
            std::string line = s.substr(pos, nl - pos);
            out += line.substr(0, line.find("    # line")) + "\n";
            pos = nl == std::string::npos ? s.size() : nl + 1;
        }
        return out;
    };
    BOOST_TEST(strip(normalize(ca)) == strip(normalize(cb)));
    const std::string n = normalize(ca);
    for (const char* needle : {"quiescent = yes", "virtual tcp 10.0.0.1:80", "service = http",
                               "request = \"/x\"", "receive = \"OK\"", "checktimeout = 5",
                               "negotiatetimeout = 30", "real = 10.0.0.11:80 gate weight 2",
                               "scheduler = wrr", "logfile = \"/var/log/ldirectord.log\""})
        BOOST_TEST(n.find(needle) != std::string::npos, needle);
}

BOOST_AUTO_TEST_SUITE_END()
