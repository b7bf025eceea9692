// lib's local query socket with its per-connection access hook: the hook sees the peer as
// the kernel reports it and its grant reaches the handler; a refused peer gets the refusal
// without its request being read; an over-long request gets the too-long reply; a path a
// live socket answers on is never taken over. Real AF_UNIX sockets in a temporary directory.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <thread>

#include "lib/query_socket.hpp"

namespace {

struct Served {
    boost::asio::io_context io;
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("qs-test." + std::to_string(::getpid()));
    std::string path = (dir / "q.sock").string();
    std::unique_ptr<ha::QuerySocket> socket;
    std::thread loop;

    Served() { std::filesystem::create_directories(dir); }
    ~Served() {
        io.stop();
        if (loop.joinable()) loop.join();
        socket.reset();
        std::filesystem::remove_all(dir);
    }
    void start(ha::QuerySocket::Handler h, ha::QuerySocket::Options o) {
        socket = std::make_unique<ha::QuerySocket>(io, path, std::move(h), std::move(o));
        std::string err;
        BOOST_REQUIRE_MESSAGE(socket->open(err), err);
        loop = std::thread([this] {
            auto guard = boost::asio::make_work_guard(io);
            io.run();
        });
    }
    std::string ask(const std::string& request) {
        std::string why;
        auto r = ha::ask_query_socket(path, request, why);
        BOOST_REQUIRE_MESSAGE(r, why);
        return *r;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(lib_query_socket)

BOOST_AUTO_TEST_CASE(the_hooks_grant_reaches_the_handler) {
    Served s;
    std::optional<ha::QueryPeer> seen;
    ha::QuerySocket::Options o;
    o.access = [&seen](const ha::QueryPeer& p) -> std::optional<ha::QuerySocket::Grant> {
        seen = p;
        return 7;
    };
    s.start([](const std::string& req, ha::QuerySocket::Grant g) { return req + " granted " + std::to_string(g) + "\n"; },
            std::move(o));
    BOOST_TEST(s.ask("hello\r") == "hello granted 7\n");
    BOOST_REQUIRE(seen);
    BOOST_TEST(seen->uid == ::geteuid());
    BOOST_TEST(seen->gid == ::getegid());
    BOOST_TEST(!seen->socket_group);   // no group named: 0600, no supplementary groups read
    BOOST_TEST(seen->groups.empty());
}

BOOST_AUTO_TEST_CASE(a_refused_peer_gets_the_refusal_only) {
    Served s;
    bool handled = false;
    ha::QuerySocket::Options o;
    o.refused = "ERR go away\n";
    o.access = [](const ha::QueryPeer&) -> std::optional<ha::QuerySocket::Grant> { return std::nullopt; };
    s.start([&handled](const std::string&, ha::QuerySocket::Grant) {
        handled = true;
        return std::string("secret\n");
    }, std::move(o));
    BOOST_TEST(s.ask("anything") == "ERR go away\n");
    BOOST_TEST(!handled);
}

BOOST_AUTO_TEST_CASE(an_over_long_request_is_refused_and_the_socket_is_0600) {
    Served s;
    ha::QuerySocket::Options o;
    o.max_request = 16;
    o.too_long = "ERR too long\n";
    o.access = [](const ha::QueryPeer&) -> std::optional<ha::QuerySocket::Grant> { return 0; };
    s.start([](const std::string& req, ha::QuerySocket::Grant) { return req + "\n"; }, std::move(o));
    BOOST_TEST(s.ask("short") == "short\n");
    BOOST_TEST(s.ask(std::string(100, 'x')) == "ERR too long\n");
    auto perms = std::filesystem::status(s.path).permissions();
    BOOST_TEST((perms == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)));
}

BOOST_AUTO_TEST_CASE(a_live_socket_is_not_taken_over) {
    Served s;
    s.start([](const std::string&, ha::QuerySocket::Grant) { return std::string("first\n"); }, {});
    boost::asio::io_context io2;
    ha::QuerySocket second(io2, s.path, [](const std::string&, ha::QuerySocket::Grant) { return std::string("second\n"); });
    std::string err;
    BOOST_TEST(!second.open(err));
    BOOST_TEST(err.find("another process answers on it") != std::string::npos, err);
    if (::geteuid() == 0) BOOST_TEST(s.ask("x") == "first\n");   // the default hook: root only
}

BOOST_AUTO_TEST_SUITE_END()
