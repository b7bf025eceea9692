#!/bin/bash
# directord's checks against real servers started on loopback (suite "real" of
# tests/run-all.sh): nginx, MariaDB, PostgreSQL, dnsmasq, slapd, freeradius ...
#
# Contract for test files:
#  * Every executable tests/real/NN-name.sh is run in order, as its own process, with a
#    time limit (REAL_TEST_LIMIT, default 180 s).
#  * A test sources lib.sh, calls `real_init NAME` (work dir $W, cleanup trap that kills
#    only the PIDs it started), and prints lines "PASS real/<name>", "FAIL real/<name>: why"
#    or "SKIP real/<name>: reason" (lib.sh's pass/fail/skip).
#  * Servers listen on 127.0.0.0/8 or ::1 only, on ports the test picked free.
# REAL_ONLY=regex (on file names) runs a subset; KEEP=1 keeps the work directories.
set -u
cd "$(dirname "$0")"
limit=${REAL_TEST_LIMIT:-180}
rc=0
for t in [0-9][0-9]-*.sh; do
    [ -x "$t" ] || continue
    [ -n "${REAL_ONLY:-}" ] && ! [[ $t =~ ${REAL_ONLY} ]] && continue
    out=$(timeout -k 5 "$limit" "./$t" 2>&1)
    st=$?
    printf '%s\n' "$out"
    if [ $st -ne 0 ] && ! grep -q '^FAIL ' <<<"$out"; then
        echo "FAIL real/${t%.sh}: exited with status $st$([ $st = 124 ] && echo " (timed out after ${limit}s)")"
    fi
    grep -q '^FAIL ' <<<"$out" && rc=1
    [ $st -ne 0 ] && rc=1
done
exit $rc
