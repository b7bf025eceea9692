#!/bin/bash
# make demo: boots the real-kernel VM once and runs the director pair (1-pair.sh), then one
# director's health checks (2-director.sh), printing what they show. Everything stays inside the VM.
set -u
cd "$(dirname "$0")/../.."
echo "Booting Debian's 6.1 kernel under qemu (software emulation; ~10 s) with heartbeatd and directord inside..."
# The resource scripts ride along; the guest copies them into each node's resource.d.
export VM_EXTRA_FILES="resource.d/IPaddr:/opt/ha/resource.d/IPaddr resource.d/IPaddr2:/opt/ha/resource.d/IPaddr2 resource.d/directord:/opt/ha/resource.d/directord"
tests/vm/boot.sh demo 600 tests/vm/demo/1-pair.sh tests/vm/demo/2-director.sh >build/vm-demo.result 2>&1
tr -d '\r' <build/vm/demo.log | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' |
  awk '/^SCENARIO-BEGIN / { on = 1; next } /^SCENARIO-END/ { on = 0 } on && !/^PASS /'
echo
if grep -q '^FAIL' build/vm-demo.result || ! grep -q '^PASS vm/demo/ran' build/vm-demo.result; then
  echo "The demo did not run as it should:"; grep -E '^(FAIL|SKIP)' build/vm-demo.result; exit 1
fi
echo "Demo finished: $(grep -c '^PASS' build/vm-demo.result) steps checked."
