# directord against the real kernel: configs in, `ipvsadm -S -n` out.
# Runs in a fresh netns with an empty table (POSIX sh: busybox ash in the VM).

W=/tmp/dtab
rm -rf $W; mkdir -p $W
CF=$W/ld.cf
LOG=$W/d.log
PID=$W/d.pid

# start_with NAME: directord start on $CF, PASS/FAIL on its exit code.
start_d() {
  if out=$(directord --pidfile $PID $CF start 2>&1); then pass "$1"
  else fail "$1" "directord start failed"; printf '%s\n' "$out" | detail; fi
}
stop_d() { directord --pidfile $PID $CF stop >/dev/null 2>&1; }
# wait_table NAME [TRIES]: like expect_table but retries every 0.2 s, 50 times (10 s) unless told.
wait_table() {
  cat >$W/want
  i=0
  while [ $i -lt "${2:-50}" ]; do
    ipvsadm -S -n | sed -e 's/[[:space:]]*$//' -e '/^$/d' | sort >$W/got
    sed -e 's/[[:space:]]*$//' -e '/^$/d' $W/want | sort | cmp -s - $W/got && break
    sleep 0.2; i=$((i+1))
  done
  expect_table "$1" <$W/want
}
header() {
  cat >$CF <<EOF2
logfile="$LOG"
checkinterval=1
EOF2
}

# --- IPv4, gate/masq/ipip, weights, port mapping --------------------------------------------
header; cat >>$CF <<'EOF2'
virtual=10.0.0.1:80
	real=10.0.1.1:80 gate 3
	real=10.0.1.2:8080 masq 2
	real=10.0.1.3:8080 ipip
	real=10.0.1.4 gate
	checktype=on
	scheduler=wlc
EOF2
start_d ipv4/start
expect_table ipv4/table <<'EOF2'
-A -t 10.0.0.1:80 -s wlc
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 3
-a -t 10.0.0.1:80 -r 10.0.1.2:8080 -m -w 2
-a -t 10.0.0.1:80 -r 10.0.1.3:80 -i -w 1 --tun-type ipip
-a -t 10.0.0.1:80 -r 10.0.1.4:80 -g -w 1
EOF2
expect_save_format ipv4/own-dump-matches-ipvsadm

# --- restart adopts the table: not a single change -------------------------------------------
{ echo cleanstop=no; cat $CF; } >$W/x && mv $W/x $CF
directord --pidfile $PID $CF reload >/dev/null 2>&1; sleep 1
stop_d
expect_table ipv4/cleanstop-no-leaves-table <<'EOF2'
-A -t 10.0.0.1:80 -s wlc
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 3
-a -t 10.0.0.1:80 -r 10.0.1.2:8080 -m -w 2
-a -t 10.0.0.1:80 -r 10.0.1.3:80 -i -w 1 --tun-type ipip
-a -t 10.0.0.1:80 -r 10.0.1.4:80 -g -w 1
EOF2
: >$LOG
start_d restart/start
if grep -qE 'Added|Deleted|Changed|Purged|Quiescent|Restored' $LOG; then
  fail restart/no-change "restart changed the table"; grep -E 'Added|Deleted|Changed|Purged|Quiescent|Restored' $LOG | detail
else pass restart/no-change; fi

# --- a reload with a broken config changes nothing and says why ------------------------------
cp $CF $W/good.cf
printf 'chekinterval=3\n' >>$CF
directord --pidfile $PID $CF reload >/dev/null 2>&1
i=0; while [ $i -lt 50 ] && ! grep -q 'Reload failed' $LOG; do sleep 0.2; i=$((i+1)); done
if grep -q 'ld.cf:11: unknown directive "chekinterval"' $LOG && grep -q 'Reload failed: keeping the running configuration' $LOG
then pass reload-broken/says-why
else fail reload-broken/says-why "no error line in the log"; tail -n 5 $LOG | detail; fi
expect_table reload-broken/table-unchanged <<'EOF2'
-A -t 10.0.0.1:80 -s wlc
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 3
-a -t 10.0.0.1:80 -r 10.0.1.2:8080 -m -w 2
-a -t 10.0.0.1:80 -r 10.0.1.3:80 -i -w 1 --tun-type ipip
-a -t 10.0.0.1:80 -r 10.0.1.4:80 -g -w 1
EOF2
if directord --pidfile $PID $CF status >/dev/null 2>&1; then pass reload-broken/still-running
else fail reload-broken/still-running "status says not running"; fi

