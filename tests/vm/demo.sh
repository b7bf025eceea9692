#!/bin/bash
# make demo: boots the real-kernel VM once and runs tests/vm/demo/demo.sh in it, printing
# what it shows. Everything stays inside the VM.
set -u
cd "$(dirname "$0")/../.."
echo "Booting Debian's 6.1 kernel under qemu (software emulation; ~10 s) with directord inside..."
tests/vm/boot.sh demo 300 tests/vm/demo/demo.sh >build/vm-demo.result 2>&1
tr -d '\r' <build/vm/demo.log | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' |
  awk '/^SCENARIO-BEGIN demo/ { on = 1; next } /^SCENARIO-END demo/ { on = 0 } on && !/^PASS /'
if grep -q '^PASS vm/demo/ran' build/vm-demo.result; then echo; echo "Demo finished."
else echo; echo "Demo did not finish:"; cat build/vm-demo.result; exit 1; fi
