// The MariaDB and PostgreSQL client libraries, opened (dlopen) when the first mysql or
// pgsql check is configured instead of linked: directord then runs on hosts without
// them (legacy distros, minimal images) and a farm without database checks does not
// carry their ~2.5 MB of resident code (libpq alone pulls in GnuTLS, Kerberos, LDAP).
// The probes call every function through these tables, typed from the libraries' own
// headers. Rows are read one at a time (mysql_use_result + mysql_fetch_row_start,
// PQsetSingleRowMode): no result set is ever held whole.
#pragma once
#include <string>

#include <mariadb/mysql.h>
#include <postgresql/libpq-fe.h>

namespace directord::checks {

#define DIRECTORD_MARIADB_FUNCTIONS(X)                                                                              \
    X(mysql_init) X(mysql_options) X(mysql_close) X(mysql_error) X(mysql_get_socket) X(mysql_get_timeout_value_ms) \
    X(mysql_real_connect_start) X(mysql_real_connect_cont) X(mysql_real_query_start) X(mysql_real_query_cont)      \
    X(mysql_use_result) X(mysql_fetch_row_start) X(mysql_fetch_row_cont) X(mysql_free_result)                      \
    X(mysql_free_result_start) X(mysql_free_result_cont) X(mysql_errno) X(mysql_field_count)                       \
    X(mysql_affected_rows) X(mysql_close_start) X(mysql_close_cont)

#define DIRECTORD_LIBPQ_FUNCTIONS(X)                                                                                  \
    X(PQconnectStartParams) X(PQconnectPoll) X(PQstatus) X(PQsocket) X(PQsetnonblocking) X(PQsetNoticeProcessor)   \
    X(PQsendQuery) X(PQsetSingleRowMode) X(PQflush) X(PQconsumeInput) X(PQisBusy) X(PQgetResult) X(PQresultStatus) X(PQresultErrorMessage) \
    X(PQresultErrorField) X(PQntuples) X(PQcmdTuples) X(PQclear) X(PQfinish) X(PQerrorMessage)

#define DIRECTORD_SQL_POINTER(name) decltype(&::name) name = nullptr;
struct MariadbApi {
    DIRECTORD_MARIADB_FUNCTIONS(DIRECTORD_SQL_POINTER)
};
struct LibpqApi {
    DIRECTORD_LIBPQ_FUNCTIONS(DIRECTORD_SQL_POINTER)
};
#undef DIRECTORD_SQL_POINTER

// Opens the library on the first call (later calls are free). Null, with `err` saying
// which file is missing and the Debian package that has it, when it cannot be loaded.
const MariadbApi* mariadb_api(std::string& err);
const LibpqApi* libpq_api(std::string& err);

} // namespace directord::checks
