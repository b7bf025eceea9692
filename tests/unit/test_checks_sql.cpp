// negotiate for mysql and pgsql: the pure parts (query, verdict, connection
// parameters, config mapping) and the client libraries driven on the event loop
// against in-process fakes: silent, garbage, a handshake then silence, closed port.
// The hung cases must end at the deadline while the loop keeps serving other work.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/checks/protocols/mysql_probe.hpp"
#include "directord/checks/protocols/pgsql_probe.hpp"
#include "directord/checks/protocols/sql_check.hpp"
#include "check_fakes.hpp"
#include "tests/unit/config_fake.hpp"

using namespace directord::checks;
namespace asio = boost::asio;
using asio::ip::tcp;
using clk = std::chrono::steady_clock;

namespace {

// Accepts; sends `greeting`, then for each chunk received the next of `replies`
// (nothing once they are used up); never closes unless `close_at_once`.
class ScriptedServer {
public:
    ScriptedServer(asio::io_context& io, std::string greeting, std::vector<std::string> replies = {})
        : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), greeting_(std::move(greeting)),
          replies_(std::move(replies)) {
        accept();
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    bool close_at_once = false;
    int accepted = 0;

private:
    void accept() {
        acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
            if (ec) return;
            ++accepted;
            auto sp = std::make_shared<tcp::socket>(std::move(s));
            held_.push_back(sp);
            if (close_at_once) sp->close(ec);
            else {
                send(sp, greeting_);
                read(sp, std::make_shared<std::size_t>(0));
            }
            accept();
        });
    }
    void send(std::shared_ptr<tcp::socket> s, const std::string& text) {
        if (text.empty()) return;
        auto t = std::make_shared<std::string>(text);
        asio::async_write(*s, asio::buffer(*t), [s, t](boost::system::error_code, std::size_t) {});
    }
    void read(std::shared_ptr<tcp::socket> s, std::shared_ptr<std::size_t> next) {
        auto buf = std::make_shared<std::array<char, 4096>>();
        s->async_read_some(asio::buffer(*buf), [this, s, buf, next](boost::system::error_code ec, std::size_t) {
            if (ec) return;
            if (*next < replies_.size()) send(s, replies_[(*next)++]);
            read(s, next);
        });
    }
    tcp::acceptor acceptor_;
    std::string greeting_;
    std::vector<std::string> replies_;
    std::vector<std::shared_ptr<tcp::socket>> held_;
};

// A port nothing listens on (bound then closed).
std::uint16_t closed_port() {
    asio::io_context io;
    tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

// The longest the loop went without running a 10 ms timer: proof it never blocked.
class Ticker {
public:
    explicit Ticker(asio::io_context& io) : t_(io) { arm(); }
    ~Ticker() { t_.cancel(); }
    std::chrono::milliseconds worst() const { return std::chrono::duration_cast<std::chrono::milliseconds>(worst_); }

private:
    void arm() {
        last_ = clk::now();
        t_.expires_after(std::chrono::milliseconds(10));
        t_.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            worst_ = std::max(worst_, clk::now() - last_);
            arm();
        });
    }
    asio::steady_timer t_;
    clk::time_point last_;
    clk::duration worst_{};
};

CheckSpec sql_spec(const std::string& service, std::uint16_t port) {
    CheckSpec s;
    s.kind = CheckSpec::Kind::negotiate;
    s.service = service;
    s.addr = *ha::Address::parse("127.0.0.1");
    s.port = port;
    s.request = "/SELECT 1";
    s.login = "monitor";
    s.passwd = "secret";
    s.database = "app";
    s.negotiatetimeout = std::chrono::seconds(1);
    return s;
}

struct Timed {
    CheckResult r;
    std::chrono::milliseconds took;
    std::chrono::milliseconds worst_stall;
};

