#!/bin/bash
# service=mysql against a real MariaDB on loopback: rows -> up, no rows -> down, a
# wrong password or bad SQL -> down with the server's words, a SIGSTOPped server ->
# down within negotiatetimeout (ldirectord's DBI check hangs the daemon there),
# nothing listening -> down.
source "$(dirname "$0")/lib.sh"
real_init mysql
need_cmd mysql mariadbd mariadb-install-db mariadb

P=$(free_port)
if ! mariadb-install-db --no-defaults --datadir="$W/db" --user=root --auth-root-authentication-method=socket \
        --skip-test-db >"$W/install.log" 2>&1; then
    fail mysql "mariadb-install-db: $(tail -3 "$W/install.log" | tr '\n' '|')"; exit 1
fi
start_bg mariadbd --no-defaults --user=root --datadir="$W/db" --socket="$W/sock" --port="$P" \
    --bind-address=127.0.0.1 --skip-name-resolve --skip-log-bin --pid-file="$W/pid" \
    --log-error="$W/err.log" --innodb-buffer-pool-size=16M >"$W/mariadbd.out" 2>&1
MPID=${LIB_PIDS[-1]}
if ! wait_port 127.0.0.1 "$P" 60 || ! wait_for 30 test -S "$W/sock"; then
    fail mysql "mariadbd did not start: $(tail -3 "$W/err.log" | tr '\n' '|')"; exit 1
fi
# Through the socket as root: a monitoring user that logs in over TCP with a password.
mariadb --no-defaults -S "$W/sock" -uroot -e "
    CREATE DATABASE app;
    CREATE TABLE app.up (id INT); INSERT INTO app.up VALUES (1), (2);
    CREATE TABLE app.empty (id INT);
    CREATE USER 'monitor'@'127.0.0.1' IDENTIFIED BY 'pw';
    GRANT SELECT ON app.* TO 'monitor'@'127.0.0.1';" || { fail mysql "cannot create the monitoring user"; exit 1; }

cf() {   # cf NAME PORT PASSWD REQUEST [nologin]
    local body="virtual=127.0.0.1:3306
	real=127.0.0.1:$2 gate
	service=mysql
	passwd=\"$3\"
	database=\"app\"
	request=\"$4\""
    [ "${5:-}" = nologin ] || body+=$'\n\tlogin="monitor"'
    check_cf "$1" "$body"
}

expect_up mysql-rows "$(cf rows "$P" pw 'SELECT id FROM up')" 'up .*: 2 rows'
expect_down mysql-no-rows "$(cf none "$P" pw 'SELECT id FROM empty')" 'down .*: the query returned no rows'
expect_down mysql-wrong-password "$(cf badpw "$P" nope 'SELECT id FROM up')" "down .*Access denied for user 'monitor'"
expect_down mysql-bad-sql "$(cf badsql "$P" pw 'SELECT id FROM missing')" "down .*query: Table 'app.missing' doesn't exist"
expect_down mysql-no-login "$(cf nologin "$P" pw 'SELECT id FROM up' nologin)" 'needs login='
expect_down mysql-nothing-listening "$(cf closed "$(free_port)" pw 'SELECT 1')" "down .*Can't connect to server"
# 100 million rows (MariaDB's Sequence engine): read one at a time and only up to the
# row cap, so up at once (buffering the whole result set timed out or ate memory).
expect_up mysql-huge-result "$(cf huge "$P" pw 'SELECT seq FROM seq_1_to_100000000')" 'up .*: at least 1000 rows \(not read further\)'

# A hung server: accepted by the kernel, never answered. negotiatetimeout=3.
expect_hung_down mysql-stopped-server "$(cf stopped "$P" pw 'SELECT id FROM up')" 'down .*timed out after 3 s' "$MPID"
# And it is up again once resumed.
expect_up mysql-resumed "$(cf resumed "$P" pw 'SELECT id FROM up')" 'up .*: 2 rows'
