#!/bin/bash
# directord under the stock OCF agent ocf:heartbeat:ldirectord (Debian's resource-agents),
# unchanged, with ldirectord=bin/directord: ocf-tester passes, and every status/start/stop
# case the agent meets, the stale pid file of a killed daemon included, gives the OCF code
# Pacemaker needs (7 = not running, never 1 = error, for a daemon that died).
# No IPVS kernel is needed: DIRECTORD_IPVSADM selects the ipvsadm stand-in
# bin/ipvsadm-record (the agent runs `directord CFG CMD` and passes no options).
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
D=$ROOT/bin/directord
AGENT=/usr/lib/ocf/resource.d/heartbeat/ldirectord
pass() { echo "PASS pcmk/$1"; }
fail() { echo "FAIL pcmk/$1: $2"; }
skip() { echo "SKIP pcmk/$1: $2"; }
if [ ! -x "$AGENT" ] || ! command -v ocf-tester >/dev/null; then
  skip ocf_ldirectord "needs Debian's resource-agents (ocf:heartbeat:ldirectord, ocf-tester)"; exit 0
fi
if [ "$(id -u)" != 0 ]; then skip ocf_ldirectord "needs root (the agent's pid file is in /var/run)"; exit 0; fi
[ -x "$D" ] && [ -x bin/ipvsadm-record ] || { skip ocf_ldirectord "bin/directord or bin/ipvsadm-record not built"; exit 0; }

T=$(mktemp -d /tmp/pcmk-ocf.XXXXXX)
# The pid file is named after the config file, as ldirectord's: a unique name per run.
CF=$T/pcmk-ocf-$$.cf
PIDFILE=/var/run/ldirectord.pcmk-ocf-$$.cf.pid
DECOYS=()
cleanup() {
  local p
  p=$(cat "$PIDFILE" 2>/dev/null)
  # Only a daemon of this run (its command line names our config file).
  [ -n "$p" ] && tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF "$CF" && kill -9 "$p" 2>/dev/null
  for p in "${DECOYS[@]}"; do kill "$p" 2>/dev/null; done
  rm -f "$PIDFILE"
  rm -rf "$T"
}
trap cleanup EXIT
cat >"$CF" <<EOF
logfile="$T/directord.log"
checkinterval=1
virtual=10.11.0.1:80
	real=10.11.0.2:80 gate
	checktype=on
EOF
mkdir "$T/rec"
export OCF_ROOT=/usr/lib/ocf DIRECTORD_IPVSADM=$ROOT/bin/ipvsadm-record IPVS_RECORD_DIR=$T/rec
export OCF_RESOURCE_INSTANCE=ld OCF_RESKEY_ldirectord=$D OCF_RESKEY_configfile=$CF

# agent ACTION: runs the stock agent as Pacemaker would; output in $T/agent.out
agent() { "$AGENT" "$1" >"$T/agent.out" 2>&1; }
expect_agent() {  # NAME ACTION WANT
  agent "$2"; local rc=$?
  if [ "$rc" -eq "$3" ]; then pass "$1"; else fail "$1" "agent $2: rc $rc, want $3: $(head -c 300 "$T/agent.out")"; fi
}
table_has_virtual() { "$ROOT/bin/ipvsadm-record" -S -n 2>/dev/null | grep -q -- '-A -t 10.11.0.1:80'; }
daemon_pid() { cat "$PIDFILE" 2>/dev/null; }

# 1. ocf-tester: the agent's whole life cycle (probe, start, start again, stop, stop again).
if ocf-tester -n ld -o ldirectord="$D" -o configfile="$CF" "$AGENT" >"$T/tester.out" 2>&1 &&
   grep -q 'passed all tests' "$T/tester.out"; then pass ocf_tester
else fail ocf_tester "$(grep -v 'optional' "$T/tester.out" | head -c 600)"; fi

# 2. The cases one by one.
expect_agent ocf_monitor_stopped monitor 7
expect_agent ocf_start start 0
expect_agent ocf_monitor_running monitor 0
table_has_virtual && pass ocf_start_table || fail ocf_start_table "no virtual in $("$ROOT/bin/ipvsadm-record" -S -n 2>&1)"
expect_agent ocf_start_again start 0

# directord dies (kill -9): its pid file stays behind.
P=$(daemon_pid)
kill -9 "$P" 2>/dev/null
for _ in $(seq 50); do kill -0 "$P" 2>/dev/null || break; sleep 0.1; done
[ -e "$PIDFILE" ] && pass ocf_stale_pidfile_left || fail ocf_stale_pidfile_left "no pid file after kill -9"
"$D" "$CF" status >"$T/status.out" 2>"$T/status.err"; rc=$?
if [ "$rc" -eq 1 ] && grep -q 'ldirectord stale pid file' "$T/status.err"; then pass ocf_status_stale_words
else fail ocf_status_stale_words "status rc $rc: $(cat "$T/status.err" | head -c 300)"; fi
expect_agent ocf_monitor_stale monitor 7
expect_agent ocf_start_over_stale start 0
[ "$(daemon_pid)" != "$P" ] && [ -n "$(daemon_pid)" ] && pass ocf_start_over_stale_new_pid || fail ocf_start_over_stale_new_pid "pid file: $(daemon_pid)"
expect_agent ocf_monitor_after_stale_start monitor 0

# Killed again, then stopped by the cluster (e.g. on its way elsewhere): success, file gone.
P=$(daemon_pid); kill -9 "$P"; for _ in $(seq 50); do kill -0 "$P" 2>/dev/null || break; sleep 0.1; done
expect_agent ocf_stop_stale stop 0
[ ! -e "$PIDFILE" ] && pass ocf_stop_stale_removes_file || fail ocf_stop_stale_removes_file "pid file left"
expect_agent ocf_monitor_after_stop_stale monitor 7

# A pid file naming a live process that is not directord (pid reused): not running.
sleep 300 & DECOYS+=($!)
echo "$!" >"$PIDFILE"
expect_agent ocf_monitor_pid_reused monitor 7
expect_agent ocf_start_pid_reused start 0
kill -0 "${DECOYS[0]}" 2>/dev/null && pass ocf_pid_reused_untouched || fail ocf_pid_reused_untouched "the unrelated process was killed"

# Running, then the config file is broken: monitor still says running, stop still stops.
cp "$CF" "$T/good.cf"
echo "bogus=1" >>"$CF"
expect_agent ocf_monitor_broken_config monitor 0
P=$(daemon_pid)
expect_agent ocf_stop_broken_config stop 0
kill -0 "$P" 2>/dev/null && fail ocf_stopped_broken_config "pid $P alive" || pass ocf_stopped_broken_config
table_has_virtual && fail ocf_stop_cleans_table "virtual left in the table" || pass ocf_stop_cleans_table
expect_agent ocf_stop_stopped stop 0

# A start that cannot work is an error (1), not "running": broken config.
expect_agent ocf_start_broken_config start 1
expect_agent ocf_monitor_broken_stopped monitor 7
cp "$T/good.cf" "$CF"
exit 0
