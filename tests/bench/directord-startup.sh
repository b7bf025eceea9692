#!/bin/bash
# Benchmark (issue 15): start-up on the real kernel with 1,000 virtuals x 10 reals that answer,
# one connect check each: directord start to "every real checked once and in the table",
# `ipvsadm -R` of the same table, and keepalived (Debian's, TCP_CHECK, alpha, warmup 0) to the
# same moment, in one boot of the test VM (TCG: compare the numbers with each other only).
# Prints "BENCH name value unit" lines; problems become "# ..." lines; always exits 0.
# STARTUP_GUEST_SCRIPT=path runs another guest script in its place (experiments). The guest
# has /proc but no perf: the CPU split it prints comes from /proc/stat and /proc/PID/stat.
# bench-time-limit: 900
cd "$(dirname "$0")/../.."
if ! make -s -j2 bin/directord bin/ipvs-bench >/dev/null 2>&1; then
  echo "# directord-startup: binaries do not build; skipped"; exit 0
fi
extra=
if [ -x /usr/sbin/keepalived ]; then extra=/usr/sbin/keepalived
else echo "# directord-startup: no keepalived on this host (apt-get install keepalived): not compared"; fi
VM_EXTRA_BINS="$extra" VM_SCENARIO_TIMEOUT=800 tests/vm/boot.sh bench-startup 860 \
  ${STARTUP_GUEST_SCRIPT:-tests/bench/guest/directord-startup.sh} |
  sed -E 's/^(FAIL|SKIP) /# directord-startup: \1 /; /^PASS /d'
exit 0
