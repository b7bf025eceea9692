#!/bin/bash
# directord --ipvsadm with a slow tool: a stand-in ipvsadm that takes 100 ms a call (then
# does what bin/ipvsadm-record does). 300 reals checked by `connect` against listeners this
# script opens on 127.6.x.y must all be in the table within a few seconds (one `ipvsadm -R`
# per sync, run off the event loop), and every real must keep being checked every
# checkinterval meanwhile (gaps seen by the listeners). Then a tool taking 2 s a call: a
# reload and a stop that arrive while a sync is out wait for it and lose nothing.
# Run by tests/cli/run.sh; prints PASS/FAIL/SKIP lines.
set -u
cd "$(dirname "$0")/../.."
D=${DIRECTORD:-$PWD/bin/directord}
REC=$PWD/bin/ipvsadm-record
pass() { echo "PASS cli/$1"; }
fail() { echo "FAIL cli/$1: $2"; }
if [ ! -x "$REC" ] || ! command -v python3 >/dev/null; then
  echo "SKIP cli/ipvsadm_slow_tool: needs bin/ipvsadm-record and python3"; exit 0
fi
T=$(mktemp -d /tmp/directord-ipvsadm.XXXXXX)
LPID="" PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  [ -n "$LPID" ] && kill "$LPID" 2>/dev/null && wait "$LPID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
now_ms() { date +%s%3N; }
# Daemon pid from its pid file (kept for the clean-up: a daemon left behind by a failure).
daemon_pid() { local p; p=$(cat "$1" 2>/dev/null) && [ -n "$p" ] && PIDS+=("$p"); echo "$p"; }
up_in_table() {   # reals with weight > 0 in the stand-in's table
  IPVS_RECORD_DIR=$1 "$REC" -S -n 2>/dev/null | grep -c -- '^-a .* -w [1-9]'
}

# --- 300 reals, a 100 ms tool --------------------------------------------------------
N=300
cat >"$T/listen.py" <<'EOF'
# Accepts and closes on N loopback addresses, one port; logs "<ms> <addr>" per connection.
import selectors, socket, sys, time
n, out = int(sys.argv[1]), open(sys.argv[2], "w", buffering=1)
addrs = ["127.6.%d.%d" % (i // 250, i % 250 + 1) for i in range(n)]
sel, port = selectors.DefaultSelector(), 0
for a in addrs:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a, port)); s.listen(128); s.setblocking(False)
    port = s.getsockname()[1]
    sel.register(s, selectors.EVENT_READ, a)
open(sys.argv[3], "w").write("%d\n" % port)
while True:
    for key, _ in sel.select():
        try:
            c, _ = key.fileobj.accept()
        except OSError:
            continue
        c.close()
        out.write("%d %s\n" % (time.time() * 1000, key.data))
EOF
python3 "$T/listen.py" "$N" "$T/accepts" "$T/port" 2>"$T/listen.err" &
LPID=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
PORT=$(cat "$T/port" 2>/dev/null)
if [ -z "$PORT" ]; then
  fail ipvsadm_slow_tool "listeners did not start: $(head -c 300 "$T/listen.err")"; exit 0
fi
cat >"$T/ipvsadm-100ms" <<EOF
#!/bin/sh
sleep 0.1
exec "$REC" "\$@"
EOF
chmod +x "$T/ipvsadm-100ms"
{
  echo "logfile=\"$T/slow.log\""; echo "checkinterval=1"; echo "checktimeout=1"; echo "autoreload=no"
  for k in 1 2; do
    echo "virtual=127.7.0.$k:80"
    for ((i = (k - 1) * N / 2; i < k * N / 2; i++)); do echo "	real=127.6.$(( i / 250 )).$(( i % 250 + 1 )):$PORT masq"; done
    echo "	checktype=connect"; echo "	scheduler=wrr"
  done
} >"$T/slow.cf"
mkdir -p "$T/rec"
t0=$(now_ms)
IPVS_RECORD_DIR="$T/rec" "$D" --ipvsadm="$T/ipvsadm-100ms" --pidfile "$T/slow.pid" "$T/slow.cf" start >"$T/out" 2>&1
rc=$?
DP=$(daemon_pid "$T/slow.pid")
if [ "$rc" -ne 0 ] || [ -z "$DP" ]; then
  fail ipvsadm_slow_start "exit $rc: $(head -c 300 "$T/out")"; exit 0
fi
pass ipvsadm_slow_start
up=0
for _ in $(seq 150); do   # 30 s at most; the old one-call-per-change backend needed > 30 s
  up=$(up_in_table "$T/rec"); [ "$up" -ge "$N" ] && break; sleep 0.2
