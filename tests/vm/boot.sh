#!/bin/bash
# boot.sh NAME TIMEOUT SCRIPT...
# Runs the given scenario scripts against a real IPVS kernel and prints the result lines
# (PASS/FAIL/SKIP/BENCH) they produce, plus FAIL/SKIP lines of its own if the machinery fails.
#  - Host kernel with IPVS: each script runs in a fresh network namespace right here.
#  - Otherwise: one qemu boot (TCG) of Debian's kernel runs them all, each in its own netns.
# TIMEOUT (s) bounds the whole boot; the qemu process is killed by its PID when it expires.
# Console log: build/vm/NAME.log. Env: VM_FORCE_QEMU=1 skips the host check.
set -u
cd "$(dirname "$0")/../.."
name=$1 limit=$2; shift 2
mkdir -p build/vm
log=build/vm/$name.log
work=$(mktemp -d "build/vm/run-$name.XXXXXX")
qpid=
cleanup() {
  if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
    kill "$qpid" 2>/dev/null; sleep 1; kill -9 "$qpid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The payload: the scenario runner, the helpers and the scripts, as /payload in the guest.
mkdir -p "$work/payload/scenarios"
cp tests/vm/guest-main.sh "$work/payload/main.sh"
cp tests/vm/guest-lib.sh "$work/payload/guest-lib.sh"
for s in "$@"; do cp "$s" "$work/payload/scenarios/"; done

host_has_ipvs() {
  [ -e /proc/net/ip_vs ] && return 0
  command -v genl >/dev/null && genl ctrl list 2>/dev/null | grep -q 'IPVS'
}

# The console log as plain lines: no CRs, no terminal escapes (the firmware clears the screen).
console() { tr -d '\r' <"$log" | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g'; }

# Relays result lines, then checks that every scenario ran to its end.
report() {
  # Result lines, and the indented detail lines that follow a FAIL.
  console | awk '/^(PASS|FAIL|SKIP|BENCH) / { f = /^FAIL/; print; next } f && /^    / { print; next } { f = 0 }'
  local s
  for s in "$@"; do
    s=$(basename "$s" .sh)
    if ! console | grep -q "^SCENARIO-END $s "; then
      echo "FAIL vm/$s: the scenario never finished (log: $log)"
      console | grep -v '^\s*$' | tail -n 8 | sed 's/^/    /'
    fi
  done
}

if [ -z "${VM_FORCE_QEMU:-}" ] && host_has_ipvs; then
  echo "# host kernel has IPVS: running in network namespaces on the host"
  SCENARIO_TIMEOUT=${VM_SCENARIO_TIMEOUT:-300} PATH=$PWD/bin:$PATH timeout -k 5 "$limit" sh "$work/payload/main.sh" >"$log" 2>&1
  report "$@"
  exit 0
fi

if ! command -v qemu-system-x86_64 >/dev/null; then
  echo "SKIP vm/$name: qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"; exit 0
fi
if ! kerr=$(tests/vm/kernel.sh 2>&1 >/dev/null); then
  echo "SKIP vm/$name: cannot get a kernel with IPVS: $kerr"; exit 0
fi
kdir=build/vm/kernel
if ! out=$(tests/vm/initramfs.sh "$work/payload" "$work/initrd.gz" 2>&1); then
  echo "FAIL vm/$name: building the initramfs failed"; echo "$out" | tail -n 10 | sed 's/^/    /'; exit 1
fi

start=$(date +%s.%N)
qemu-system-x86_64 -m 512 -smp 1 -nographic -no-reboot \
  -kernel "$kdir/vmlinuz" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 quiet loglevel=1 panic=-1 SCENARIO_TIMEOUT=${VM_SCENARIO_TIMEOUT:-300}" \
  </dev/null >"$log" 2>&1 &
qpid=$!
deadline=$(( $(date +%s) + limit ))
while kill -0 "$qpid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
timed_out=
if kill -0 "$qpid" 2>/dev/null; then
  timed_out=1
  kill "$qpid" 2>/dev/null; sleep 1; kill -9 "$qpid" 2>/dev/null
fi
wait "$qpid" 2>/dev/null
qpid=
end=$(date +%s.%N)

report "$@"
if [ -n "$timed_out" ]; then
  echo "FAIL vm/$name: the VM did not power off within $limit s (killed; log: $log)"
elif ! console | grep -q '^GUEST-DONE'; then
  echo "FAIL vm/$name: the VM stopped before finishing (log: $log)"
  console | grep -v '^\s*$' | tail -n 8 | sed 's/^/    /'
fi
booted=$(console | sed -n 's/.*GUEST-BOOTED //p')
awk -v s="$start" -v e="$end" -v b="${booted:-?}" \
  'BEGIN { printf "# VM: %.1f s from qemu start to power-off; guest ready at %s s uptime\n", e - s, b }'
console | grep '^GUEST insmod' | sed 's/^/# /'
exit 0
