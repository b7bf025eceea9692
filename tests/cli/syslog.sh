#!/bin/bash
# Levelled logging through syslog: directord logging to a facility (logfile="local0") in a
# private mount namespace whose /dev/log is a datagram socket this script reads. A reload
# with a broken file must reach syslog as priority err (<131> = local0.err) with ERROR:,
# while ordinary lines stay info (<134>); heartbeatd's warnings arrive as warnings. Run by tests/cli/run.sh; prints PASS/FAIL/SKIP.
set -u
cd "$(dirname "$0")/../.."
D=${DIRECTORD:-$PWD/bin/directord}
pass() { echo "PASS cli/$1"; }
fail() { echo "FAIL cli/$1: $2"; }
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null || ! command -v python3 >/dev/null; then
  echo "SKIP cli/syslog_priorities: needs root, unshare and python3"; exit 0
fi
T=$(mktemp -d /tmp/directord-syslog.XXXXXX)
RPID="" DPID=""
cleanup() {
  [ -n "$DPID" ] && kill "$DPID" 2>/dev/null
  [ -n "$RPID" ] && kill "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/dev"
for f in null zero urandom random; do : >"$T/dev/$f"; done
# The fake syslogd: every datagram on $T/dev/log becomes one line of $T/syslog.
python3 - "$T/dev/log" "$T/syslog" "$T/ready" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
out = open(sys.argv[2], "w", buffering=1)
open(sys.argv[3], "w").close()
while True:
    out.write(s.recv(65536).decode("utf-8", "replace").rstrip("\n") + "\n")
PY
RPID=$!
for i in $(seq 50); do [ -e "$T/ready" ] && break; sleep 0.1; done
cat >"$T/s.cf" <<EOF2
logfile="local0"
checkinterval=1
autoreload=no
virtual=10.13.0.1:80
	real=10.13.0.2:80 gate
	checktype=on
EOF2
# /dev in the daemon's namespace: our socket as /dev/log, the host's null/zero/urandom.
unshare -m --propagation private -- sh -c '
  for f in null zero urandom random; do mount --bind /dev/$f "$1/dev/$f" || exit 1; done
  mount --rbind "$1/dev" /dev || exit 1
  shift; exec "$@"' ns "$T" "$D" --dry-run --pidfile "$T/pid" "$T/s.cf" start >"$T/out" 2>&1
rc=$?
DPID=$(cat "$T/pid" 2>/dev/null)
[ $rc = 0 ] && [ -n "$DPID" ] && pass syslog_daemon_started || { fail syslog_daemon_started "rc $rc: $(head -c 300 "$T/out")"; exit 0; }
for i in $(seq 50); do grep -q 'Starting directord' "$T/syslog" 2>/dev/null && break; sleep 0.1; done
if grep -qE '^<134>.*directord\[[0-9]+\]: Starting directord' "$T/syslog"; then pass syslog_info_priority
else fail syslog_info_priority "no <134> start line: $(head -c 300 "$T/syslog")"; fi
echo "bogus=1" >>"$T/s.cf"
"$D" --pidfile "$T/pid" "$T/s.cf" reload >/dev/null 2>&1
for i in $(seq 50); do grep -q 'Reload failed' "$T/syslog" 2>/dev/null && break; sleep 0.1; done
if grep -qE '^<131>.*directord\[[0-9]+\]: ERROR: .*s\.cf:7: .*bogus' "$T/syslog"; then pass syslog_error_priority_err
else fail syslog_error_priority_err "no <131> error line: $(grep -i bogus "$T/syslog" | head -c 300)"; fi
if grep -qE '^<131>.*ERROR: Reload failed: keeping the running configuration' "$T/syslog"; then pass syslog_reload_failed_err
else fail syslog_reload_failed_err "$(grep 'Reload failed' "$T/syslog" | head -c 300)"; fi
if grep -E '^<13[0-9]>' "$T/syslog" | grep -vE '^<13[14]>' | grep -q .; then
  fail syslog_only_expected_priorities "$(grep -vE '^<13[14]>' "$T/syslog" | head -3)"
else pass syslog_only_expected_priorities; fi
"$D" --pidfile "$T/pid" "$T/s.cf" stop >/dev/null 2>&1
! kill -0 "$DPID" 2>/dev/null && DPID=""

# heartbeatd logging to syslog (no logfile, logfacility local1) in its own network
# namespace: a line not acted on (apiauth) arrives as a warning (<140> = local1.warning).
HB=${HEARTBEATD:-$PWD/bin/heartbeatd}
H=$T/hb
mkdir -p "$H/etc" "$H/var" "$H/lock"
cat >"$H/etc/ha.cf" <<EOF2
logfacility local1
keepalive 1
deadtime 5
realtime off
ucast lo 127.0.0.2
apiauth ipfail uid=hacluster
node nodea
EOF2
printf 'auth 1\n1 sha1 syslogtest\n' >"$H/etc/authkeys"; chmod 600 "$H/etc/authkeys"
: >"$H/etc/haresources"; echo nodea >"$H/etc/nodeinfo"
HBARGS=(-c "$H/etc" -S "$H/var" -p "$H/var/hb.pid" -L "$H/lock")
unshare -m -n --propagation private -- sh -c '
  ip link set lo up || exit 1
  for f in null zero urandom random; do mount --bind /dev/$f "$1/dev/$f" || exit 1; done
  mount --rbind "$1/dev" /dev || exit 1
  shift; exec "$@"' ns "$T" "$HB" "${HBARGS[@]}" >"$T/hbout" 2>&1
rc=$?
HPID=$(cat "$H/var/hb.pid" 2>/dev/null)
if [ $rc = 0 ] && [ -n "$HPID" ]; then
  pass syslog_heartbeatd_started
  for i in $(seq 50); do grep -q 'apiauth' "$T/syslog" && break; sleep 0.1; done
  if grep -qE '^<140>.*heartbeatd\[[0-9]+\]: WARN: .*ha\.cf:6: (warning: )?apiauth ipfail: not acted on' "$T/syslog"; then pass syslog_heartbeatd_warning_priority
  else fail syslog_heartbeatd_warning_priority "$(grep -E 'heartbeatd' "$T/syslog" | head -5)"; fi
  if grep -qE '^<142>.*heartbeatd\[[0-9]+\]: heartbeatd: node nodea' "$T/syslog"; then pass syslog_heartbeatd_info_priority
  else fail syslog_heartbeatd_info_priority "$(grep -E 'heartbeatd' "$T/syslog" | head -5)"; fi
  "$HB" "${HBARGS[@]}" -k >/dev/null 2>&1
  kill -0 "$HPID" 2>/dev/null && kill "$HPID" 2>/dev/null
else
  fail syslog_heartbeatd_started "rc $rc: $(head -c 300 "$T/hbout")"
fi
exit 0
