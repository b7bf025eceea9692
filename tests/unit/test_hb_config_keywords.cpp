// ha.cf's keyword table: the "did you mean" hint and the valid values named in errors come
// from the table's rows.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "heartbeatd/config/ha_cf.hpp"
#include "lib/nearest_word.hpp"

using namespace hb::config;

namespace {
const char* kBase =
    "keepalive 1\n"
    "deadtime 10\n"
    "auto_failback on\n"
    "logfacility daemon\n"
    "bcast eth0\n"
    "node alpha beta\n";

// The diagnostics of kBase plus `extra` (on line 7), one per line.
std::string diagnostics_with(const std::string& extra) {
    return parse_ha_cf(std::string(kBase) + extra).diagnostics.str();
}
} // namespace

BOOST_AUTO_TEST_SUITE(hb_config_keywords)

BOOST_AUTO_TEST_CASE(unknown_directive_names_the_nearest_row) {
    BOOST_TEST(diagnostics_with("keepalve 2\n") == "ha.cf:7: unknown directive 'keepalve' (did you mean 'keepalive'?)\n");
    BOOST_TEST(diagnostics_with("Deadping 40\n") == "ha.cf:7: unknown directive 'Deadping' (did you mean 'deadping'?)\n");
    BOOST_TEST(diagnostics_with("stonith_hots * null\n").find("(did you mean 'stonith_host'?)") != std::string::npos);
    // Pacemaker-only rows are rows too.
    BOOST_TEST(diagnostics_with("quorum_servr x\n").find("(did you mean 'quorum_server'?)") != std::string::npos);
    // Nothing near: no hint; heartbeat's old 'udp' is an alias, never offered.
    BOOST_TEST(diagnostics_with("frobnicate 1\n") == "ha.cf:7: unknown directive 'frobnicate'\n");
    BOOST_TEST(diagnostics_with("upd eth1\n").find("'udp'") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(word_errors_list_the_rows_words) {
    BOOST_TEST(diagnostics_with("msgfmt json\n") == "ha.cf:7: invalid msgfmt 'json' (classic or netstring)\n");
    BOOST_TEST(diagnostics_with("hbgenmethod random\n") == "ha.cf:7: invalid hbgenmethod 'random' (file or time)\n");
    BOOST_TEST(diagnostics_with("uuidfrom mac\n") == "ha.cf:7: invalid uuidfrom 'mac' (file or nodename)\n");
    BOOST_TEST(diagnostics_with("compression lz4\n") == "ha.cf:7: unknown compression 'lz4' (zlib or bz2)\n");
    BOOST_TEST(diagnostics_with("baud 1200\n") ==
               "ha.cf:7: invalid baud rate '1200' (9600, 19200, 38400, 57600, 115200, 230400 or 460800)\n");
    // The words are matched in any case and stored as the row says.
    auto r = parse_ha_cf(std::string(kBase) + "msgfmt NetString\ncompression BZ2\nhbgenmethod Time\n");
    BOOST_TEST(r.ok(), r.diagnostics.str());
    BOOST_TEST((r.config.msgfmt == MsgFmt::netstring));
    BOOST_TEST(r.config.compression == "bz2");
    BOOST_TEST((r.config.hbgenmethod == GenMethod::time));
}

BOOST_AUTO_TEST_CASE(rows_decide_repeats_and_value_counts) {
    // A row read once warns when repeated; a repeating row adds.
    BOOST_TEST(diagnostics_with("keepalive 2\n").find("ha.cf:7: warning: keepalive already set on line 1") != std::string::npos);
    auto r = parse_ha_cf(std::string(kBase) + "env A=1\nenv B=2\n");
    BOOST_TEST(r.ok(), r.diagnostics.str());
    BOOST_TEST(r.config.env.size() == 2u);
    BOOST_TEST(r.diagnostics.str().find("already set") == std::string::npos);
    // One value only, unless the row reads several.
    BOOST_TEST(diagnostics_with("debug 1 2\n") == "ha.cf:7: debug takes exactly one value\n");
    BOOST_TEST(parse_ha_cf(std::string(kBase) + "bcast eth1 eth2\n").config.media.size() == 3u);
    // Pacemaker-only: kept in raw, warned about, otherwise ignored.
    r = parse_ha_cf(std::string(kBase) + "crm_daemon_dir /usr/lib/pacemaker\n");
    BOOST_TEST(r.ok());
    BOOST_TEST(r.config.raw.at("crm_daemon_dir") == "/usr/lib/pacemaker");
    BOOST_TEST(r.diagnostics.str().find("ha.cf:7: warning: crm_daemon_dir only matters to Pacemaker; ignored") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(nearest_word_allows_about_one_typo_in_four_letters) {
    std::vector<std::string> words = {"keepalive", "deadtime", "http", "ftp"};
    BOOST_TEST(ha::nearest_word("kepealive", words) == "keepalive");   // a swap is one edit
    BOOST_TEST(ha::nearest_word("DEADTIME", words) == "deadtime");
    BOOST_TEST(ha::nearest_word("htp", words) == "http");              // the tie goes to the prefix
    BOOST_TEST(ha::nearest_word("deadtime", words) == "");             // itself: nothing to suggest
    BOOST_TEST(ha::nearest_word("xyz", words) == "");
}

BOOST_AUTO_TEST_SUITE_END()
