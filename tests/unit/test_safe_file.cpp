// lib/safe_file: files written as root are never written through a planted symlink or file.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <pwd.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/safe_file.hpp"

namespace fs = std::filesystem;

namespace {
struct TempDir {
    fs::path path;
    explicit TempDir(mode_t mode = 0700) {
        char tmpl[] = "/tmp/safe-file-test-XXXXXX";
        path = ::mkdtemp(tmpl);
        ::chmod(path.c_str(), mode);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string operator/(const char* name) const { return (path / name).string(); }
};
std::string slurp(const std::string& p) {
    std::ifstream in(p);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
} // namespace

BOOST_AUTO_TEST_SUITE(safe_file)

BOOST_AUTO_TEST_CASE(append_refuses_a_symlink_and_keeps_its_target) {
    TempDir t;
    std::ofstream(t / "victim") << "precious\n";
    fs::create_symlink(t / "victim", t / "ha-log");
    std::string why;
    int fd = ha::open_for_append(t / "ha-log", why);
    BOOST_TEST(fd == -1);
    BOOST_TEST(why.find("symbolic link") != std::string::npos, why);
    BOOST_TEST(slurp(t / "victim") == "precious\n");
}

BOOST_AUTO_TEST_CASE(append_creates_and_appends_to_our_own_file) {
    TempDir t;
    std::string why;
    for (const char* line : {"one\n", "two\n"}) {
        int fd = ha::open_for_append(t / "log", why);
        BOOST_REQUIRE_MESSAGE(fd >= 0, why);
        BOOST_TEST(::write(fd, line, 4) == 4);
        ::close(fd);
    }
    BOOST_TEST(slurp(t / "log") == "one\ntwo\n");
    struct stat st{};
    ::stat((t / "log").c_str(), &st);
    BOOST_TEST((st.st_mode & 0777) == 0644u);
}

BOOST_AUTO_TEST_CASE(append_refuses_a_file_planted_by_another_user_in_a_shared_dir) {
    if (::geteuid() != 0) {
        BOOST_TEST_MESSAGE("SKIP: needs root to chown the planted file");
        return;
    }
    passwd* nobody = ::getpwnam("nobody");
    BOOST_REQUIRE(nobody);
    TempDir shared(01777);   // like /tmp
    std::ofstream(shared / "ldirectord.log") << "";
    BOOST_REQUIRE(::chown((shared / "ldirectord.log").c_str(), nobody->pw_uid, nobody->pw_gid) == 0);
    std::string why;
    BOOST_TEST(ha::open_for_append(shared / "ldirectord.log", why) == -1);
    BOOST_TEST(why.find("owned by uid " + std::to_string(nobody->pw_uid)) != std::string::npos, why);
    // The same file in a directory only we can write is the operator's doing: accepted.
    TempDir own(0755);
    std::ofstream(own / "log") << "";
    BOOST_REQUIRE(::chown((own / "log").c_str(), nobody->pw_uid, nobody->pw_gid) == 0);
    int fd = ha::open_for_append(own / "log", why);
    BOOST_TEST(fd >= 0, why);
    if (fd >= 0) ::close(fd);
}

BOOST_AUTO_TEST_CASE(replace_replaces_a_symlink_instead_of_following_it) {
    TempDir t;
    std::ofstream(t / "victim") << "precious\n";
    fs::create_symlink(t / "victim", t / "hb_generation");
    std::string why;
    BOOST_TEST(ha::replace_file(t / "hb_generation", "42\n", 0644, true, why), why);
    BOOST_TEST(slurp(t / "victim") == "precious\n");
    BOOST_TEST(!fs::is_symlink(t / "hb_generation"));
    BOOST_TEST(slurp(t / "hb_generation") == "42\n");
    // No temporary file is left behind.
    int files = 0;
    for (auto& e : fs::directory_iterator(t.path)) files += e.path().filename().string().starts_with(".tmp") ? 1 : 0;
    BOOST_TEST(files == 0);
}

BOOST_AUTO_TEST_SUITE_END()
