// Where the config file is found, the name derived from it, and reading it from disk.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "tests/unit/config_fake.hpp"

namespace fs = std::filesystem;
using namespace directord;

namespace {

struct TempRoot {
    fs::path root;
    TempRoot() {
        char tmpl[] = "/tmp/cfg-locate-XXXXXX";
        root = mkdtemp(tmpl);
    }
    ~TempRoot() { fs::remove_all(root); }
    void write(const fs::path& rel, const std::string& text = "") {
        fs::create_directories((root / rel).parent_path());
        std::ofstream(root / rel) << text;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(config_locate)

BOOST_AUTO_TEST_CASE(search_order) {
    TempRoot t;
    const std::string r = t.root.string();
    BOOST_TEST(!locate_config("lc.cf", r));
    t.write("lc.cf");   // relative to the root, not the cwd: not found as given
    BOOST_TEST(!locate_config("lc.cf", r));
    BOOST_TEST(*locate_config((t.root / "lc.cf").string(), r) == (t.root / "lc.cf").string());
    t.write("etc/ha.d/conf/lc.cf");
    BOOST_TEST(*locate_config("lc.cf", r) == r + "/etc/ha.d/conf/lc.cf");
    t.write("etc/ha.d/lc.cf");
    BOOST_TEST(*locate_config("lc.cf", r) == r + "/etc/ha.d/lc.cf");
    // A directory of that name is not a config file.
    fs::create_directories(t.root / "etc/ha.d/dir.cf");
    BOOST_TEST(!locate_config("dir.cf", r));
}

BOOST_AUTO_TEST_CASE(name_as_given) {
    BOOST_TEST(config_name(std::nullopt) == "ldirectord");
    BOOST_TEST(config_name(std::string("ldirectord.cf")) == "ldirectord.cf");
    BOOST_TEST(config_name(std::string("/etc/ha.d/lc.cf")) == "lc.cf");
    BOOST_TEST(config_name(std::string("conf/x")) == "x");
}

BOOST_AUTO_TEST_CASE(load_from_disk) {
    TempRoot t;
    t.write("a.cf", "virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n");
    auto path = (t.root / "a.cf").string();
    auto res = load_config(path, cfgtest::FakeResolver{});
    BOOST_REQUIRE(res.config);
    BOOST_TEST(res.config->path == path);
    BOOST_TEST(res.config->virtuals.size() == 1u);

    auto missing = load_config((t.root / "none.cf").string(), cfgtest::FakeResolver{});
    BOOST_TEST(!missing.config);
    BOOST_REQUIRE(missing.errors.size() == 1u);
    BOOST_TEST(missing.errors[0].line == 0);
    BOOST_TEST(missing.errors[0].str() == (t.root / "none.cf").string() +
                                              ": cannot open file: No such file or directory");
}

// The default resolver's file checks (no network involved).
BOOST_AUTO_TEST_CASE(default_file_checks) {
    TempRoot t;
    Resolver r;
    BOOST_TEST(r.can_append((t.root / "new.log").string()) == 0);
    BOOST_TEST(!fs::exists(t.root / "new.log"));   // checked, not created
    BOOST_TEST(r.can_append((t.root / "no/dir.log").string()) == ENOENT);
    BOOST_TEST(r.is_directory(t.root.string()));
    BOOST_TEST(!r.is_directory((t.root / "x").string()));
    BOOST_TEST(Resolver::numeric_host("5060", AF_INET)->str() == "0.0.19.196");
    BOOST_TEST(!Resolver::numeric_host("5060", AF_INET6));
    BOOST_TEST(r.host("127.0.0.1", AF_INET)->str() == "127.0.0.1");
}

BOOST_AUTO_TEST_SUITE_END()
