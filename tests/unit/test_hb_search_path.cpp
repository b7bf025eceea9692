// heartbeatd/resources/search_path: our own script directory first, then the admin's
// resource.d, then /etc/init.d; HEARTBEATD_RESOURCE_PATH replaces the list.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeatd/resources/resource_env.hpp"
#include "heartbeatd/resources/search_path.hpp"

using hb::resources::own_resource_dir;
using hb::resources::resource_search_path;
using Dirs = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(hb_search_path)

BOOST_AUTO_TEST_CASE(own_dir_is_lib_heartbeatd_beside_the_sbin_of_the_executable) {
    BOOST_TEST(own_resource_dir("/usr/sbin/heartbeatd") == "/usr/lib/heartbeatd/resource.d");
    BOOST_TEST(own_resource_dir("/usr/local/sbin/heartbeatd") == "/usr/local/lib/heartbeatd/resource.d");
    BOOST_TEST(own_resource_dir("/sbin/heartbeatd") == "/lib/heartbeatd/resource.d");
    BOOST_TEST(own_resource_dir("/opt/ha//sbin//heartbeatd") == "/opt/ha/lib/heartbeatd/resource.d");
    BOOST_TEST(own_resource_dir("/work/tree/bin/heartbeatd") == "/work/tree/lib/heartbeatd/resource.d");
}

BOOST_AUTO_TEST_CASE(own_scripts_before_the_admins_before_init_d) {
    Dirs want{"/usr/lib/heartbeatd/resource.d", "/etc/ha.d/resource.d", "/etc/init.d"};
    BOOST_TEST(resource_search_path("/usr/lib/heartbeatd/resource.d", "/etc/ha.d", std::nullopt) == want,
               boost::test_tools::per_element());
    Dirs other{"/o", "/srv/node1/ha.d/resource.d", "/etc/init.d"};
    BOOST_TEST(resource_search_path("/o", "/srv/node1/ha.d", std::nullopt) == other, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(override_replaces_the_list_dropping_empty_elements) {
    Dirs want{"/a", "/b c"};
    BOOST_TEST(resource_search_path("/own", "/etc/ha.d", std::string("/a::/b c:")) == want, boost::test_tools::per_element());
    BOOST_TEST(resource_search_path("/own", "/etc/ha.d", std::string(":")).empty());
}

// The order decides: with the same name in two directories, the first one's runs.
BOOST_AUTO_TEST_CASE(first_directory_with_the_script_wins) {
    namespace fs = std::filesystem;
    char tmpl[] = "/tmp/search-path-XXXXXX";
    fs::path root = ::mkdtemp(tmpl);
    for (auto d : {"own", "ha.d/resource.d"}) {
        fs::create_directories(root / d);
        std::ofstream(root / d / "IPaddr2") << "#!/bin/sh\n";
        ::chmod((root / d / "IPaddr2").c_str(), 0755);
    }
    std::ofstream(root / "ha.d/resource.d/Mine") << "#!/bin/sh\n";
    ::chmod((root / "ha.d/resource.d/Mine").c_str(), 0755);
    auto dirs = resource_search_path((root / "own").string(), (root / "ha.d").string(), std::nullopt);
    BOOST_TEST(hb::resources::locate_script(dirs, "IPaddr2").value_or("") == (root / "own/IPaddr2").string());
    BOOST_TEST(hb::resources::locate_script(dirs, "Mine").value_or("") == (root / "ha.d/resource.d/Mine").string());
    fs::remove_all(root);
}

BOOST_AUTO_TEST_SUITE_END()
