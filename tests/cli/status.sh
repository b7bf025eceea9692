#!/bin/bash
# `directord status` from the running daemon (its status socket), with the table kept by
# the ipvsadm stand-in: each real's state (not read from its weight) and its check's last
# result with reason and age; --json; and the log line saying why a real went down, beside
# ldirectord's "Deleted real server" line. Run by tests/cli/run.sh; prints PASS/FAIL/SKIP.
set -u
cd "$(dirname "$0")/../.."
D=${DIRECTORD:-$PWD/bin/directord}
REC=$PWD/bin/ipvsadm-record
pass() { echo "PASS cli/$1"; }
fail() { echo "FAIL cli/$1: $2"; }
if [ ! -x "$REC" ] || ! command -v python3 >/dev/null || ! command -v socat >/dev/null; then
  echo "SKIP cli/status_health: needs bin/ipvsadm-record, python3 and socat"; exit 0
fi
T=$(mktemp -d /tmp/directord-status.XXXXXX)
LPID="" DPID=""
cleanup() {
  [ -n "$DPID" ] && kill "$DPID" 2>/dev/null
  [ -n "$LPID" ] && kill "$LPID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
expect_grep() {  # NAME FILE PATTERN
  if grep -qE -- "$3" "$2"; then pass "$1"; else fail "$1" "no /$3/ in $(basename "$2"): $(head -c 600 "$2")"; fi
}
# A listener on a free port of 127.0.0.1; port 1 of 127.0.0.2 refuses.
exec {fd}< <(exec socat -u TCP-LISTEN:0,bind=127.0.0.1,fork,reuseaddr /dev/null 2>/dev/null & echo $!)
read -r LPID <&$fd
PA=""
for i in $(seq 50); do
  PA=$(ss -Hltnp 2>/dev/null | awk -v p="pid=$LPID," 'index($0, p) {split($4, a, ":"); print a[2]; exit}')
  [ -n "$PA" ] && break; sleep 0.1
done
[ -n "$PA" ] || { fail status_listener "socat did not listen"; exit 0; }
cat >"$T/s.cf" <<EOF2
logfile="$T/log"
checkinterval=1
checktimeout=1
autoreload=no
quiescent=no
virtual=10.14.0.1:80
	real=127.0.0.1:$PA masq
	real=127.0.0.2:1 masq
	checktype=connect
virtual=10.14.0.2:80
	real=127.0.0.1:$PA masq 0
	checktype=connect
	quiescent=yes
EOF2
export IPVS_RECORD_DIR=$T/rec
mkdir -p "$IPVS_RECORD_DIR"
DS=("$D" --ipvsadm="$REC" --pidfile "$T/d.pid")
if "${DS[@]}" "$T/s.cf" start >"$T/out" 2>&1; then DPID=$(cat "$T/d.pid"); pass status_daemon_started
else fail status_daemon_started "$(head -c 300 "$T/out")"; exit 0; fi
[ -S "$T/d.sock" ] && pass status_socket_beside_pidfile || fail status_socket_beside_pidfile "no $T/d.sock: $(ls "$T")"
[ "$(stat -c %a "$T/d.sock" 2>/dev/null)" = 600 ] && pass status_socket_0600 || fail status_socket_0600 "mode $(stat -c %a "$T/d.sock" 2>/dev/null)"
for i in $(seq 60); do
  grep -q "Added real server: 127\.0\.0\.1:$PA (tcp:10\.14\.0\.1:80)" "$T/log" 2>/dev/null && break
  sleep 0.1
done
sleep 1.5   # every check has a result
"${DS[@]}" "$T/s.cf" status >"$T/st" 2>"$T/st.err"; rc=$?
[ $rc = 0 ] && pass status_running_rc || fail status_running_rc "rc $rc: $(head -c 300 "$T/st.err")"
expect_grep status_header_last_check "$T/st" '^  -> RemoteAddress:Port +Forward Weight ActiveConn InActConn State +Last check$'
expect_grep status_up_real_with_reason_and_age "$T/st" "^  -> 127\.0\.0\.1:$PA +Masq +1 +0 +0 +up +up [0-9]+\.[0-9]s ago"
# Weight 0 by configuration, up by its check: "up", not "quiescent".
expect_grep status_weight0_is_up_not_quiescent "$T/st" "^  -> 127\.0\.0\.1:$PA +Masq +0 +0 +0 +up +up [0-9]+\.[0-9]s ago"
expect_grep status_down_real_reason "$T/st" '^  -> 127\.0\.0\.2:1 +Masq +0 +0 +0 +down \(not in the table\) +down [0-9]+\.[0-9]s ago: .*refused'
"${DS[@]}" "$T/s.cf" status --json >"$T/json" 2>"$T/json.err"; rc=$?
if python3 - "$T/json" "$PA" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
port = sys.argv[2]
assert d["running"] is True and d["health_known"] is True, d
v = {x["service"]: x for x in d["virtuals"]}
reals = {r["address"]: r for r in v["tcp 10.14.0.1:80"]["reals"]}
up = reals["127.0.0.1:" + port]
assert up["state"] == "up" and up["in_table"] and up["last_check"]["result"] == "up", up
assert up["last_check"]["age_ms"] >= 0
down = reals["127.0.0.2:1"]
assert down["state"] == "down" and not down["in_table"], down
assert "refused" in down["last_check"]["reason"], down
PY
then pass status_json; else fail status_json "rc $rc: $(head -c 600 "$T/json") $(head -c 200 "$T/json.err")"; fi
"${DS[@]}" "$T/s.cf" status --stats >"$T/stats" 2>&1; rc=$?
expect_grep status_stats_needs_netlink "$T/stats" 'netlink'
# The real goes down: why, in a line of its own, then ldirectord's line for the change.
kill "$LPID" 2>/dev/null; wait "$LPID" 2>/dev/null; LPID=""
for i in $(seq 60); do grep -q "Deleted real server: 127\.0\.0\.1:$PA" "$T/log" && break; sleep 0.1; done
expect_grep down_reason_own_line "$T/log" "^\[[^]]+\] Real server 127\.0\.0\.1:$PA \(tcp:10\.14\.0\.1:80\) is down: .*refused"
expect_grep down_change_ldirectord_wording "$T/log" "^\[[^]]+\] Deleted real server: 127\.0\.0\.1:$PA \(tcp:10\.14\.0\.1:80\)$"
for i in $(seq 30); do grep -q "Quiescent real server: 127\.0\.0\.1:$PA" "$T/log" && break; sleep 0.1; done
"${DS[@]}" "$T/s.cf" status >"$T/st2" 2>&1
expect_grep status_after_down "$T/st2" "^  -> 127\.0\.0\.1:$PA +Masq +0 +0 +0 +down \(not in the table\) +down [0-9.]+s ago: .*refused"
expect_grep status_quiescent_real "$T/st2" "^  -> 127\.0\.0\.1:$PA +Masq +0 +0 +0 +quiescent +down [0-9.]+s ago: .*refused"
"${DS[@]}" "$T/s.cf" stop >/dev/null 2>&1
! kill -0 "$DPID" 2>/dev/null && DPID=""
[ -e "$T/d.sock" ] && fail status_socket_removed "left behind" || pass status_socket_removed
"${DS[@]}" "$T/s.cf" status >"$T/st3" 2>&1; rc=$?
[ $rc = 3 ] && pass status_stopped_rc || fail status_stopped_rc "rc $rc"
expect_grep status_stopped_states_unknown "$T/st3" 'states unknown'
exit 0
