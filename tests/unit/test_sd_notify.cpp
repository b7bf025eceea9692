// lib/sd_notify: the readiness datagram's text and address, and a real send to a socket
// bound here (a path and an abstract name), as systemd would receive it.
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/sd_notify.hpp"

namespace {
// Sets NOTIFY_SOCKET for the life of the object, then restores it.
struct EnvNotifySocket {
    std::string old;
    bool had;
    explicit EnvNotifySocket(const char* v) {
        const char* o = std::getenv("NOTIFY_SOCKET");
        had = o != nullptr;
        if (had) old = o;
        if (v) ::setenv("NOTIFY_SOCKET", v, 1);
        else ::unsetenv("NOTIFY_SOCKET");
    }
    ~EnvNotifySocket() {
        if (had) ::setenv("NOTIFY_SOCKET", old.c_str(), 1);
        else ::unsetenv("NOTIFY_SOCKET");
    }
};

// A datagram socket bound to `name` (same '@' convention), as a service manager has.
struct Listener {
    int fd = -1;
    std::string path;
    explicit Listener(const std::string& name) {
        fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        auto a = ha::notify_address(name);
        BOOST_REQUIRE(a);
        BOOST_REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&a->addr), a->len) == 0);
        if (name[0] == '/') path = name;
    }
    std::string receive() {
        char buf[4096];
        ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        return n < 0 ? std::string("<nothing>") : std::string(buf, std::size_t(n));
    }
    ~Listener() {
        ::close(fd);
        if (!path.empty()) ::unlink(path.c_str());
    }
};
} // namespace

BOOST_AUTO_TEST_SUITE(sd_notify)

BOOST_AUTO_TEST_CASE(message_is_the_state_then_a_one_line_status) {
    BOOST_TEST(ha::notify_message("READY=1") == "READY=1");
    BOOST_TEST(ha::notify_message("READY=1", "3 virtual services") == "READY=1\nSTATUS=3 virtual services");
    BOOST_TEST(ha::notify_message("STOPPING=1", "a\nb\rc") == "STOPPING=1\nSTATUS=a b c");
    BOOST_TEST(ha::notify_message("RELOADING=1", "") == "RELOADING=1");
}

BOOST_AUTO_TEST_CASE(path_names_end_with_a_nul_abstract_names_with_the_length) {
    auto p = ha::notify_address("/run/systemd/notify");
    BOOST_REQUIRE(p);
    BOOST_TEST(p->addr.sun_family == AF_UNIX);
    BOOST_TEST(std::string(p->addr.sun_path) == "/run/systemd/notify");
    BOOST_TEST(p->len == offsetof(sockaddr_un, sun_path) + 20);   // 19 characters + NUL
    auto a = ha::notify_address("@sd/notify");
    BOOST_REQUIRE(a);
    BOOST_TEST(a->addr.sun_path[0] == '\0');
    BOOST_TEST(std::string(a->addr.sun_path + 1, 9) == "sd/notify");
    BOOST_TEST(a->len == offsetof(sockaddr_un, sun_path) + 10);   // '\0' + 9, no trailing NUL
}

BOOST_AUTO_TEST_CASE(bad_names_are_refused) {
    BOOST_TEST(!ha::notify_address(""));
    BOOST_TEST(!ha::notify_address("@"));
    BOOST_TEST(!ha::notify_address("relative/sock"));
    BOOST_TEST(!ha::notify_address("/" + std::string(sizeof(sockaddr_un{}.sun_path) - 1, 'x')));   // no room for NUL
    BOOST_TEST(ha::notify_address("@" + std::string(sizeof(sockaddr_un{}.sun_path) - 1, 'x')).has_value());
    BOOST_TEST(!ha::notify_address("@" + std::string(sizeof(sockaddr_un{}.sun_path), 'x')));
}

BOOST_AUTO_TEST_CASE(without_a_manager_nothing_is_sent_and_that_is_fine) {
    EnvNotifySocket e(nullptr);
    BOOST_TEST(ha::notify_ready("x"));
}

BOOST_AUTO_TEST_CASE(sends_to_a_path_socket) {
    char dir[] = "/tmp/sd-notify-XXXXXX";
    BOOST_REQUIRE(::mkdtemp(dir));
    std::string name = std::string(dir) + "/notify";
    {
        Listener l(name);
        EnvNotifySocket e(name.c_str());
        BOOST_TEST(ha::notify_ready("serving"));
        BOOST_TEST(l.receive() == "READY=1\nSTATUS=serving");
        BOOST_TEST(ha::notify_stopping());
        BOOST_TEST(l.receive() == "STOPPING=1");
    }
    ::rmdir(dir);
}

BOOST_AUTO_TEST_CASE(sends_to_an_abstract_socket) {
    std::string name = "@ha-sd-notify-test-" + std::to_string(::getpid());
    Listener l(name);
    EnvNotifySocket e(name.c_str());
    BOOST_TEST(ha::notify_reloading());
    BOOST_TEST(l.receive() == "RELOADING=1");
}

BOOST_AUTO_TEST_CASE(an_unreachable_manager_is_reported) {
    EnvNotifySocket e("/nonexistent-dir/notify");
    std::string why;
    BOOST_TEST(!ha::sd_notify("READY=1", &why));
    BOOST_TEST(why.find("/nonexistent-dir/notify") != std::string::npos);
    EnvNotifySocket r("relative");
    BOOST_TEST(!ha::sd_notify("READY=1", &why));
    BOOST_TEST(why.find("not an absolute or abstract") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
