// What ldirectord's SQL checks (service=mysql, pgsql) send and how they judge the
// answer, apart from any client library: the query is `request` without the leading
// '/' ldirectord adds; login and a query are mandatory; the server is up when the
// query yields at least one row (for a statement without a result set, at least one
// row affected: DBI's rows() counts those).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "directord/checks/check_result.hpp"
#include "directord/checks/check_target.hpp"

namespace directord::checks {

// What a mysql or pgsql check reads.
struct SqlOptions : CheckTarget {
    std::string service;         // mysql or pgsql, named in errors
    std::string login, passwd;
    std::string database;        // mysql database, pgsql dbname (empty: the server's default)
    std::string request;         // the query, with the spec's leading '/'
    SqlOptions(const CheckSpec& s)
        : CheckTarget(s), service(s.service), login(s.login), passwd(s.passwd), database(s.database), request(s.request) {}
};

// `request` as kept in the spec ("/SELECT 1") -> the SQL ("SELECT 1").
std::string sql_query(const std::string& request);

// Why the check cannot run at all (no login, no query), if so.
std::optional<std::string> sql_missing(const SqlOptions& s);

// Rows read from one result set at most: the probes fetch rows one at a time (never a
// whole result set in memory) and stop here, the verdict being decided.
constexpr std::uint64_t kMaxSqlRows = 1000;

// The answer of a query that ran without error: `rows` returned (result set) or
// affected (statement without one). `capped`: reading stopped at kMaxSqlRows.
CheckResult sql_verdict(std::uint64_t rows, bool result_set, bool capped = false);

// A server or library message on one short line: trailing newlines dropped, inner
// line breaks (libpq's DETAIL/HINT lines) joined with "; ".
std::string sql_message(const char* text);

} // namespace directord::checks
