# directord's health checks driving a real IPVS table: HTTP checks against busybox httpd
# real servers; a failure is deleted (or quiesced), all down inserts the fallback, one back
# removes it; the exact sequence of table changes is asserted from the log.
W=/tmp/dhealth; rm -rf $W; mkdir -p $W/www
echo "<h1>Test Page</h1>" >$W/www/index.html
ip link add rs type dummy && ip link set rs up
ip addr add 10.10.10.2/24 dev rs; ip addr add 10.10.10.3/24 dev rs
CF=$W/ld.cf LOG=$W/d.log PID=$W/d.pid
pid_of() { ps | awk -v a="$1" '$0 ~ "httpd -p " a { print $1 }'; }
serve() { httpd -p "$1" -h $W/www; }
down() { p=$(pid_of "$1"); [ -n "$p" ] && kill $p; }
# wait_table NAME SECONDS <<EOF: poll `ipvsadm -S -n` until it equals the lines given.
wait_table() {
  cat >$W/want; n=$(( $2 * 5 )); i=0
  while [ $i -lt $n ]; do
    ipvsadm -S -n | sed -e 's/[[:space:]]*$//' -e '/^$/d' | sort >$W/got
    sed -e '/^$/d' $W/want | sort | cmp -s - $W/got && break
    sleep 0.2; i=$((i+1))
  done
  expect_table "$1" <$W/want
}
# changes: the table-change lines of the log, without timestamps, from line $1 on.
changes() { tail -n +"$1" $LOG | sed 's/^\[[^]]*\] //' | grep -E '^(Added|Deleted|Quiescent|Restored|Readd|Purged)'; }
mark() { wc -l <$LOG; }
expect_changes() {  # NAME FROM_LINE <<EOF
  cat >$W/wantc; changes "$2" >$W/gotc
  if cmp -s $W/wantc $W/gotc; then pass "$1"
  else fail "$1" "table changes differ (- expected, + actual)"; diff -u $W/wantc $W/gotc | tail -n +3 | detail; fi
}
serve 10.10.10.2:80; serve 10.10.10.3:80
cat >$CF <<EOF2
checktimeout=2
checkinterval=1
logfile="$LOG"
virtual=10.10.10.100:80
	real=10.10.10.2:80 gate
	real=10.10.10.3:80 gate 2
	fallback=127.0.0.1:80 gate
	service=http
	request="index.html"
	receive="Test Page"
	scheduler=wrr
EOF2
: >$LOG
check health/start directord --pidfile $PID $CF start
wait_table health/both-up 20 <<'EOF2'
-A -t 10.10.10.100:80 -s wrr
-a -t 10.10.10.100:80 -r 10.10.10.2:80 -g -w 1
-a -t 10.10.10.100:80 -r 10.10.10.3:80 -g -w 2
EOF2
m=$(mark); down 10.10.10.3:80
wait_table health/one-down-deleted 20 <<'EOF2'
-A -t 10.10.10.100:80 -s wrr
-a -t 10.10.10.100:80 -r 10.10.10.2:80 -g -w 1
EOF2
expect_changes health/one-down-sequence $((m + 1)) <<'EOF2'
Deleted real server: 10.10.10.3:80 (tcp:10.10.10.100:80)
EOF2
m=$(mark); down 10.10.10.2:80
wait_table health/all-down-fallback 20 <<'EOF2'
-A -t 10.10.10.100:80 -s wrr
-a -t 10.10.10.100:80 -r 127.0.0.1:80 -g -w 1
EOF2
expect_changes health/all-down-sequence $((m + 1)) <<'EOF2'
Added fallback server: 127.0.0.1:80 (tcp:10.10.10.100:80) (Weight set to 1)
Deleted real server: 10.10.10.2:80 (tcp:10.10.10.100:80)
EOF2
m=$(mark); serve 10.10.10.3:80
wait_table health/one-back-fallback-out 20 <<'EOF2'
-A -t 10.10.10.100:80 -s wrr
-a -t 10.10.10.100:80 -r 10.10.10.3:80 -g -w 2
EOF2
expect_changes health/one-back-sequence $((m + 1)) <<'EOF2'
Added real server: 10.10.10.3:80 (tcp:10.10.10.100:80) (Weight set to 2)
Deleted fallback server: 127.0.0.1:80 (tcp:10.10.10.100:80)
EOF2
directord --pidfile $PID $CF stop >/dev/null 2>&1

# Quiescent: down = weight 0, up again = restored; a restart adopts without a change.
printf 'quiescent=yes\ncleanstop=no\n' >>$CF
serve 10.10.10.2:80
: >$LOG
check health-q/start directord --pidfile $PID $CF start
wait_table health-q/both-up 20 <<'EOF2'
-A -t 10.10.10.100:80 -s wrr
-a -t 10.10.10.100:80 -r 10.10.10.2:80 -g -w 1
-a -t 10.10.10.100:80 -r 10.10.10.3:80 -g -w 2
EOF2
m=$(mark); down 10.10.10.2:80
wait_table health-q/down-quiesced 20 <<'EOF2'
-A -t 10.10.10.100:80 -s wrr
-a -t 10.10.10.100:80 -r 10.10.10.2:80 -g -w 0
-a -t 10.10.10.100:80 -r 10.10.10.3:80 -g -w 2
EOF2
expect_changes health-q/down-sequence $((m + 1)) <<'EOF2'
Quiescent real server: 10.10.10.2:80 (tcp:10.10.10.100:80) (Weight set to 0)
EOF2
m=$(mark); serve 10.10.10.2:80
wait_table health-q/restored 20 <<'EOF2'
-A -t 10.10.10.100:80 -s wrr
-a -t 10.10.10.100:80 -r 10.10.10.2:80 -g -w 1
-a -t 10.10.10.100:80 -r 10.10.10.3:80 -g -w 2
EOF2
expect_changes health-q/restore-sequence $((m + 1)) <<'EOF2'
Restored real server: 10.10.10.2:80 (tcp:10.10.10.100:80) (Weight set to 1)
EOF2
directord --pidfile $PID $CF stop >/dev/null 2>&1
m=$(mark)
check health-q/restart directord --pidfile $PID $CF start
sleep 4
expect_changes health-q/restart-no-flap $((m + 1)) </dev/null
directord --pidfile $PID $CF stop >/dev/null 2>&1
for a in 10.10.10.2:80 10.10.10.3:80; do down $a; done
ip link del rs
