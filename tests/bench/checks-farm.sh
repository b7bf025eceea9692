#!/bin/bash
# checks-farm.sh: directord's health checks against a farm of N real HTTP servers on
# loopback (one nginx listening on N addresses in 127.3.0.0/16), N = 1,000 and 10,000:
# checkinterval=1, service=http with request/receive, failurecount=1, quiescent=yes.
# Table changes go through `--ipvsadm` to bin/ipvsadm-record (a stand-in that keeps the
# table in a file and logs every call with a µs timestamp), so a change is timed when the
# tool is run, as it would be with the real ipvsadm.
# Prints per N: checks/s (requests nginx served in the window), CPU % of one core
# (directord plus its ipvsadm children), RSS, and the p99 time from a server starting to
# answer 500 to its quiesce (-w 0) call, and back. Then the same farm and config with
# Debian's ldirectord (if installed; its fixed /usr/sbin/ipvsadm is replaced by the
# stand-in in a private mount namespace) and the checks-per-CPU-second ratio.
# Measures, never judges: always exits 0. Kills only what it started, by PID.
cd "$(dirname "$0")/../.."
ROOT=$PWD
T_END=$(( $(date +%s) + ${CHECKS_FARM_BUDGET:-480} ))   # hard bound on the whole run
WINDOW=${CHECKS_FARM_WINDOW:-10}     # steady-state window, s
VICTIMS=${CHECKS_FARM_VICTIMS:-100}  # servers failed at once for the latency samples
PORT=8080
# CHECKS_FARM_KEEPALIVE=1: the servers keep connections open and directord runs with
# httpkeepalive=yes (one connection per real, reused by every check).
KEEPALIVE=${CHECKS_FARM_KEEPALIVE:-0}
if [ "$KEEPALIVE" = 1 ]; then NGINX_KEEPALIVE="75s; keepalive_requests 1000000"; else NGINX_KEEPALIVE=0; fi
SFX=$([ "$KEEPALIVE" = 1 ] && echo _keepalive)${CHECKS_FARM_SFX:-}   # in the BENCH names of that mode
DIRECTORD=${CHECKS_FARM_DIRECTORD:-$PWD/bin/directord}   # another build of it, e.g. a private one
# The ipvsadm directord runs (--ipvsadm) and the variable naming the directory it logs to:
# bin/ipvsadm-record by default; checks-farm-peers-shim.sh passes the peers lab's shim.
IPVSADM_TOOL=${CHECKS_FARM_IPVSADM:-$PWD/bin/ipvsadm-record}
TOOL_DIR_VAR=${CHECKS_FARM_TOOL_DIR_VAR:-IPVS_RECORD_DIR}
STARTUP_LIMIT=${CHECKS_FARM_STARTUP_LIMIT:-90}   # s until all N are up, then measured anyway
say() { echo "# checks-farm: $*"; }

command -v nginx >/dev/null || { say "nginx not installed; skipped"; exit 0; }
command -v curl >/dev/null || { say "curl not installed; skipped"; exit 0; }
if [ ! -x "$DIRECTORD" ] || [ ! -x bin/ipvsadm-record ]; then
  make -s -j2 bin/directord bin/ipvsadm-record >/dev/null 2>&1 || { say "does not build; skipped"; exit 0; }
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