# --- reload: a removed virtual is deleted, a foreign one stays, a real is purged -------------
ipvsadm -A -t 10.9.9.9:25 -s rr
ipvsadm -a -t 10.9.9.9:25 -r 10.9.9.10:25 -g
header; cat >>$CF <<'EOF2'
virtual=10.0.0.2:443
	real=10.0.2.1:443 gate
	checktype=on
	scheduler=rr
	persistent=600
	netmask=255.255.0.0
EOF2
directord --pidfile $PID $CF reload >/dev/null 2>&1
wait_table reload/removed-virtual-deleted-foreign-kept <<'EOF2'
-A -t 10.9.9.9:25 -s rr
-a -t 10.9.9.9:25 -r 10.9.9.10:25 -g -w 1
-A -t 10.0.0.2:443 -s rr -p 600 -M 255.255.0.0
-a -t 10.0.0.2:443 -r 10.0.2.1:443 -g -w 1
EOF2

# --- reload that drops persistence really clears it (ipvsadm -E cannot) ----------------------
sed -i -e '/persistent=/d' -e '/netmask=/d' $CF
directord --pidfile $PID $CF reload >/dev/null 2>&1
wait_table reload/persistence-cleared <<'EOF2'
-A -t 10.9.9.9:25 -s rr
-a -t 10.9.9.9:25 -r 10.9.9.10:25 -g -w 1
-A -t 10.0.0.2:443 -s rr
-a -t 10.0.0.2:443 -r 10.0.2.1:443 -g -w 1
EOF2

# --- stop removes only our virtuals ---------------------------------------------------------
stop_d
expect_table stop/only-ours-removed <<'EOF2'
-A -t 10.9.9.9:25 -s rr
-a -t 10.9.9.9:25 -r 10.9.9.10:25 -g -w 1
EOF2
ipvsadm -C

# --- IPv6, fwmark v4 and v6, UDP with ops and scheduler flags --------------------------------
header; cat >>$CF <<'EOF2'
virtual6=[2001:db8::1]:80
	real6=[2001:db8::10]:8080 masq 4
	real6=[2001:db8::11]:80 gate
	checktype=on
	scheduler=sed
	persistent=300
	netmask=64

virtual=7
	real=10.0.3.1 gate
	real=10.0.3.2 ipip 5
	checktype=on
	scheduler=sh

virtual6=8
	real6=[2001:db8::20] gate
	checktype=on
	scheduler=dh

virtual=10.0.0.3:53
	real=10.0.3.1:53 gate
	checktype=on
	protocol=udp
	ops=yes
	scheduler=mh
	schedflags=mh-fallback,mh-port
EOF2
start_d mixed/start
expect_table mixed/table <<'EOF2'
-A -t [2001:db8::1]:80 -s sed -p 300 -M 64
-a -t [2001:db8::1]:80 -r [2001:db8::10]:8080 -m -w 4
-a -t [2001:db8::1]:80 -r [2001:db8::11]:80 -g -w 1
-A -f 7 -s sh
-a -f 7 -r 10.0.3.1:0 -g -w 1
-a -f 7 -r 10.0.3.2:0 -i -w 5 --tun-type ipip
-A -f 8 -6 -s dh
-a -f 8 -6 -r [2001:db8::20]:0 -g -w 1
-A -u 10.0.0.3:53 -s mh -o -b mh-fallback,mh-port
-a -u 10.0.0.3:53 -r 10.0.3.1:53 -g -w 1
EOF2
expect_save_format mixed/own-dump-matches-ipvsadm
stop_d
expect_empty mixed/cleanstop

# --- every scheduler, thresholds ------------------------------------------------------------
header
port=1000
for s in rr wrr lc wlc sh dh sed nq mh; do
  port=$((port+1))
  printf 'virtual=10.0.0.4:%s\n\treal=10.0.4.1:%s gate 2 l:10 u:100\n\tchecktype=on\n\tscheduler=%s\n\n' $port $port $s >>$CF
done
start_d sched/start
n=$(ipvsadm -S -n | grep -c '^-A')
if [ "$n" = 9 ]; then pass sched/nine-services; else fail sched/nine-services "$n services"; fi
for s in rr wrr lc wlc sh dh sed nq mh; do
  if ipvsadm -S -n | grep -q -- "-s $s\$"; then pass sched/$s; else fail sched/$s "no service with -s $s"; fi
done
if ipvsadm -L -n --thresholds | grep '10.0.4.1:1001' | grep -qE ' 100 +10 '; then pass sched/thresholds
else fail sched/thresholds "upper 100 lower 10 not set"; ipvsadm -L -n --thresholds | head -n 6 | detail; fi
stop_d

