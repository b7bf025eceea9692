#!/bin/bash
# Benchmark: applying a 1,000 services x 10 real servers IPVS table with `ipvsadm -R` versus
# NetlinkKernel::apply (pipelined netlink), and dumping it back, in one boot of the test VM
# (TCG: compare the numbers with each other, not with real hardware).
# Prints "BENCH name value unit" lines; problems become "# ..." lines; always exits 0.
cd "$(dirname "$0")/../.."
if ! make -s -j2 bin/ipvs-bench >/dev/null 2>&1; then
  echo "# ipvs-apply: bin/ipvs-bench does not build; skipped"; exit 0
fi
VM_SCENARIO_TIMEOUT=500 tests/vm/boot.sh bench-ipvs 600 tests/bench/guest/ipvs-apply.sh |
  sed -E 's/^(FAIL|SKIP) /# ipvs-apply: \1 /; /^PASS /d'
exit 0
