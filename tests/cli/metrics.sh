#!/bin/bash
# The /metrics endpoints of both daemons (issue 11), bound to 127.0.0.1: directord in
# dry-run with a connect check that is up and one that is refused; heartbeatd as a one-node
# cluster on ucast over lo with a dummy resource group. Each body must pass
# `promtool check metrics` and carry the series this state implies; only GET/HEAD /metrics
# is served. Run by tests/cli/run.sh.
set -u
cd "$(dirname "$0")/../.."
D=${DIRECTORD:-$PWD/bin/directord}
HB=${HEARTBEATD:-$PWD/bin/heartbeatd}
T=$(mktemp -d /tmp/metrics-cli.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  [ -f "$T/dpid" ] && kill "$(cat "$T/dpid")" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT
pass() { echo "PASS cli/$1"; }
fail() { echo "FAIL cli/$1: $2"; }
skip() { echo "SKIP cli/$1: $2"; }
if ! command -v promtool >/dev/null; then skip metrics "promtool not installed (Debian package prometheus; make deps)"; exit 0; fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# http PORT REQUEST-LINE: the raw response (bash's /dev/tcp: no client to install).
http() {
  local fd
  exec {fd}<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf '%s\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&$fd
  timeout 5 cat <&$fd
  exec {fd}<&-
}
body() { http "$1" "GET /metrics HTTP/1.0" | tr -d '\r' | sed '1,/^$/d'; }
wait_for() { local i; for i in $(seq $(( $1 * 10 ))); do "${@:2}" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
check_promtool() {  # NAME FILE
  if promtool check metrics <"$2" >"$T/promtool.out" 2>&1; then pass "$1"
  else fail "$1" "$(head -c 400 "$T/promtool.out")"; fi
}
expect_line() {  # NAME FILE REGEX
  local family; family=$(printf '%s' "$3" | sed 's/^\^//; s/[\\{ ].*//')
  if grep -qE -- "$3" "$2"; then pass "$1"; else fail "$1" "no /$3/ in $(basename "$2"): $(grep "^$family" "$2" | head -c 300)"; fi
}

# --- directord
UP_PORT=$(free_port); DOWN_PORT=$(free_port); MPORT=$(free_port)
socat -u TCP-LISTEN:$UP_PORT,bind=127.0.0.1,fork,reuseaddr /dev/null 2>/dev/null & PIDS+=($!)
listening() { ss -Hltn "sport = :$UP_PORT" | grep -q .; }
wait_for 5 listening
cat >"$T/d.cf" <<EOF2
logfile="$T/dlog"
checkinterval=1
checktimeout=1
metrics=127.0.0.1:$MPORT
virtual=10.11.0.1:80
	real=127.0.0.1:$UP_PORT gate
	real=127.0.0.1:$DOWN_PORT gate
	checktype=connect
EOF2
if "$D" --dry-run --pidfile "$T/dpid" "$T/d.cf" start >"$T/dout" 2>&1; then
  have() {
    body $MPORT >"$T/dm"
    grep -q "real=\"127.0.0.1:$UP_PORT\"} 1" "$T/dm" && grep -q "real=\"127.0.0.1:$DOWN_PORT\"} 0" "$T/dm" &&
      grep -q "reason=\"refused\"" "$T/dm"
  }
  if wait_for 10 have; then
    check_promtool metrics_directord_promtool "$T/dm"
    expect_line metrics_directord_real_up "$T/dm" "^directord_real_up\{virtual=\"tcp:10\.11\.0\.1:80\",real=\"127\.0\.0\.1:$UP_PORT\"\} 1$"
    expect_line metrics_directord_real_down "$T/dm" "^directord_real_up\{virtual=\"tcp:10\.11\.0\.1:80\",real=\"127\.0\.0\.1:$DOWN_PORT\"\} 0$"
    expect_line metrics_directord_failures_by_reason "$T/dm" '^directord_check_failures_total\{reason="refused"\} [1-9]'
    expect_line metrics_directord_latency_histogram "$T/dm" '^directord_check_latency_seconds_bucket\{le="\+Inf"\} [1-9]'
    expect_line metrics_directord_sync_histogram "$T/dm" '^directord_table_sync_seconds_count [1-9]'
  else
    fail metrics_directord "no expected body on 127.0.0.1:$MPORT: $(head -c 300 "$T/dm"); log: $(tail -3 "$T/dlog")"
  fi
  r404=$(http $MPORT "GET / HTTP/1.0" | head -1 | tr -d '\r')
  r405=$(http $MPORT "POST /metrics HTTP/1.0" | head -1 | tr -d '\r')
  [ "$r404" = "HTTP/1.0 404 Not Found" ] && [ "$r405" = "HTTP/1.0 405 Method Not Allowed" ] \
    && pass metrics_only_get_metrics || fail metrics_only_get_metrics "/: '$r404', POST: '$r405'"
  # A request head that never ends is cut at 4 KB, answered 431.
  big=$( { printf 'GET /metrics HTTP/1.0\r\nX: '; head -c 8000 /dev/zero | tr '\0' a; } | timeout 5 socat - TCP:127.0.0.1:$MPORT 2>/dev/null | head -1 | tr -d '\r')
  [ "$big" = "HTTP/1.0 431 Request Header Fields Too Large" ] && pass metrics_bounded_request \
    || fail metrics_bounded_request "got '$big'"
  "$D" --pidfile "$T/dpid" "$T/d.cf" stop >/dev/null 2>&1
else
  fail metrics_directord "start failed: $(head -c 300 "$T/dout")"
fi
# directord -t shows the key (it is shown only when set).
"$D" -t "$T/d.cf" >"$T/t.out" 2>&1 && grep -q "metrics = 127.0.0.1:$MPORT" "$T/t.out" \
  && pass metrics_key_in_config_test || fail metrics_key_in_config_test "$(head -c 300 "$T/t.out")"

# --- heartbeatd
if [ "$(id -u)" != 0 ]; then skip metrics_heartbeatd "needs root (media bind to a device)"; exit 0; fi
HPORT=$(free_port); UDP=$(( 20000 + RANDOM % 20000 ))
mkdir -p "$T/hb/etc/resource.d" "$T/hb/var" "$T/hb/lock" "$T/hb/state"
cat >"$T/hb/etc/ha.cf" <<EOF2
logfile $T/hb/log
keepalive 100ms
deadtime 1
initdead 2
realtime off
auto_failback on
udpport $UDP
ucast lo 127.0.0.1
metrics 127.0.0.1:$HPORT
node solo
EOF2
printf 'auth 1\n1 sha1 metrics\n' >"$T/hb/etc/authkeys"; chmod 600 "$T/hb/etc/authkeys"
echo solo >"$T/hb/etc/nodeinfo"
echo "solo hbdummy::alpha" >"$T/hb/etc/haresources"
cat >"$T/hb/etc/resource.d/hbdummy" <<EOF2
#!/bin/sh
case \$2 in start) touch $T/hb/state/\$1 ;; stop) rm -f $T/hb/state/\$1 ;;
status) [ -e $T/hb/state/\$1 ] && echo running || echo stopped ;; esac
exit 0
EOF2
chmod +x "$T/hb/etc/resource.d/hbdummy"
"$HB" -f -c "$T/hb/etc" -S "$T/hb/var" -p "$T/hb/var/pid" -L "$T/hb/lock" >"$T/hb/stderr" 2>&1 & PIDS+=($!)
hhave() { body $HPORT >"$T/hm"; grep -q '^heartbeatd_resource_script_seconds_count{op="start",result="ok"} [1-9]' "$T/hm"; }
if wait_for 15 hhave; then
  check_promtool metrics_heartbeatd_promtool "$T/hm"
  expect_line metrics_heartbeatd_sent "$T/hm" '^heartbeatd_heartbeats_sent_total\{medium="lo"\} [1-9]'
  expect_line metrics_heartbeatd_node_status "$T/hm" '^heartbeatd_node_status\{node="solo",status="active"\} 1$'
  expect_line metrics_heartbeatd_resources_held "$T/hm" '^heartbeatd_resources_held\{set="local"\} 1$'
  expect_line metrics_heartbeatd_script_histogram "$T/hm" '^heartbeatd_resource_script_seconds_bucket\{op="start",result="ok",le="\+Inf"\} [1-9]'
else
  fail metrics_heartbeatd "no expected body on 127.0.0.1:$HPORT: $(head -c 300 "$T/hm"); log: $(tail -5 "$T/hb/log" "$T/hb/stderr")"
fi
"$HB" -p "$T/hb/var/pid" -k >/dev/null 2>&1
exit 0
