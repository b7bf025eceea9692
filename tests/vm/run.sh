#!/bin/bash
# The real-kernel suite (tests/run-all.sh "vm"): every tests/vm/scenarios/NN-name.sh in one
# boot of a qemu VM with Debian's kernel (or in network namespaces if this host has IPVS).
# Prints PASS/FAIL/SKIP lines. Env: VM_TIMEOUT (s, whole boot, default 900).
set -u
cd "$(dirname "$0")/../.."

# What the guest runs; a no-op under `make check`, which builds it all first.
if ! out=$(make -s -j2 bin/ipvs-selftest bin/lvs_demo 2>&1); then
  echo "FAIL vm/build: cannot build bin/ipvs-selftest or bin/lvs_demo"; echo "$out" | tail -n 15 | sed 's/^/    /'; exit 1
fi
make -s -j2 bin/directord >/dev/null 2>&1 ||
  echo "# bin/directord does not build right now; the VM gets whatever bin/ holds"

# This host's kernel: when it lacks IPVS, NetlinkKernel must say so in plain words.
probe=$(bin/ipvs-selftest probe 2>&1)
case $probe in
  ok*) echo "SKIP vm/host/no-ipvs-message: this host's kernel has IPVS" ;;
  *"IPVS is not available in this kernel (modprobe ip_vs)"*) echo "PASS vm/host/no-ipvs-message" ;;
  *) echo "FAIL vm/host/no-ipvs-message: got: $probe" ;;
esac

# The scripts scenarios run, at their installed names under /opt/ha.
export VM_EXTRA_FILES="${VM_EXTRA_FILES:-} resource.d/IPVSsyncd:/opt/ha/resource.d/IPVSsyncd etc/init.d/lvs-realserver:/opt/ha/etc/init.d/lvs-realserver"
exec tests/vm/boot.sh tests "${VM_TIMEOUT:-900}" tests/vm/scenarios/*.sh