Timed check(asio::io_context& io, const CheckSpec& s) {
    std::unique_ptr<Probe> p;
    if (s.service == "mysql") p = std::make_unique<MysqlProbe>(io.get_executor(), s);
    else p = std::make_unique<PgsqlProbe>(io.get_executor(), s);
    Ticker tick(io);
    auto t0 = clk::now();
    auto r = fakes::run_once(io, std::move(p), s.negotiatetimeout, std::chrono::seconds(10));
    return {r, std::chrono::duration_cast<std::chrono::milliseconds>(clk::now() - t0), tick.worst()};
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A MySQL protocol-10 greeting (mysql_native_password), as a server sends first.
std::string mysql_greeting() {
    std::string p;
    p += '\x0a';
    p += std::string("5.5.5-10.11.0-fake") + '\0';
    p += std::string("\x01\x00\x00\x00", 4);             // connection id
    p += std::string("abcdefgh") + '\0';                  // scramble, first part
    p += std::string("\xff\xf7", 2);                      // capabilities, low
    p += '\x21';                                          // charset
    p += std::string("\x02\x00", 2);                      // status
    p += std::string("\xff\x81", 2);                      // capabilities, high
    p += '\x15';                                          // scramble length
    p += std::string(10, '\0');
    p += std::string("ijklmnopqrst") + '\0';              // scramble, second part
    p += std::string("mysql_native_password") + '\0';
    std::string h;
    h += (char)(p.size() & 0xff);
    h += (char)((p.size() >> 8) & 0xff);
    h += '\0';
    h += '\0';   // sequence 0
    return h + p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(checks_sql)

BOOST_AUTO_TEST_CASE(query_is_the_request_without_its_slash) {
    BOOST_TEST(sql_query("/SELECT 1") == "SELECT 1");
    BOOST_TEST(sql_query("//x") == "/x");   // only the one ldirectord adds
    BOOST_TEST(sql_query("/") == "");
    BOOST_TEST(sql_query("") == "");
}

BOOST_AUTO_TEST_CASE(login_and_query_are_mandatory) {
    auto s = sql_spec("mysql", 3306);
    BOOST_TEST(!sql_missing(s));
    s.request = "/";
    BOOST_TEST(*sql_missing(s) == "a mysql check needs request= (ldirectord reports it down too)");
    s.login.clear();
    BOOST_TEST(*sql_missing(s) == "a mysql check needs login= and request= (ldirectord reports it down too)");
    s.request = "/SELECT 1";
    BOOST_TEST(*sql_missing(s) == "a mysql check needs login= (ldirectord reports it down too)");
}

BOOST_AUTO_TEST_CASE(up_on_a_row_or_an_affected_row) {
    BOOST_TEST(sql_verdict(1, true).up);
    BOOST_TEST(sql_verdict(1, true).reason == "1 row");
    BOOST_TEST(sql_verdict(12, true).reason == "12 rows");
    // Reading stopped at the row cap: up, and the reason says the count is a floor.
    BOOST_TEST(sql_verdict(kMaxSqlRows, true, true).up);
    BOOST_TEST(sql_verdict(kMaxSqlRows, true, true).reason == "at least 1000 rows (not read further)");
    BOOST_TEST(!sql_verdict(0, true).up);
    BOOST_TEST(sql_verdict(0, true).reason == "the query returned no rows");
    BOOST_TEST(sql_verdict(3, false).up);
    BOOST_TEST(sql_verdict(3, false).reason == "3 rows affected");
    BOOST_TEST(!sql_verdict(0, false).up);
}

BOOST_AUTO_TEST_CASE(messages_on_one_line) {
    BOOST_TEST(sql_message("FATAL:  no\nDETAIL:  why\n") == "FATAL:  no; DETAIL:  why");
    BOOST_TEST(sql_message("server closed the connection unexpectedly\n\tThis probably means\n") ==
               "server closed the connection unexpectedly; This probably means");
    BOOST_TEST(sql_message("") == "no message");
    BOOST_TEST(sql_message(nullptr) == "no message");
}

BOOST_AUTO_TEST_CASE(pgsql_parameters_avoid_dns_and_kerberos) {
    auto s = sql_spec("pgsql", 5433);
    auto p = pgsql_params(s);
    auto get = [&](const std::string& k) -> std::string {
        for (const auto& [key, v] : p)
            if (key == k) return v;
        return "<none>";
    };
    BOOST_TEST(get("hostaddr") == "127.0.0.1");
    BOOST_TEST(get("host") == "<none>");
    BOOST_TEST(get("port") == "5433");
    BOOST_TEST(get("user") == "monitor");
    BOOST_TEST(get("password") == "secret");
    BOOST_TEST(get("dbname") == "app");
    BOOST_TEST(get("gssencmode") == "disable");
    s.database.clear();
    s.addr = *ha::Address::parse("::1");
    p = pgsql_params(s);
    BOOST_TEST(get("dbname") == "<none>");
    BOOST_TEST(get("hostaddr") == "::1");
}

BOOST_AUTO_TEST_CASE(config_maps_to_a_check_with_its_database) {
    std::string text = "virtual=10.0.0.1:3306\n\treal=10.0.0.2:3306 gate\n\tservice=mysql\n"
                       "\tlogin=\"monitor\"\n\tpasswd=\"pw\"\n\tdatabase=\"app\"\n\trequest=\"SELECT 1\"\n";
    auto c = cfgtest::good(text);
    auto s = std::get<CheckSpec>(spec_for(c, c.virtuals[0], c.virtuals[0].reals[0]));
    BOOST_TEST((s.kind == CheckSpec::Kind::negotiate));
    BOOST_TEST(s.service == "mysql");
    BOOST_TEST(s.port == 3306);
    BOOST_TEST(sql_query(s.request) == "SELECT 1");
    BOOST_TEST(s.login == "monitor");
    BOOST_TEST(s.database == "app");
    BOOST_TEST(!unsupported_check(c));
    // The database is part of what is checked.
    auto s2 = s;
    s2.database = "other";
    BOOST_TEST(s.key() != s2.key());
    BOOST_TEST(cfgtest::parse(text).warnings.empty(), cfgtest::warnings_text(cfgtest::parse(text)));
}

BOOST_AUTO_TEST_CASE(config_test_warns_without_login_or_query) {
    auto r = cfgtest::parse("virtual=10.0.0.1:5432\n\treal=10.0.0.2:5432 gate\n\tlogin=\"u\"\n");
    BOOST_TEST(r.config.has_value());
    BOOST_TEST(cfgtest::has_warning(r, 1,
                                    "virtual service tcp:10.0.0.1:5432: a pgsql check needs request= (the SQL "
                                    "query), otherwise its real servers are always down (as in ldirectord)"),
               cfgtest::warnings_text(r));
    r = cfgtest::parse("\nvirtual=10.0.0.1:3306\n\treal=10.0.0.2:3306 gate\n\trequest=\"SELECT 1\"\n");
    BOOST_TEST(cfgtest::has_warning(r, 2,
                                    "virtual service tcp:10.0.0.1:3306: a mysql check needs login=, otherwise its "
                                    "real servers are always down (as in ldirectord)"),
               cfgtest::warnings_text(r));
    // A query on every real server is enough.
    r = cfgtest::parse("virtual=10.0.0.1:3306\n\treal=10.0.0.2:3306 gate 1 \"SELECT 1\", \"x\"\n\tlogin=\"u\"\n");
    BOOST_TEST(r.warnings.empty(), cfgtest::warnings_text(r));
    // Not a negotiate check: nothing to say.
    r = cfgtest::parse("virtual=10.0.0.1:3306\n\treal=10.0.0.2:3306 gate\n\tchecktype=connect\n");
    BOOST_TEST(r.warnings.empty(), cfgtest::warnings_text(r));
}

BOOST_AUTO_TEST_CASE(oracle_is_named_unsupported) {
    std::string text = "virtual=10.0.0.1:1521\n\treal=10.0.0.2:1521 gate\n\tlogin=\"u\"\n\trequest=\"SELECT 1 FROM DUAL\"\n";
    auto c = cfgtest::good(text);
    auto f = std::get<FixedHealth>(spec_for(c, c.virtuals[0], c.virtuals[0].reals[0]));
    BOOST_TEST(!f.up);
    BOOST_TEST(has(f.reason, "service=oracle is not supported"), f.reason);
    auto why = unsupported_check(c);
    BOOST_REQUIRE(why);
    BOOST_TEST(has(*why, ":1: virtual "), *why);
    BOOST_TEST(has(*why, "service=oracle is not supported: directord has no Oracle client"), *why);
}

BOOST_AUTO_TEST_CASE(missing_login_is_down_without_connecting) {
    for (const char* svc : {"mysql", "pgsql"}) {
        asio::io_context io;
        ScriptedServer srv(io, "");
        auto s = sql_spec(svc, srv.port());
        s.login.clear();
        auto t = check(io, s);
        BOOST_TEST(!t.r.up);
        BOOST_TEST(has(t.r.reason, "needs login="), t.r.reason);
        BOOST_TEST(srv.accepted == 0);
    }
}

BOOST_AUTO_TEST_CASE(silent_server_times_out_at_the_deadline_without_blocking_the_loop) {
    for (const char* svc : {"mysql", "pgsql"}) {
        asio::io_context io;
        ScriptedServer srv(io, "");   // accepts, never says a word
        auto t = check(io, sql_spec(svc, srv.port()));
        BOOST_TEST(!t.r.up, svc);
        BOOST_TEST(t.r.reason == "timed out after 1 s", svc << ": " << t.r.reason);
        BOOST_TEST(t.took.count() >= 950, svc << " took " << t.took.count() << " ms");
        BOOST_TEST(t.took.count() < 1500, svc << " took " << t.took.count() << " ms");
        BOOST_TEST(t.worst_stall.count() < 200, svc << ": loop stalled " << t.worst_stall.count() << " ms");
        BOOST_TEST(srv.accepted == 1);
        BOOST_TEST_MESSAGE(svc << ": silent server down after " << t.took.count() << " ms, loop worst stall " << t.worst_stall.count() << " ms");
    }
}

BOOST_AUTO_TEST_CASE(mysql_hang_after_the_greeting_times_out) {
    // The connector answers the greeting with its login, then waits for a verdict.
    asio::io_context io;
    ScriptedServer srv(io, mysql_greeting());
    auto t = check(io, sql_spec("mysql", srv.port()));
    BOOST_TEST(!t.r.up);
    BOOST_TEST(t.r.reason == "timed out after 1 s", t.r.reason);
    BOOST_TEST(t.took.count() < 1500, t.took.count());
    BOOST_TEST(t.worst_stall.count() < 200, t.worst_stall.count());
}

BOOST_AUTO_TEST_CASE(pgsql_hang_after_the_ssl_refusal_times_out) {
    // 'N' refuses TLS; the startup packet that follows is never answered.
    asio::io_context io;
    ScriptedServer srv(io, "", {"N"});
    auto t = check(io, sql_spec("pgsql", srv.port()));
    BOOST_TEST(!t.r.up);
    BOOST_TEST(t.r.reason == "timed out after 1 s", t.r.reason);
    BOOST_TEST(t.took.count() < 1500, t.took.count());
    BOOST_TEST(t.worst_stall.count() < 200, t.worst_stall.count());
}

BOOST_AUTO_TEST_CASE(garbage_is_down_with_a_reason) {
    for (const char* svc : {"mysql", "pgsql"}) {
        asio::io_context io;
        ScriptedServer srv(io, "HTTP/1.0 400 Bad Request\r\n\r\n", {"HTTP/1.0 400 Bad Request\r\n\r\n"});
        auto t = check(io, sql_spec(svc, srv.port()));
        BOOST_TEST(!t.r.up, svc);
        BOOST_TEST(!has(t.r.reason, "timed out"), svc << ": " << t.r.reason);
        BOOST_TEST(t.r.reason.size() > 10u, svc << ": " << t.r.reason);
        BOOST_TEST_MESSAGE(svc << " garbage: " << t.r.reason);
    }
}

BOOST_AUTO_TEST_CASE(closed_connection_and_closed_port_are_down) {
    for (const char* svc : {"mysql", "pgsql"}) {
        {
            asio::io_context io;
            ScriptedServer srv(io, "");
            srv.close_at_once = true;
            auto t = check(io, sql_spec(svc, srv.port()));
            BOOST_TEST(!t.r.up, svc);
            BOOST_TEST(!has(t.r.reason, "timed out"), svc << ": " << t.r.reason);
            BOOST_TEST_MESSAGE(svc << " closed: " << t.r.reason);
        }
        asio::io_context io;
        auto t = check(io, sql_spec(svc, closed_port()));
        BOOST_TEST(!t.r.up, svc);
        // The connector's own words: errno 111 is ECONNREFUSED.
        BOOST_TEST((has(t.r.reason, "refused") || has(t.r.reason, "Can't connect to server on '127.0.0.1' (111)")),
                   svc << ": " << t.r.reason);
        BOOST_TEST(t.took.count() < 500, t.took.count());
    }
}

BOOST_AUTO_TEST_SUITE_END()
