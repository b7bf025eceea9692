#!/bin/bash
# directord's command line without a kernel table: config test, exit codes, and a
# --dry-run daemon driven through start / status / reload / stop.
set -u
cd "$(dirname "$0")/../.."
D=$PWD/bin/directord
T=$(mktemp -d /tmp/directord-cli.XXXXXX)
DPID=""
LISTENERS=()
cleanup() {
  [ -n "$DPID" ] && kill "$DPID" 2>/dev/null
  for p in "${LISTENERS[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT

pass() { echo "PASS cli/$1"; }
fail() { echo "FAIL cli/$1: $2"; }
# expect NAME RC CMD...: runs CMD, checks its exit code, keeps output in $T/out $T/err
expect_rc() {
  local name=$1 want=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  if [ "$rc" -eq "$want" ]; then pass "$name"; else fail "$name" "exit $rc, want $want; stderr: $(head -c 300 "$T/err")"; fi
}
# listen_tcp: a TCP server on 127.0.0.1 (any free port) that accepts and discards;
# sets LISTEN_PID and LISTEN_PORT (empty if it did not come up).
listen_tcp() {
  local fd
  exec {fd}< <(exec socat -u TCP-LISTEN:0,bind=127.0.0.1,fork,reuseaddr /dev/null 2>/dev/null & echo $!)
  LISTEN_PID=""; read -r LISTEN_PID <&$fd || true
  LISTENERS+=("$LISTEN_PID")
  LISTEN_PORT=""
  for i in $(seq 50); do
    LISTEN_PORT=$(ss -Hltnp 2>/dev/null | awk -v p="pid=$LISTEN_PID," 'index($0, p) {split($4, a, ":"); print a[2]; exit}')
    [ -n "$LISTEN_PORT" ] && break; sleep 0.1
  done
}
expect_grep() {  # NAME FILE PATTERN
  if grep -qE -- "$3" "$2"; then pass "$1"; else fail "$1" "no /$3/ in $(basename "$2"): $(head -c 400 "$2")"; fi
}

cat >"$T/good.cf" <<EOF2
logfile="$T/log"
checkinterval=1
autoreload=no

virtual=10.11.0.1:80
	real=10.11.0.2:80 gate
	real=10.11.0.3:8080 masq 3
	fallback=127.0.0.1:80
	checktype=on
	scheduler=wlc
EOF2
cat >"$T/bad.cf" <<EOF2
chekinterval=5
virtual=10.11.0.1:80
	real=10.11.0.2:80 gate
EOF2
cat >"$T/oracle.cf" <<EOF2
virtual=10.11.0.1:80
	real=10.11.0.2:80 gate
	service=oracle
EOF2

expect_rc test_good 0 "$D" -t "$T/good.cf"
expect_grep test_good_prints_virtual "$T/out" '10\.11\.0\.1'
expect_rc test_bad 2 "$D" -t "$T/bad.cf"
expect_grep test_bad_names_line "$T/err" 'bad\.cf:1: .*chekinterval.*checkinterval'
expect_rc test_missing 1 "$D" -t "$T/nonexistent.cf"
expect_grep test_missing_message "$T/err" 'not found'
expect_rc bad_usage 255 "$D" --bogus start
expect_rc no_command 255 "$D" "$T/good.cf"
expect_rc version 0 "$D" -v
expect_rc status_stopped 3 "$D" --pidfile "$T/pid" "$T/good.cf" status
expect_grep status_stopped_text "$T/out" 'stopped'
expect_rc start_bad_config 2 "$D" --pidfile "$T/pid" "$T/bad.cf" start
expect_rc start_unsupported_check 1 "$D" --pidfile "$T/pid" "$T/oracle.cf" start
expect_grep start_unsupported_says_why "$T/err" 'oracle.cf:1: virtual .*service=oracle is not supported: directord has no Oracle client'
# The database client libraries are opened only for mysql/pgsql checks: with libmariadb
# hidden (an empty file bind-mounted over it in a private mount namespace), an http config
# still starts its test, and a mysql one is refused with the package to install.
cat >"$T/mysql.cf" <<EOF2
virtual=10.11.0.1:3306
	real=10.11.0.2:3306 gate
	service=mysql
	login="u"
	request="SELECT 1"
EOF2
MARIADB_SO=$(ldconfig -p 2>/dev/null | awk '/libmariadb\.so\.3 .*x86-64/ { print $NF; exit }')
if [ -z "$MARIADB_SO" ] || ! command -v unshare >/dev/null || [ "$(id -u)" != 0 ]; then
  echo "SKIP cli/mysql_without_library: needs root, unshare and an installed libmariadb.so.3"
else
  : >"$T/empty.so"
  hide() { unshare -m --propagation private -- sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' hide "$T/empty.so" "$MARIADB_SO" "$@"; }
  expect_rc http_without_mariadb 0 hide "$D" -t "$T/good.cf"
  expect_rc mysql_without_mariadb 1 hide "$D" --pidfile "$T/pid" "$T/mysql.cf" start
  expect_grep mysql_without_mariadb_says_package "$T/err" 'mysql.cf:1: virtual .*service=mysql: cannot load libmariadb\.so\.3 .*apt-get install libmariadb3'
  expect_rc mysql_with_mariadb_test 0 "$D" -t "$T/mysql.cf"
fi
expect_rc reload_not_running 1 "$D" --pidfile "$T/pid" "$T/good.cf" reload
expect_rc stop_not_running 0 "$D" --pidfile "$T/pid" "$T/good.cf" stop

if [ -e /proc/net/ip_vs ]; then
  echo "SKIP cli/start_without_ipvs: this kernel has IPVS"
else
  expect_rc start_without_ipvs 1 "$D" --pidfile "$T/pid" "$T/good.cf" start
  expect_grep start_without_ipvs_says_modprobe "$T/err" 'modprobe ip_vs'
fi

# A dry-run daemon: started in the background, reloaded with a broken file, stopped.
expect_rc dry_start 0 "$D" --dry-run --pidfile "$T/pid" "$T/good.cf" start
DPID=$(cat "$T/pid" 2>/dev/null)
expect_rc dry_status_running 0 "$D" --pidfile "$T/pid" "$T/good.cf" status
expect_grep dry_logs_added_virtual "$T/log" '\[dry-run\] Added virtual server: tcp:10\.11\.0\.1:80'
expect_grep dry_logs_added_real "$T/log" '\[dry-run\] Added real server: 10\.11\.0\.3:8080 \(tcp:10\.11\.0\.1:80\) \(Weight set to 3\)'
cp "$T/good.cf" "$T/good.cf.orig"
echo "bogus=1" >>"$T/good.cf"
expect_rc dry_reload_bad 0 "$D" --pidfile "$T/pid" "$T/good.cf" reload
for i in $(seq 50); do grep -q 'Reload failed' "$T/log" && break; sleep 0.1; done
expect_grep dry_reload_bad_names_line "$T/log" 'good\.cf:11: .*bogus'
expect_grep dry_reload_bad_keeps_running "$T/log" 'Reload failed: keeping the running configuration'
expect_rc dry_status_after_bad_reload 0 "$D" --pidfile "$T/pid" "$T/good.cf" status
# Stop works whatever the config says now.
expect_rc dry_stop_with_broken_config 0 "$D" --pidfile "$T/pid" "$T/good.cf" stop
if [ -n "$DPID" ] && kill -0 "$DPID" 2>/dev/null; then fail dry_stopped "pid $DPID still alive"; else pass dry_stopped; DPID=""; fi
[ -e "$T/pid" ] && fail dry_pidfile_removed "pid file left behind" || pass dry_pidfile_removed
expect_grep dry_stop_logged "$T/log" 'terminated on signal: TERM'

# Two starts at the same moment: the pid file's flock lets exactly one daemon run; the
# other start says so and succeeds (LSB: starting a running service is success).
cp "$T/good.cf.orig" "$T/good.cf"
for round in 1 2 3; do
  "$D" --dry-run --pidfile "$T/pid2" "$T/good.cf" start >"$T/race1" 2>&1 & r1=$!
  "$D" --dry-run --pidfile "$T/pid2" "$T/good.cf" start >"$T/race2" 2>&1 & r2=$!
  wait $r1; rc1=$?; wait $r2; rc2=$?
  DPID=$(cat "$T/pid2" 2>/dev/null)
  alive=$(pgrep -fc -- "--pidfile $T/pid2")
  if [ "$rc1" -eq 0 ] && [ "$rc2" -eq 0 ] && [ "$alive" -eq 1 ]; then pass "race_one_daemon_$round"
  else fail "race_one_daemon_$round" "exit codes $rc1 $rc2, $alive daemons; $(cat "$T/race1" "$T/race2" | head -c 300)"; fi
  [ "$round" = 3 ] || { "$D" --pidfile "$T/pid2" "$T/good.cf" stop >/dev/null 2>&1; DPID=""; }
done
if command -v flock >/dev/null; then
  if flock -n "$T/pid2" true; then fail race_pidfile_locked "pid file not locked"; else pass race_pidfile_locked; fi
fi
expect_rc race_stop 0 "$D" --pidfile "$T/pid2" "$T/good.cf" stop
[ -n "$DPID" ] && ! kill -0 "$DPID" 2>/dev/null && DPID=""

# --check: every check once; 0 all up, 1 some down, 2 bad config.
listen_tcp; LPID=$LISTEN_PID lport=$LISTEN_PORT
cat >"$T/check.cf" <<EOF2
checktimeout=2
virtual=10.11.0.1:80
	real=127.0.0.1:${lport:-1} gate
	checktype=connect
virtual=10.11.0.2:80
	real=127.0.0.1:${lport:-1} gate
	checktype=on
EOF2
expect_rc check_all_up 0 "$D" --check "$T/check.cf"
expect_grep check_prints_verdict "$T/out" "^up   connect 127\.0\.0\.1:${lport:-1} \(127\.0\.0\.1:${lport:-1} in tcp:10\.11\.0\.1:80\) [0-9]+ ms"
expect_grep check_prints_fixed "$T/out" '^up   fixed .*: checktype=on'
[ -n "$LPID" ] && kill "$LPID" 2>/dev/null && wait "$LPID" 2>/dev/null
expect_rc check_down 1 "$D" --check "$T/check.cf"
expect_grep check_down_reason "$T/out" '^down connect .*refused'
expect_rc check_bad_config 2 "$D" --check "$T/bad.cf"

# A server's words reach the terminal and the log as one line: control bytes escaped.
printf '#!/bin/sh\nprintf "554 no\\033[2J\\r\\n[date|directord|1] forged line\\r\\n"\nsleep 1\n' >"$T/evil.sh"; chmod +x "$T/evil.sh"
exec {efd}< <(exec socat TCP-LISTEN:0,bind=127.0.0.1,fork,reuseaddr EXEC:"$T/evil.sh" 2>/dev/null & echo $!)
read -r EPID <&$efd; LISTENERS+=("$EPID")
eport=""
for i in $(seq 50); do
  eport=$(ss -Hltnp 2>/dev/null | awk -v p="pid=$EPID," 'index($0, p) {split($4, a, ":"); print a[2]; exit}')
  [ -n "$eport" ] && break; sleep 0.1
done
cat >"$T/esc.cf" <<EOF2
checktimeout=2
virtual=10.11.0.3:25
	real=127.0.0.1:${eport:-1} gate
	service=simpletcp
	request="hello"
	receive="no"
	checktype=negotiate
EOF2
expect_rc check_escapes_server_text 0 "$D" --check "$T/esc.cf"
if grep -q $'\x1b' "$T/out"; then fail check_no_raw_escape "raw ESC on the terminal: $(head -c 200 "$T/out")"
else expect_grep check_no_raw_escape "$T/out" '554 no\\x1b\[2J'; fi

# maintenancedir and monitorfile, in a dry-run daemon: a file named after the real takes
# it out; removing the file lets its next check bring it back; every result is appended.
mkdir -p "$T/maint"
listen_tcp; MPID=$LISTEN_PID mport=$LISTEN_PORT
cat >"$T/maint.cf" <<EOF2
logfile="$T/maint.log"
checkinterval=1
maintenancedir=$T/maint
virtual=10.11.0.9:80
	real=127.0.0.1:${mport:-1} masq
	checktype=connect
	quiescent=no
	monitorfile="$T/monitor"
EOF2
wait_log() { for i in $(seq 60); do grep -qE -- "$1" "$T/maint.log" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
expect_rc maint_start 0 "$D" --dry-run --pidfile "$T/mpid" "$T/maint.cf" start
wait_log 'Added real server: 127\.0\.0\.1' && pass maint_real_added || fail maint_real_added "$(tail -3 "$T/maint.log")"
: >"$T/maint/127.0.0.1:${mport:-1}"
wait_log 'is in maintenance: .*/127\.0\.0\.1' && pass maint_entered || fail maint_entered "$(tail -3 "$T/maint.log")"
wait_log 'Deleted real server: 127\.0\.0\.1' && pass maint_deleted || fail maint_deleted "$(tail -3 "$T/maint.log")"
rm -f "$T/maint/127.0.0.1:${mport:-1}"
wait_log 'left maintenance' && pass maint_left || fail maint_left "$(tail -3 "$T/maint.log")"
for i in $(seq 60); do [ "$(grep -c 'Added real server: 127\.0\.0\.1' "$T/maint.log")" -ge 2 ] && break; sleep 0.1; done
[ "$(grep -c 'Added real server: 127\.0\.0\.1' "$T/maint.log")" -ge 2 ] && pass maint_readded || fail maint_readded "$(tail -3 "$T/maint.log")"
expect_rc maint_stop 0 "$D" --pidfile "$T/mpid" "$T/maint.cf" stop
[ -n "$MPID" ] && kill "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null
expect_grep monitor_up_line "$T/monitor" "^\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}\] \[[0-9]+\] connect tcp 127\.0\.0\.1 ${mport:-1} 1 masq /  \[up\] [^ ].*$"
expect_grep monitor_maintenance_line "$T/monitor" '\[down\] Server in maintenance$'

# emailalert through the local sendmail (a stand-in that keeps what it is given), with a
# non-dry-run daemon whose table goes through the recording ipvsadm stand-in.
if [ -x bin/ipvsadm-record ]; then
  mkdir -p "$T/rec" "$T/mail"
  cat >"$T/sendmail" <<EOF2
#!/bin/sh
echo "ARGS: \$*" >"$T/mail/\$\$.txt"; cat >>"$T/mail/\$\$.txt"
EOF2
  chmod +x "$T/sendmail"
  cat >"$T/mail.cf" <<EOF2
logfile="$T/mail.log"
checkinterval=1
emailalert="ops@example.com, dev@example.com"
emailalertfrom=lvs@example.com
virtual=10.11.0.10:80
	real=127.0.0.1:1 masq
	fallback=127.0.0.1:2 masq
	checktype=connect
	checktimeout=1
EOF2
  DIRECTORD_SENDMAIL="$T/sendmail" IPVS_RECORD_DIR="$T/rec" expect_rc mail_start 0 "$D" --ipvsadm="$PWD/bin/ipvsadm-record" --pidfile "$T/mailpid" "$T/mail.cf" start
  for i in $(seq 50); do grep -qs 'Subject: Added fallback server' "$T"/mail/*.txt && break; sleep 0.1; done
  expect_rc mail_stop 0 "$D" --pidfile "$T/mailpid" "$T/mail.cf" stop
  cat "$T"/mail/*.txt >"$T/mails" 2>/dev/null
  expect_grep mail_sent_for_fallback "$T/mails" '^Subject: Added fallback server: 127\.0\.0\.1:2 \(tcp:10\.11\.0\.10:80\)'
  expect_grep mail_envelope "$T/mails" '^ARGS: -t -i -f root@'
  expect_grep mail_headers "$T/mails" '^To: ops@example\.com, dev@example\.com$'
  expect_grep mail_body_status "$T/mails" '^Daemon-Status: starting$'
  expect_grep mail_logged "$T/mail.log" 'emailalert: Added fallback server'
else
  echo "SKIP cli/mail: bin/ipvsadm-record not built"
fi

# receive= on PCRE2: -t compiles each pattern a check uses; a bad one fails the config
# naming file:line, a Perl-only one passes; a 200 KB real= line is parsed, not a crash.
cat >"$T/badre.cf" <<EOF2
virtual=10.11.0.1:80
	real=10.11.0.2:80 gate
	service=http
	receive="(unclosed"
EOF2
expect_rc receive_bad_pattern_exit2 2 "$D" -t "$T/badre.cf"
expect_grep receive_bad_pattern_file_line "$T/err" 'badre\.cf:4: receive "\(unclosed": invalid receive regex: missing closing parenthesis'
cat >"$T/perlre.cf" <<'EOF2'
virtual=10.11.0.1:80
	real=10.11.0.2:80 gate "/health", "(?i)\A[[:alpha:]]+ page(?<=Page)"
	service=http
	receive="(?<s>UP|ok)\k<s>?+\z"
EOF2
expect_rc receive_perl_pattern 0 "$D" -t "$T/perlre.cf"
expect_grep receive_perl_pattern_printed "$T/out" 'receive = "\(\?<s>UP\|ok\)'
{ printf 'virtual=10.11.0.1:80\n\treal=10.11.0.2:80 gate "/a", "'; head -c 200000 /dev/zero | tr '\0' x; printf '"\n\tservice=http\n'; } >"$T/longline.cf"
expect_rc receive_long_real_line 0 "$D" -t "$T/longline.cf"
# The ipvsadm backend with a slow tool: batched, never blocking the checks (own script).
tests/cli/ipvsadm.sh
# No two folders include each other (own script: reads the #include lines of the tree).
tests/cli/folder-cycles.sh
# Man pages (render cleanly, document every option and ha.cf directive) and the samples.
tests/cli/man.sh
tests/cli/samples.sh
tests/cli/packaging.sh
# status from the running daemon; syslog priorities (own scripts).
tests/cli/status.sh
tests/cli/syslog.sh
# The /metrics endpoints of both daemons, checked with promtool (own script).
tests/cli/metrics.sh
