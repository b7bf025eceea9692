// negotiate for service=mysql through MariaDB Connector/C's non-blocking API on the
// event loop: connect (login, database), run the query, up when it yields a row
// (sql_check.hpp). Unlike ldirectord's DBI check, which has no timeout and stalls
// the whole daemon on a hung server, every wait here is bounded by the deadline.
#pragma once
#include "directord/checks/protocols/sql_check.hpp"
#include "directord/checks/probe.hpp"

namespace directord::checks {

class MysqlProbe : public Probe {
public:
    MysqlProbe(boost::asio::any_io_executor ex, const SqlOptions& options);
    boost::asio::awaitable<CheckResult> run(Deadline& dl) override;

private:
    SqlOptions o_;
};

} // namespace directord::checks
