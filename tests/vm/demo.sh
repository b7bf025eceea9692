#!/bin/bash
# make demo: boots the real-kernel VM once and runs the director pair (1-pair.sh), one
# director's health checks (2-director.sh), then a whole LVS-DR cluster with a client under
# failures (3-lvs-dr.sh), printing what they show. Everything stays inside the VM.
# It ends with the "DEMO name value" lines of 3-lvs-dr.sh; the client's picture as SVG goes
# to build/demo/lvs-dr-client.svg.
set -u
cd "$(dirname "$0")/../.."
echo "Booting Debian's 6.1 kernel under qemu (software emulation; ~10 s) with heartbeatd and directord inside..."
# The resource scripts and the real-server init script ride along; the guest copies them
# into each node's resource.d.
export VM_EXTRA_FILES="resource.d/IPaddr:/opt/ha/resource.d/IPaddr resource.d/IPaddr2:/opt/ha/resource.d/IPaddr2 resource.d/directord:/opt/ha/resource.d/directord resource.d/IPVSsyncd:/opt/ha/resource.d/IPVSsyncd etc/init.d/lvs-realserver:/opt/ha/etc/init.d/lvs-realserver"
tests/vm/boot.sh demo 600 tests/vm/demo/1-pair.sh tests/vm/demo/2-director.sh tests/vm/demo/3-lvs-dr.sh >build/vm-demo.result 2>&1
console() { tr -d '\r' <build/vm/demo.log | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g'; }
console | awk '/^SCENARIO-BEGIN / { on = 1; next } /^SCENARIO-END/ { on = 0 } /^DEMO-SVG-BEGIN/ { svg = 1 }
  on && !svg && !/^PASS / && !/^DEMO / { print } /^DEMO-SVG-END/ { svg = 0 }'
mkdir -p build/demo
svg=build/demo/lvs-dr-client.svg
console | awk '/^DEMO-SVG-END/ { on = 0 } on { print } /^DEMO-SVG-BEGIN/ { on = 1 }' >$svg
[ -s $svg ] && echo "The client's requests over time, as a picture: $PWD/$svg"
echo
rc=0
if grep -q '^FAIL' build/vm-demo.result || ! grep -q '^PASS vm/demo/ran' build/vm-demo.result; then
  echo "The demo did not run as it should:"; grep -E '^(FAIL|SKIP)' build/vm-demo.result; rc=1
else
  echo "Demo finished: $(grep -c '^PASS' build/vm-demo.result) steps checked."
fi
console | grep '^DEMO '
exit $rc
