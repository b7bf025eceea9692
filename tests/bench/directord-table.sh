#!/bin/bash
# Benchmark: directord applying a 1,000 virtuals x 10 real servers ldirectord.cf to an empty
# IPVS table versus `ipvsadm -R` of the same table, a no-change reload, and directord's RSS,
# in one boot of the test VM (TCG: compare the numbers with each other only).
# Prints "BENCH name value unit" lines; problems become "# ..." lines; always exits 0.
cd "$(dirname "$0")/../.."
if ! make -s -j2 bin/directord bin/ipvs-bench >/dev/null 2>&1; then
  echo "# directord-table: binaries do not build; skipped"; exit 0
fi
VM_SCENARIO_TIMEOUT=500 tests/vm/boot.sh bench-directord 600 tests/bench/guest/directord-table.sh |
  sed -E 's/^(FAIL|SKIP) /# directord-table: \1 /; /^PASS /d'
exit 0
