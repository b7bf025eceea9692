#!/bin/bash
# Multi-node heartbeatd tests in network namespaces (suite "netns" of tests/run-all.sh).
#
# Contract for test files (owned jointly; this runner and lib.sh belong to the daemon side):
#  * Every executable tests/netns/NN-name.sh (NN two digits) is run in order, as its own
#    process, with a time limit (NETNS_TEST_LIMIT, default 180 s).
#  * A test sources lib.sh, calls `lib_init NAME` (unique namespace prefix, work dir,
#    cleanup trap that kills only the PIDs it started and deletes its namespaces), and
#    prints one or more lines "PASS netns/<name>", "FAIL netns/<name>: why",
#    "SKIP netns/<name>: reason" (lib.sh's pass/fail/skip).
#  * Network traffic stays inside the namespaces the test created.
#  * A test that exits non-zero or times out without printing a FAIL line is reported here.
# Set NETNS_ONLY=regex (on the file names) to run a subset, KEEP=1 to keep the work directories.
set -u
cd "$(dirname "$0")"
limit=${NETNS_TEST_LIMIT:-180}
if [ "$(id -u)" != 0 ]; then echo "SKIP netns/all: needs root"; exit 0; fi
exec ../run-dir.sh netns "$limit" "${NETNS_ONLY:-}"