W=$(mktemp -d /tmp/checks-farm.XXXXXX)
chmod 755 "$W"   # nginx workers (user nobody) stat the fail flags in here
NGINX_PID= DAEMON_PID=
stop_pid() {   # TERM, then KILL after 10 s: one PID we started
  local p=$1
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 0
  kill -TERM "$p" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null
}
cleanup() {
  stop_pid "$DAEMON_PID"
  stop_pid "$NGINX_PID"   # its workers exit with the master
  [ -n "$CHECKS_FARM_KEEP" ] && say "kept $W" || rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

addr() { echo "127.3.$(( $1 / 250 )).$(( $1 % 250 + 1 ))"; }

# One nginx master + 1 worker (2 with kept connections), N listen lines; /.testpage answers "Test Page", or 500
# while the flag file fail/<server address> exists (no reload needed).
start_farm() {
  local n=$1 i
  stop_pid "$NGINX_PID"; NGINX_PID=
  mkdir -p "$W/nginx/tmp" "$W/fail"
  {
    # Kept connections: every worker holds the N listening sockets plus its share of the
    # N connections; two workers stay under a 20,000 open-file limit at N=10,000.
    echo "worker_processes $([ "$KEEPALIVE" = 1 ] && echo 2 || echo 1); worker_rlimit_nofile 65536; pid $W/nginx/nginx.pid; error_log $W/nginx/error.log error;"
    echo "events { worker_connections 32768; multi_accept on; }"
    echo "http { access_log off; default_type text/html; keepalive_timeout $NGINX_KEEPALIVE;"
    echo "  client_body_temp_path $W/nginx/tmp; proxy_temp_path $W/nginx/tmp; fastcgi_temp_path $W/nginx/tmp;"
    echo "  uwsgi_temp_path $W/nginx/tmp; scgi_temp_path $W/nginx/tmp;"
    echo "  server { listen 127.3.255.254:$PORT; location = /status { stub_status; } }"
    echo "  server {"
    for ((i = 0; i < n; i++)); do echo "    listen $(addr $i):$PORT;"; done
    echo "    location = /.testpage { if (-f $W/fail/\$server_addr) { return 500; } return 200 \"<html>Test Page</html>\\n\"; }"
    echo "  }"
    echo "}"
  } >"$W/nginx/nginx.conf"
  nginx -p "$W/nginx" -e "$W/nginx/error.log" -c "$W/nginx/nginx.conf" 2>"$W/nginx/start.err" || { say "nginx failed: $(tail -1 $W/nginx/start.err)"; return 1; }
  for _ in $(seq 100); do [ -s "$W/nginx/nginx.pid" ] && break; sleep 0.1; done
  NGINX_PID=$(cat "$W/nginx/nginx.pid" 2>/dev/null)
  [ -n "$NGINX_PID" ] && curl -s -m 2 "http://$(addr $(( n - 1 ))):$PORT/.testpage" | grep -q "Test Page"
}

requests() { curl -s -m 2 "http://127.3.255.254:$PORT/status" | awk 'NR == 3 { print $3 }'; }

# The same ldirectord.cf for both daemons: 4 virtual services share the N reals.
write_cf() {
  local n=$1 cf=$2 k i per=$(( ($1 + 3) / 4 ))
  {
    echo "checktimeout=3"; echo "checkinterval=1"; echo "autoreload=no"; echo "quiescent=yes"
    echo "supervised=yes"; echo "cleanstop=no"; echo "fork=no"
    # directord's extension only: ldirectord rejects the key (and opens a connection per check).
    case "$KEEPALIVE:$cf" in 1:*/farm-directord-*) echo "httpkeepalive=yes" ;; esac
    for ((k = 0; k < 4; k++)); do
      echo; echo "virtual=127.4.0.$(( k + 1 )):80"
      for ((i = k * per; i < (k + 1) * per && i < n; i++)); do echo "	real=$(addr $i):$PORT masq 1"; done
      echo "	service=http"; echo "	request=\"/.testpage\""; echo "	receive=\"Test Page\""
      echo "	scheduler=wrr"; echo "	protocol=tcp"; echo "	checktype=negotiate"; echo "	failurecount=1"
    done
  } >"$cf"
}

cpu_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null; }   # incl. reaped children
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
now() { date +%s.%N; }
# Reals whose last change set a weight > 0 (the stand-in records changes, it does not count).
up_count() {
  awk '/ ipvsadm -[aed] / { r = ""; w = 1
         for (i = 1; i <= NF; i++) { if ($i == "-r") r = $(i + 1); if ($i == "-w") w = $(i + 1) }
         if ($0 ~ / ipvsadm -d /) w = 0
         if (r != "") last[r] = w }
       END { for (r in last) if (last[r] > 0) c++; print c + 0 }' "$1/log" 2>/dev/null
}

