#!/bin/bash
# service=smtp and submission against aiosmtpd (Debian's python3-aiosmtpd) on 127.0.0.1,
# its own process: banner + EHLO up for both services, a SIGSTOPped server down within
# negotiatetimeout, a server gone down.
source "$(dirname "$0")/lib.sh"
real_init smtp
PY=/usr/bin/python3
if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then skip smtp "python3-aiosmtpd is not installed (make deps)"; exit 0; fi

P=$(free_port)
# -n: no setuid to nobody; the default handler takes and drops mail (nothing is sent here).
start_bg "$PY" -m aiosmtpd -n -l "127.0.0.1:$P"
SPID=${LIB_PIDS[-1]}
if ! wait_port 127.0.0.1 "$P" 15; then fail smtp "aiosmtpd did not start"; exit 1; fi

# $1 name, $2 service
cf() {
    check_cf "$1" "virtual=192.0.2.1:25
	service=$2
	real=127.0.0.1:$P gate"
}

expect_up smtp-ehlo "$(cf ehlo smtp)" 'up .*: 220 .*SMTP'
expect_up smtp-submission "$(cf submission submission)" 'up .*: 220 .*SMTP'

expect_hung_down smtp-stopped "$(cf stopped smtp)" 'timed out after 3 s' "$SPID"
expect_up smtp-resumed "$(cf resumed smtp)"

kill -TERM "$SPID" 2>/dev/null
wait_for 5 bash -c "! exec 3<>/dev/tcp/127.0.0.1/$P"
expect_down smtp-server-gone "$(cf gone smtp)" 'refused'
