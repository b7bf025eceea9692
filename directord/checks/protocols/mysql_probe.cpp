#include "directord/checks/protocols/mysql_probe.hpp"

#include <functional>
#include "directord/checks/transport/sql_libraries.hpp"

#include "directord/checks/transport/fd_wait.hpp"
#include "directord/checks/protocols/sql_check.hpp"

namespace directord::checks {

namespace asio = boost::asio;

namespace {

// The library, once run() has seen it load.
const MariadbApi& maria() {
    std::string unused;
    return *mariadb_api(unused);
}

// Far more rounds than any call needs once every wait is answered "timed out".
constexpr int kMaxForcedRounds = 1000;

// Runs one non-blocking connector call to its end: `status` is what its _start
// returned, `cont` calls the matching _cont. Once the deadline has passed (or when
// `may_wait` is false) every wait the connector asks for is answered "timed out":
// it then fails the call at once, unwinding its own state, without waiting for the
// server. False only if it still would not finish (the handle must then be leaked:
// closing it mid-call is not allowed, and blocking is worse).
asio::awaitable<bool> drive(MYSQL* m, int status, const std::function<int(int)>& cont, Deadline& dl, bool may_wait = true) {
    int forced = 0;
    while (status != 0) {
        int happened = MYSQL_WAIT_TIMEOUT;
        if (may_wait && !dl.expired()) {
            std::optional<std::chrono::milliseconds> t;
            if (status & MYSQL_WAIT_TIMEOUT) t = std::chrono::milliseconds(maria().mysql_get_timeout_value_ms(m));
            bool rd = status & (MYSQL_WAIT_READ | MYSQL_WAIT_EXCEPT), wr = status & MYSQL_WAIT_WRITE;
            FdReady r = co_await wait_fd(maria().mysql_get_socket(m), rd, wr, t, dl);
            if (!r.expired && !r.bad_fd) {
                happened = 0;
                if (r.readable) happened |= MYSQL_WAIT_READ;
                if (r.writable) happened |= MYSQL_WAIT_WRITE;
                if (r.timed_out) happened |= MYSQL_WAIT_TIMEOUT;
            }
            // No socket to wait on: "timed out" below, and counted (no spinning on it).
            if (r.bad_fd && ++forced > kMaxForcedRounds) co_return false;
        } else if (++forced > kMaxForcedRounds) {
            co_return false;
        }
        status = cont(happened);
    }
    co_return true;
}

// The session up to the verdict; the handle is closed by the caller.
asio::awaitable<CheckResult> session(MYSQL* m, const SqlOptions& s, Deadline& dl, bool& finished) {
    auto fail = [m](const std::string& stage) { return CheckResult{false, stage + ": " + sql_message(maria().mysql_error(m))}; };
    std::string host = s.addr.str(), query = sql_query(s.request);
    const char* db = s.database.empty() ? nullptr : s.database.c_str();

    MYSQL* connected = nullptr;
    int st = maria().mysql_real_connect_start(&connected, m, host.c_str(), s.login.c_str(), s.passwd.c_str(), db, s.port, nullptr, 0);
    // Named, not temporaries inside the co_await expression (g++ 12 coroutine pitfalls).
    std::function<int(int)> cont = [&](int ev) { return maria().mysql_real_connect_cont(&connected, m, ev); };
    finished = co_await drive(m, st, cont, dl);
    if (!finished || dl.expired()) co_return CheckResult{false, "timed out"};
    if (!connected) co_return fail("connect " + ha::endpoint(s.addr, s.port));

    int err = 0;
    st = maria().mysql_real_query_start(&err, m, query.data(), query.size());
    cont = [&](int ev) { return maria().mysql_real_query_cont(&err, m, ev); };
    finished = co_await drive(m, st, cont, dl);
    if (!finished || dl.expired()) co_return CheckResult{false, "timed out"};
    if (err) co_return fail("query");

    // Unbuffered: mysql_use_result does no I/O; rows come one fetch at a time, and
    // reading stops at kMaxSqlRows (no result set is held whole).
    MYSQL_RES* res = maria().mysql_use_result(m);
    if (!res) {
        if (maria().mysql_field_count(m) != 0) co_return fail("reading the result");
        co_return sql_verdict(maria().mysql_affected_rows(m), false);
    }
    std::uint64_t rows = 0;
    bool capped = false, all_read = false;
    while (!dl.expired()) {
        MYSQL_ROW row = nullptr;
        st = maria().mysql_fetch_row_start(&row, res);
        cont = [&](int ev) { return maria().mysql_fetch_row_cont(&row, res, ev); };
        finished = co_await drive(m, st, cont, dl);
        if (!finished) co_return CheckResult{false, "timed out"};   // the result is leaked with the handle
        if (!row) {
            all_read = true;
            break;
        }
        if (++rows >= kMaxSqlRows) {
            capped = true;
            break;
        }
    }
    bool failed = all_read && maria().mysql_errno(m) != 0;
    CheckResult verdict = failed ? fail("reading the result") : sql_verdict(rows, true, capped);
    // With rows left (or a failed fetch) the connector would read the rest to free the
    // result: every wait is answered "timed out" instead, so it gives up at once. With
    // every row read there is nothing to wait for.
    st = maria().mysql_free_result_start(res);
    cont = [&](int ev) { return maria().mysql_free_result_cont(res, ev); };
    finished = co_await drive(m, st, cont, dl, false);
    if (!finished) co_return CheckResult{false, "timed out"};
    if (dl.expired()) co_return CheckResult{false, "timed out"};
    co_return verdict;
}

} // namespace

MysqlProbe::MysqlProbe(asio::any_io_executor, const SqlOptions& o) : o_(o) {}

asio::awaitable<CheckResult> MysqlProbe::run(Deadline& dl) {
    if (auto why = sql_missing(o_)) co_return CheckResult{false, *why};
    std::string lib_error;
    if (!mariadb_api(lib_error)) co_return CheckResult{false, lib_error};
    if (o_.port == 0) co_return CheckResult{false, "no port to connect to"};
    MYSQL* m = maria().mysql_init(nullptr);
    if (!m) co_return CheckResult{false, "mysql_init failed (out of memory)"};
    unsigned int tcp = MYSQL_PROTOCOL_TCP;
    my_bool no = 0;
    if (maria().mysql_options(m, MYSQL_OPT_NONBLOCK, nullptr) != 0) {
        maria().mysql_close(m);   // not connected: nothing to send
        co_return CheckResult{false, "cannot enable the connector's non-blocking mode"};
    }
    maria().mysql_options(m, MYSQL_OPT_PROTOCOL, &tcp);
    // A checked server must not be able to ask us for local files (LOAD DATA LOCAL).
    maria().mysql_options(m, MYSQL_OPT_LOCAL_INFILE, &no);

    bool finished = true;
    CheckResult r;
    try {
        r = co_await session(m, o_, dl, finished);
    } catch (const std::exception& e) {
        r = {false, std::string("mysql check failed: ") + e.what()};
        finished = false;   // the connector may be mid-call: leaking beats crashing
    }
    if (finished) {
        // Never waits: COM_QUIT goes out if the socket takes it at once, else the
        // connection is just dropped (a hung server gets no say in how long we stay).
        int st = maria().mysql_close_start(m);
        std::function<int(int)> cont = [m](int ev) { return maria().mysql_close_cont(m, ev); };
        co_await drive(m, st, cont, dl, false);
    }
    co_return r;
}

} // namespace directord::checks