# Waits until every victim had a change with weight 0 (want=down) or >0 (want=up) logged
# after byte offset $3; prints the latencies in ms from t0, sorted.
latencies() {
  local rec=$1 t0=$2 off=$3 want=$4 victims=$5 limit=$6 n
  local until=$(( $(date +%s) + limit ))
  while :; do
    n=$(tail -c +$(( off + 1 )) "$rec/log" | awk -v want="$want" -v vf="$victims" '
      BEGIN { while ((getline v < vf) > 0) vic[v] = 1 }
      / ipvsadm -[ead] / { r = ""; w = -1
        for (i = 1; i <= NF; i++) { if ($i == "-r") r = $(i + 1); if ($i == "-w") w = $(i + 1) }
        if ($0 ~ / ipvsadm -d /) w = 0
        if ((r in vic) && !(r in seen) && ((want == "down" && w == 0) || (want == "up" && w > 0))) { seen[r] = 1; c++ } }
      END { print c + 0 }')
    [ "$n" -ge "$(wc -l <"$victims")" ] && break
    [ "$(date +%s)" -ge "$until" ] && break
    sleep 0.1
  done
  tail -c +$(( off + 1 )) "$rec/log" | awk -v want="$want" -v vf="$victims" -v t0="$t0" '
    BEGIN { while ((getline v < vf) > 0) vic[v] = 1 }
    / ipvsadm -[ead] / { r = ""; w = -1
      for (i = 1; i <= NF; i++) { if ($i == "-r") r = $(i + 1); if ($i == "-w") w = $(i + 1) }
      if ($0 ~ / ipvsadm -d /) w = 0
      if ((r in vic) && !(r in seen) && ((want == "down" && w == 0) || (want == "up" && w > 0))) { seen[r] = 1; printf "%.1f\n", ($1 - t0) * 1000 } }' | sort -n
}
p99() { awk '{ a[NR] = $1 } END { if (NR == 0) { print "none"; exit } i = int(NR * 0.99 + 0.999); if (i > NR) i = NR; print a[i] }'; }

# measure NAME N: start the daemon on the farm, wait until all N are up, measure.
# Sets globals CPS CPU RSS_MB DET REST STARTUP.
measure() {
  local name=$1 n=$2 startup_limit=$3 rec="$W/rec-$1-$2" cf="$W/farm-$1-$2.cf" t0 t1 c0 c1 r0 r1 rss max=0 i
  CPS=none CPU=none RSS_MB=none DET=none REST=none STARTUP=none
  mkdir -p "$rec"; write_cf "$n" "$cf"; rm -f "$W"/fail/*
  local tstart=$(now)
  if [ "$name" = directord ]; then
    env "$TOOL_DIR_VAR=$rec" "$DIRECTORD" --ipvsadm="$IPVSADM_TOOL" "$cf" start >"$W/$name-$n.log" 2>&1 &
  else
    # ldirectord runs /usr/sbin/ipvsadm whatever PATH says: the stand-in is bind-mounted over
    # it in a private mount namespace (unshare and sh exec, so $! is ldirectord itself).
    IPVS_RECORD_DIR=$rec unshare -m --propagation private -- sh -c \
      "mount --bind '$ROOT/bin/ipvsadm-record' /usr/sbin/ipvsadm && exec /usr/sbin/ldirectord '$cf' start" >"$W/$name-$n.log" 2>&1 &
  fi
  DAEMON_PID=$!
  local limit=$(( $(date +%s) + startup_limit ))
  while [ "$(up_count "$rec")" != "$n" ]; do
    if ! kill -0 "$DAEMON_PID" 2>/dev/null; then say "$name exited: $(tail -2 "$W/$name-$n.log" | tr '\n' ' ')"; DAEMON_PID=; return 1; fi
    if [ "$(date +%s)" -ge "$limit" ]; then say "$name N=$n: only $(up_count "$rec")/$n up after ${startup_limit} s; measuring anyway"; break; fi
    sleep 0.2
  done
  STARTUP=$(awk -v a="$tstart" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  sleep 3
  r0=$(requests); c0=$(cpu_ticks "$DAEMON_PID"); t0=$(now)
  for ((i = 0; i < WINDOW; i++)); do
    sleep 1
    rss=$(rss_kb "$DAEMON_PID"); [ -n "$rss" ] && [ "$rss" -gt "$max" ] && max=$rss
  done
  r1=$(requests); c1=$(cpu_ticks "$DAEMON_PID"); t1=$(now)
  local hz; hz=$(getconf CLK_TCK)
  CPS=$(awk -v a="$r0" -v b="$r1" -v t="$t0" -v u="$t1" 'BEGIN { printf "%.0f", (b - a) / (u - t) }')
  CPU=$(awk -v a="$c0" -v b="$c1" -v h="$hz" -v t="$t0" -v u="$t1" 'BEGIN { printf "%.1f", (b - a) / h / (u - t) * 100 }')
  RSS_MB=$(awk -v k="$max" 'BEGIN { printf "%.1f", k / 1024 }')
  # Failure detection: VICTIMS servers spread over the list start answering 500 together.
  local v=$(( VICTIMS < n ? VICTIMS : n ))
  for ((i = 0; i < v; i++)); do echo "$(addr $(( (2 * i + 1) * n / (2 * v) ))):$PORT"; done >"$W/victims"
  local off; off=$(stat -c %s "$rec/log")
  t0=$(now)
  for a in $(cut -d: -f1 "$W/victims"); do : >"$W/fail/$a"; done
  latencies "$rec" "$t0" "$off" down "$W/victims" 15 >"$W/det"
  DET=$(p99 <"$W/det"); [ "$(wc -l <"$W/det")" -lt "$v" ] && DET="$DET(only $(wc -l <"$W/det")/$v)"
  off=$(stat -c %s "$rec/log")
  t0=$(now)
  rm -f "$W"/fail/*
  latencies "$rec" "$t0" "$off" up "$W/victims" 15 >"$W/rest"
  REST=$(p99 <"$W/rest"); [ "$(wc -l <"$W/rest")" -lt "$v" ] && REST="$REST(only $(wc -l <"$W/rest")/$v)"
  stop_pid "$DAEMON_PID"; DAEMON_PID=
  return 0
}

declare -A D_CPS D_CPU
for n in ${CHECKS_FARM_NS:-1000 10000}; do
  [ "$(date +%s)" -lt $(( T_END - 60 )) ] || { say "time budget used up before N=$n"; break; }
  start_farm "$n" || { say "farm of $n did not start"; continue; }
  measure directord "$n" "$STARTUP_LIMIT" || continue
  echo "BENCH checks_per_second${SFX}_N$n $CPS checks/s"
  echo "BENCH directord_cpu${SFX}_N$n $CPU %"
  echo "BENCH directord_rss${SFX}_N$n $RSS_MB MB"
  echo "BENCH detect_p99${SFX}_N$n $DET ms"
  echo "BENCH restore_p99${SFX}_N$n $REST ms"
  echo "BENCH directord_startup_all_up${SFX}_N$n $STARTUP s"
  D_CPS[$n]=$CPS D_CPU[$n]=$CPU
done

[ "${CHECKS_FARM_PEER:-1}" = 1 ] || exit 0
if [ ! -x /usr/sbin/ldirectord ] || [ ! -e /usr/sbin/ipvsadm ] || ! command -v unshare >/dev/null; then
  say "Debian's ldirectord (and /usr/sbin/ipvsadm to stand in for) not installed: no comparison"
  exit 0
fi
left=$(( T_END - $(date +%s) - 40 ))
[ "$left" -ge 60 ] || { say "time budget used up before ldirectord"; exit 0; }
n=1000
start_farm "$n" || { say "farm of $n did not start"; exit 0; }
measure ldirectord "$n" "$(( left < 180 ? left : 180 ))" || exit 0
echo "BENCH ldirectord_checks_per_second${SFX}_N$n $CPS checks/s"
echo "BENCH ldirectord_cpu${SFX}_N$n $CPU %"
echo "BENCH ldirectord_rss${SFX}_N$n $RSS_MB MB"
echo "BENCH ldirectord_detect_p99${SFX}_N$n $DET ms"
echo "BENCH ldirectord_startup_all_up${SFX}_N$n $STARTUP s"
if [ -n "${D_CPS[$n]}" ]; then
  awk -v sfx="$SFX" -v dc="${D_CPS[$n]}" -v du="${D_CPU[$n]}" -v lc="$CPS" -v lu="$CPU" 'BEGIN {
    if (du > 0 && lu > 0 && lc > 0) printf "BENCH checks_per_cpu_second_ratio_vs_ldirectord%s %.1f x\n", sfx, (dc / du) / (lc / lu)
    else print "# checks-farm: ratio not computable" }'
fi
exit 0
