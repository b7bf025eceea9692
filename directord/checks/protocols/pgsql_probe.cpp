#include "directord/checks/protocols/pgsql_probe.hpp"

#include <cstdlib>
#include <memory>
#include "directord/checks/transport/sql_libraries.hpp"

#include "directord/checks/transport/fd_wait.hpp"
#include "directord/checks/protocols/sql_check.hpp"

namespace directord::checks {

namespace asio = boost::asio;

std::vector<std::pair<std::string, std::string>> pgsql_params(const SqlOptions& s) {
    std::vector<std::pair<std::string, std::string>> p = {
        {"hostaddr", s.addr.str()},
        {"port", std::to_string(s.port)},
        {"user", s.login},
        {"password", s.passwd},
        {"gssencmode", "disable"},
        {"fallback_application_name", "directord"},
    };
    // DBD::Pg passes "dbname=" even when empty; libpq then uses the user name, as here.
    if (!s.database.empty()) p.emplace_back("dbname", s.database);
    return p;
}

namespace {

// The library, once run() has seen it load.
const LibpqApi& pq() {
    std::string unused;
    return *libpq_api(unused);
}

struct Finish {
    // Non-blocking once the connection is: Terminate is sent only if the socket takes it.
    void operator()(PGconn* c) const { pq().PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, Finish>;

CheckResult timed_out() { return {false, "timed out"}; }

// libpq's connection failures start with 'connection to server at "A", port P failed: ';
// the check's reason names the server already.
std::string without_server(std::string msg) {
    static const std::string head = "connection to server at ", tail = " failed: ";
    auto at = msg.find(tail);
    if (msg.compare(0, head.size(), head) == 0 && at != std::string::npos) msg.erase(0, at + tail.size());
    return msg;
}

// The server's own words for a failed result, else libpq's whole message.
std::string error_of(const PGresult* r) {
    const char* primary = pq().PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    if (primary && *primary) return sql_message(primary);
    return sql_message(pq().PQresultErrorMessage(r));
}

asio::awaitable<CheckResult> session(PGconn* c, const SqlOptions& s, Deadline& dl) {
    const std::string where = "connect " + ha::endpoint(s.addr, s.port) + ": ";
    auto conn_error = [&](const std::string& stage) {
        return CheckResult{false, stage + without_server(sql_message(pq().PQerrorMessage(c)))};
    };
    if (pq().PQstatus(c) == CONNECTION_BAD) co_return conn_error(where);

    // The socket may change between polls (libpq retries without SSL on a new one).
    PostgresPollingStatusType ps = PGRES_POLLING_WRITING;
    while (ps != PGRES_POLLING_OK) {
        if (ps == PGRES_POLLING_FAILED) co_return conn_error(where);
        FdReady r = co_await wait_fd(pq().PQsocket(c), ps == PGRES_POLLING_READING, ps == PGRES_POLLING_WRITING, std::nullopt, dl);
        if (r.expired) co_return timed_out();
        // Polling again without a socket could spin and starve the loop.
        if (r.bad_fd) co_return CheckResult{false, where + "libpq has no socket to wait on"};
        ps = pq().PQconnectPoll(c);
    }
    if (pq().PQsetnonblocking(c, 1) != 0) co_return conn_error("");

    std::string query = sql_query(s.request);
    if (!pq().PQsendQuery(c, query.c_str())) co_return conn_error("query: ");
    // Rows one PGresult at a time, counted then freed: no result set is held whole.
    if (!pq().PQsetSingleRowMode(c)) co_return CheckResult{false, "query: libpq refused single-row mode"};
    for (;;) {
        int f = pq().PQflush(c);
        if (f < 0) co_return conn_error("query: ");
        if (f == 0) break;
        // The server may answer before taking all of it: read while waiting to write.
        FdReady r = co_await wait_fd(pq().PQsocket(c), true, true, std::nullopt, dl);
        if (r.expired) co_return timed_out();
        if (r.bad_fd) co_return CheckResult{false, "query: libpq has no socket to wait on"};
        if (r.readable && !pq().PQconsumeInput(c)) co_return conn_error("query: ");
    }

    std::optional<CheckResult> verdict;
    std::uint64_t rows = 0;   // of the current statement, in single-row mode
    for (;;) {
        while (pq().PQisBusy(c)) {
            FdReady r = co_await wait_fd(pq().PQsocket(c), true, false, std::nullopt, dl);
            if (r.expired) co_return timed_out();
            if (r.bad_fd || !pq().PQconsumeInput(c)) co_return conn_error("reading the result: ");
        }
        PGresult* res = pq().PQgetResult(c);
        if (!res) break;
        CheckResult now;
        bool stop = false;
        switch (pq().PQresultStatus(res)) {
        case PGRES_SINGLE_TUPLE:
            if (++rows < kMaxSqlRows) {
                pq().PQclear(res);
                continue;
            }
            // Enough to judge: the rest is not read (the connection is dropped with it).
            now = sql_verdict(rows, true, true);
            stop = true;
            break;
        case PGRES_TUPLES_OK:
            now = sql_verdict(rows + (std::uint64_t)pq().PQntuples(res), true);
            rows = 0;
            break;
        case PGRES_COMMAND_OK: now = sql_verdict(std::strtoull(pq().PQcmdTuples(res), nullptr, 10), false); break;
        case PGRES_EMPTY_QUERY: now = {false, "the query is empty"}; break;
        case PGRES_COPY_IN:
        case PGRES_COPY_OUT:
        case PGRES_COPY_BOTH:
            now = {false, "the query starts a COPY: not a check query"};
            stop = true;   // the connection is then dropped as it is
            break;
        default:
            now = {false, "query: " + error_of(res)};
            rows = 0;
            break;
        }
        pq().PQclear(res);
        // The first failure decides (as DBI's execute); else the last statement's rows.
        if (!verdict || verdict->up) verdict = now;
        if (stop) break;
    }
    if (!verdict) co_return CheckResult{false, "the query returned no result"};
    co_return *verdict;
}

} // namespace

PgsqlProbe::PgsqlProbe(asio::any_io_executor, const SqlOptions& o) : o_(o) {}

asio::awaitable<CheckResult> PgsqlProbe::run(Deadline& dl) {
    if (auto why = sql_missing(o_)) co_return CheckResult{false, *why};
    std::string lib_error;
    if (!libpq_api(lib_error)) co_return CheckResult{false, lib_error};
    if (o_.port == 0) co_return CheckResult{false, "no port to connect to"};
    auto params = pgsql_params(o_);
    std::vector<const char*> keys, values;
    for (const auto& [k, v] : params) {
        keys.push_back(k.c_str());
        values.push_back(v.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    Conn c(pq().PQconnectStartParams(keys.data(), values.data(), 0));
    if (!c) co_return CheckResult{false, "libpq could not allocate a connection"};
    // Server notices (warnings) would go to our stderr otherwise.
    pq().PQsetNoticeProcessor(c.get(), [](void*, const char*) {}, nullptr);
    co_return co_await session(c.get(), o_, dl);
}

} // namespace directord::checks