# --- checktype=off: fallback only; quiescent keeps entries at weight 0 -----------------------
header; cat >>$CF <<'EOF2'
quiescent=yes
virtual=10.0.0.5:80
	real=10.0.5.1:80 gate
	real=10.0.5.2:80 gate
	fallback=127.0.0.1:80
	checktype=off
EOF2
ipvsadm -A -t 10.0.0.5:80 -s wrr
ipvsadm -a -t 10.0.0.5:80 -r 10.0.5.1:80 -g -w 7
start_d off/start
expect_table off/quiesced-and-fallback <<'EOF2'
-A -t 10.0.0.5:80 -s wrr
-a -t 10.0.0.5:80 -r 10.0.5.1:80 -g -w 0
-a -t 10.0.0.5:80 -r 127.0.0.1:80 -g -w 1
EOF2
sed -i 's/checktype=off/checktype=on/' $CF
directord --pidfile $PID $CF reload >/dev/null 2>&1
wait_table off/on-restores-and-drops-fallback <<'EOF2'
-A -t 10.0.0.5:80 -s wrr
-a -t 10.0.0.5:80 -r 10.0.5.1:80 -g -w 1
-a -t 10.0.0.5:80 -r 10.0.5.2:80 -g -w 1
EOF2
if grep -q 'Deleted fallback server: 127.0.0.1:80 (tcp:10.0.0.5:80)' $LOG && grep -q 'Restored real server: 10.0.5.1:80 (tcp:10.0.0.5:80) (Weight set to 1)' $LOG
then pass off/ldirectord-wording; else fail off/ldirectord-wording "log lines missing"; tail -n 8 $LOG | detail; fi

# --- a hand-deleted entry comes back at the next resync ------------------------------------
# The resync period is checkinterval, stretched to 500x the last dump's cost (at most 1 min,
# director/resync_period.cpp): under emulation a dump can take tens of ms, so wait up to 65 s.
ipvsadm -d -t 10.0.0.5:80 -r 10.0.5.2:80
wait_table resync/hand-deleted-entry-restored 325 <<'EOF2'
-A -t 10.0.0.5:80 -s wrr
-a -t 10.0.0.5:80 -r 10.0.5.1:80 -g -w 1
-a -t 10.0.0.5:80 -r 10.0.5.2:80 -g -w 1
EOF2
stop_d
ipvsadm -C

# --- status prints the table with states ---------------------------------------------------
header; cat >>$CF <<'EOF2'
metrics=127.0.0.1:9109
virtual=10.0.0.6:80
	real=10.0.6.1:80 gate
	checktype=on
EOF2
start_d status/start
out=$(directord --pidfile $PID $CF status 2>&1); rc=$?
if [ $rc = 0 ] && echo "$out" | grep -q 'is running with pid' && echo "$out" | grep -E '10\.0\.6\.1:80 +Route +1 .* up( |$)' >/dev/null
then pass status/table-with-states; else fail status/table-with-states "rc=$rc"; echo "$out" | detail; fi
# --stats and --rate: ipvsadm's own layouts from the netlink counters, each real's state beside.
for layout in stats rate; do
  directord --pidfile $PID $CF status --$layout 2>/dev/null >$W/ours
  ipvsadm -Ln --$layout | tail -n +2 >$W/theirs
  sed -E -e 's/  State$//' -e 's/^(  -> .*[0-9KMGT])  [a-z].*$/\1/' $W/ours >$W/ours.bare
  if grep -qE '^  -> 10\.0\.6\.1:80 .*  up$' $W/ours && diff $W/ours.bare $W/theirs >$W/diff
  then pass status/$layout-layout-as-ipvsadm; else fail status/$layout-layout-as-ipvsadm "differs"; cat $W/ours $W/diff | detail; fi
done
# /metrics carries the kernel's IPVS counters, read over netlink at scrape time.
timeout 5 wget -q -O - http://127.0.0.1:9109/metrics >$W/metrics 2>/dev/null
if grep -q '^directord_ipvs_virtual_connections_total{virtual="tcp:10.0.0.6:80"} 0$' $W/metrics \
   && grep -q '^directord_ipvs_real_in_packets_total{virtual="tcp:10.0.0.6:80",real="10.0.6.1:80"} 0$' $W/metrics \
   && grep -q '^directord_real_up{virtual="tcp:10.0.0.6:80",real="10.0.6.1:80"} 1$' $W/metrics
then pass status/metrics-ipvs-counters; else fail status/metrics-ipvs-counters "not in /metrics"; grep -E 'ipvs|real_up' $W/metrics | head -12 | detail; fi
stop_d
