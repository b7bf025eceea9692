// negotiate for service=pgsql through libpq's asynchronous API on the event loop:
// PQconnectStartParams/PQconnectPoll, then PQsendQuery and PQconsumeInput in
// non-blocking mode; up when the query yields a row (sql_check.hpp). Every wait is
// bounded by the deadline (ldirectord's DBI check has no timeout at all).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "directord/checks/protocols/sql_check.hpp"
#include "directord/checks/probe.hpp"

namespace directord::checks {

class PgsqlProbe : public Probe {
public:
    PgsqlProbe(boost::asio::any_io_executor ex, const SqlOptions& options);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    SqlOptions o_;
};

// The libpq connection keywords and values for a check (no DNS: the address is a
// hostaddr; no GSSAPI encryption, whose Kerberos calls would block the loop).
std::vector<std::pair<std::string, std::string>> pgsql_params(const SqlOptions& s);

} // namespace directord::checks
