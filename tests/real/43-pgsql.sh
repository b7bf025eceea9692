#!/bin/bash
# service=pgsql against a real PostgreSQL 15 on loopback (run as the postgres system
# user from a data directory in $W): rows -> up, no rows -> down, a wrong password or
# bad SQL -> down with the server's words, a SIGSTOPped postmaster -> down within
# negotiatetimeout, nothing listening -> down.
source "$(dirname "$0")/lib.sh"
real_init pgsql
PGBIN=/usr/lib/postgresql/15/bin
need_cmd pgsql "$PGBIN/initdb" "$PGBIN/postgres" psql setpriv
# postgres refuses to run as root: as root, run it as the postgres system user.
AS_PG=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { skip pgsql "no postgres system user to run the server as"; exit 0; }
    AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
cd "$W" || exit 1
mkdir "$W/pg" && chmod 700 "$W/pg"
printf 'superpw\n' >"$W/pg/pw"
[ ${#AS_PG[@]} -gt 0 ] && chown -R postgres: "$W/pg"
if ! "${AS_PG[@]}" "$PGBIN/initdb" -D "$W/pg/data" -U postgres --auth=scram-sha-256 --pwfile="$W/pg/pw" \
        -E UTF8 --no-locale >"$W/initdb.log" 2>&1; then
    fail pgsql "initdb: $(tail -3 "$W/initdb.log" | tr '\n' '|')"; exit 1
fi
P=$(free_port)
start_bg "${AS_PG[@]}" "$PGBIN/postgres" -D "$W/pg/data" -p "$P" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories="$W/pg" -c fsync=off -c shared_buffers=8MB >"$W/pg.log" 2>&1
if ! wait_port 127.0.0.1 "$P" 60; then fail pgsql "postgres did not start: $(tail -3 "$W/pg.log" | tr '\n' '|')"; exit 1; fi
PPID_PG=$(head -1 "$W/pg/data/postmaster.pid")   # the postmaster (setpriv execs it)
export PGPASSWORD=superpw
psql -qX -h "$W/pg" -p "$P" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE USER monitor PASSWORD 'pw'" -c "CREATE DATABASE app OWNER monitor" >/dev/null &&
PGPASSWORD=pw psql -qX -h "$W/pg" -p "$P" -U monitor -d app -v ON_ERROR_STOP=1 \
    -c "CREATE TABLE up (id int); INSERT INTO up VALUES (1), (2), (3); CREATE TABLE empty (id int);" >/dev/null ||
    { fail pgsql "cannot create the monitoring user"; exit 1; }
unset PGPASSWORD

cf() {   # cf NAME PORT PASSWD REQUEST
    check_cf "$1" "virtual=127.0.0.1:5432
	real=127.0.0.1:$2 gate
	service=pgsql
	login=\"monitor\"
	passwd=\"$3\"
	database=\"app\"
	request=\"$4\""
}

expect_up pgsql-rows "$(cf rows "$P" pw 'SELECT id FROM up')" 'up .*: 3 rows'
expect_down pgsql-no-rows "$(cf none "$P" pw 'SELECT id FROM empty')" 'down .*: the query returned no rows'
expect_down pgsql-wrong-password "$(cf badpw "$P" nope 'SELECT id FROM up')" 'down .*password authentication failed for user "monitor"'
expect_down pgsql-bad-sql "$(cf badsql "$P" pw 'SELECT id FROM missing')" 'down .*query: relation "missing" does not exist'
expect_down pgsql-nothing-listening "$(cf closed "$(free_port)" pw 'SELECT 1')" 'down .*Connection refused'
# 100 million rows: single-row mode and the row cap, so up at once (PQgetResult
# buffered the whole result set: timed out or ate memory).
expect_up pgsql-huge-result "$(cf huge "$P" pw 'SELECT generate_series(1, 100000000)')" 'up .*: at least 1000 rows \(not read further\)'

expect_hung_down pgsql-stopped-server "$(cf stopped "$P" pw 'SELECT id FROM up')" 'down .*timed out after 3 s' "$PPID_PG"
expect_up pgsql-resumed "$(cf resumed "$P" pw 'SELECT id FROM up')" 'up .*: 3 rows'