done
t_all=$(( $(now_ms) - t0 ))
if [ "$up" -ge "$N" ] && [ "$t_all" -le 10000 ]; then pass ipvsadm_slow_all_up_within_10s
else fail ipvsadm_slow_all_up_within_10s "$up/$N up after ${t_all} ms"; fi
echo "# cli/ipvsadm: $N reals up through a 100 ms ipvsadm in ${t_all} ms"
sleep 3
t_end=$(now_ms)
"$D" --pidfile "$T/slow.pid" "$T/slow.cf" stop >"$T/out" 2>&1 || fail ipvsadm_slow_stop "$(head -c 300 "$T/out")"
# One -R per sync: the changes came in a few tool runs (each run logs its lines with its pid).
runs=$(awk '/ ipvsadm -a / { for (i = 1; i <= NF; i++) if ($i ~ /^pid=/) p[$i] = 1 } END { print length(p) }' "$T/rec/log")
adds=$(grep -c ' ipvsadm -a ' "$T/rec/log")
if [ "$adds" -ge "$N" ] && [ "$runs" -le 40 ]; then pass ipvsadm_slow_batched
else fail ipvsadm_slow_batched "$adds adds in $runs tool runs"; fi
echo "# cli/ipvsadm: $adds adds in $runs ipvsadm runs"
# Every real checked all along: no gap over 3 s between two checks of one real (interval 1 s;
# the per-op backend left 18 s gaps here).
read -r checked worst worst_addr < <(awk -v t0="$t0" -v t1="$t_end" '
  $1 >= t0 && $1 <= t1 { if ($2 in last) { g = $1 - last[$2]; if (g > max) { max = g; who = $2 } } else n++; last[$2] = $1 }
  END { printf "%d %d %s\n", n, max, who }' "$T/accepts")
if [ "$checked" -ge "$N" ] && [ "$worst" -le 3000 ]; then pass ipvsadm_slow_checks_keep_their_interval
else fail ipvsadm_slow_checks_keep_their_interval "$checked/$N reals checked, longest gap ${worst} ms ($worst_addr)"; fi
echo "# cli/ipvsadm: longest gap between two checks of one real ${worst} ms"
if grep -q 'Failed:' "$T/slow.log"; then fail ipvsadm_slow_no_failed_change "$(grep -m2 'Failed:' "$T/slow.log")"
else pass ipvsadm_slow_no_failed_change; fi
kill "$LPID" 2>/dev/null; wait "$LPID" 2>/dev/null; LPID=""

# --- a 2 s tool: reload and stop while a sync is out --------------------------------
cat >"$T/ipvsadm-2s" <<EOF
#!/bin/sh
sleep 2
exec "$REC" "\$@"
EOF
chmod +x "$T/ipvsadm-2s"
write_cf() {   # reals 127.8.0.1..$1, always up
  {
    echo "logfile=\"$T/hold.log\""; echo "checkinterval=1"; echo "autoreload=no"
    echo "virtual=127.9.0.1:80"
    for ((i = 1; i <= $1; i++)); do echo "	real=127.8.0.$i:80 gate"; done
    echo "	checktype=on"; echo "	scheduler=rr"; echo "	cleanstop=yes"
  } >"$T/hold.cf"
}
write_cf 3
mkdir -p "$T/rec2"
IPVS_RECORD_DIR="$T/rec2" "$D" --ipvsadm="$T/ipvsadm-2s" --pidfile "$T/hold.pid" "$T/hold.cf" start >"$T/out" 2>&1
rc=$?
DP=$(daemon_pid "$T/hold.pid")
if [ "$rc" -ne 0 ] || [ -z "$DP" ]; then
  fail ipvsadm_hold_start "exit $rc: $(head -c 300 "$T/out")"; exit 0
fi
# The first sync is out (its table read alone takes 2 s): a reload now waits for it.
write_cf 4
kill -HUP "$DP"
for _ in $(seq 200); do grep -q 'Reload complete' "$T/hold.log" 2>/dev/null && break; sleep 0.1; done
if grep -q 'after the table sync in progress' "$T/hold.log" && grep -q 'Reload complete' "$T/hold.log"; then
  pass ipvsadm_reload_waits_for_the_sync_out
else fail ipvsadm_reload_waits_for_the_sync_out "$(tail -5 "$T/hold.log" | tr '\n' '|')"; fi
# The reload's own sync is out now (2 s per call): stop waits for it, then cleans up.
"$D" --pidfile "$T/hold.pid" "$T/hold.cf" stop >"$T/out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && ! kill -0 "$DP" 2>/dev/null && [ ! -e "$T/hold.pid" ]; then pass ipvsadm_stop_during_sync
else fail ipvsadm_stop_during_sync "exit $rc: $(head -c 200 "$T/out") $(tail -3 "$T/hold.log" | tr '\n' '|')"; fi
if grep -q 'Waiting for the table sync in progress before stopping' "$T/hold.log"; then pass ipvsadm_stop_waited
else fail ipvsadm_stop_waited "$(tail -5 "$T/hold.log" | tr '\n' '|')"; fi
# Nothing lost: all 4 reals were added (the 4th by the reload), then cleanstop removed the virtual.
added=$(grep -c 'Added real server: 127\.8\.0\.[1-4]:80' "$T/hold.log")
if [ "$added" -eq 4 ] && grep -q 'Purged virtual server (stop)' "$T/hold.log" && [ "$(up_in_table "$T/rec2")" -eq 0 ] &&
   grep -q ' ipvsadm -a -t 127.9.0.1:80 -r 127.8.0.4:80' "$T/rec2/log"; then
  pass ipvsadm_nothing_lost
else fail ipvsadm_nothing_lost "$added added; $(grep -E 'Added|Purged|Failed' "$T/hold.log" | tr '\n' '|' | head -c 400)"; fi
exit 0
