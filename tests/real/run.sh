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
exec ../run-dir.sh real "$limit" "${REAL_ONLY:-}"
