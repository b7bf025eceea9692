# A real LVS-DR cluster inside the VM (one kernel, one network namespace per machine, all on
# one bridge "the LAN"): a client, two directors (heartbeatd + directord with HTTP checks; the
# IPVS table is per namespace, so each director has its own), two real servers set up by
# /etc/init.d/lvs-realserver serving HTTP (busybox httpd) and an echo service.
# The client sends an HTTP request through the VIP every 10 ms while (1) the active director
# crashes, (2) the pair switches over on purpose (hb_standby); (3) a connection opened before
# the crash is still used after it (connection sync); (4) the new active's status.
say() { echo; echo "==> $*"; }
ip() { /usr/sbin/ip "$@"; }
W=/tmp/lvs; rm -rf $W; mkdir -p $W
for b in heartbeatd directord; do ln -sf /opt/ha/bin/$b /usr/sbin/$b; done
VIP=10.20.0.100 DEADTIME=2
# The client gives up on a request after 5 s: TCP resends a lost SYN after 1 s and 3 s, so a
# request started while no director holds the VIP is answered late rather than lost.
CLIENT_TIMEOUT_MS=5000
up_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
wait_for() { t=$1; shift; i=0; while [ $i -lt $((t * 10)) ]; do "$@" && return 0; sleep 0.1; i=$((i+1)); done; return 1; }
run_in() { n=$1; shift; ip netns exec $n "$@"; }
# reap PID SECS: waits for a client we started, at most SECS, then kills it.
reap() { wait_for $2 sh -c "! kill -0 $1 2>/dev/null"; kill -9 $1 2>/dev/null; wait $1 2>/dev/null; }

# --- the LAN --------------------------------------------------------------------------------
ip link add lan type bridge; ip link set lan up
i=0
for n in client nodea nodeb r1 r2; do
  i=$((i+1)); ip netns add $n
  ip link add p$i type veth peer name lan0 netns $n
  ip link set p$i master lan up
  ip -n $n link set lo up; ip -n $n link set lan0 up
done
ip -n client addr add 10.20.0.2/24 brd + dev lan0
ip -n nodea addr add 10.20.0.11/24 brd + dev lan0
ip -n nodeb addr add 10.20.0.12/24 brd + dev lan0
ip -n r1 addr add 10.20.0.21/24 brd + dev lan0
ip -n r2 addr add 10.20.0.22/24 brd + dev lan0
# The directors' private link: heartbeats and the connection-sync multicast.
ip link add hb0 netns nodea type veth peer name hb0 netns nodeb
ip -n nodea addr add 192.168.20.1/24 brd + dev hb0; ip -n nodea link set hb0 up
ip -n nodeb addr add 192.168.20.2/24 brd + dev hb0; ip -n nodeb link set hb0 up

# --- real servers ---------------------------------------------------------------------------
say "Real servers r1, r2: /etc/default/lvs-realserver, then /etc/init.d/lvs-realserver start"
# Each real server is a machine of its own: its own /etc/default and /run (private mounts).
rs() {   # rs NAME ACTION
  ip netns exec $1 unshare -m sh -c 'mkdir -p /etc/default && mount -o bind "$1" /etc/default &&
    mount -o bind "$2" /run && exec sh /opt/ha/etc/init.d/lvs-realserver "$3"' rs $W/$1/default $W/$1/run "$2"
}
for r in r1 r2; do
  mkdir -p $W/$r/default $W/$r/run
  printf 'LVS_MODE=dr\nLVS_VIPS="%s"\n' $VIP >$W/$r/default/lvs-realserver
  rs $r start
  # A one-process HTTP server: busybox httpd forks per request, which the emulated CPU
  # cannot afford 100 times a second on top of everything else.
  run_in $r lvs_demo http-server 80 $r >/dev/null 2>&1 &
  run_in $r lvs_demo echo-server 7 $r >/dev/null 2>&1 &
done
cat $W/r1/default/lvs-realserver
echo "--- r1: lo and the ARP settings"
ip -n r1 -o addr show dev lo | awk '{ print "    " $4 }'
run_in r1 sh -c 'echo "    arp_ignore=$(cat /proc/sys/net/ipv4/conf/all/arp_ignore) arp_announce=$(cat /proc/sys/net/ipv4/conf/all/arp_announce)"'
rs r1 status

# --- directors ------------------------------------------------------------------------------
RESOURCE_D=/opt/ha/resource.d
for n in nodea nodeb; do
  d=$W/$n; mkdir -p $d/etc/resource.d $d/var $d/lock
  for s in IPaddr IPaddr2 IPVSsyncd; do cp $RESOURCE_D/$s $d/etc/resource.d/; done
  cat >$d/ldirectord.cf <<EOF2
checktimeout=1
checkinterval=1
quiescent=no
logfile="$d/directord.log"

virtual=$VIP:80
	real=10.20.0.21:80 gate
	real=10.20.0.22:80 gate
	service=http
	request="index.html"
	receive="served by"
	scheduler=sh
	schedflags=sh-port
	protocol=tcp
	checktype=negotiate

virtual=$VIP:7
	real=10.20.0.21:7 gate
	real=10.20.0.22:7 gate
	scheduler=rr
	protocol=tcp
	checktype=connect
EOF2
  cat >$d/etc/ha.cf <<EOF2
logfile $d/ha-log
keepalive 200ms
warntime 1
deadtime $DEADTIME
initdead 10
auto_failback off
realtime off
bcast hb0 lan0
node nodea nodeb
EOF2
  printf 'auth 1\n1 sha1 lvs-demo-secret\n' >$d/etc/authkeys; chmod 600 $d/etc/authkeys
  echo "nodea IPaddr2::$VIP/24/lan0 IPVSsyncd::hb0::1" >$d/etc/haresources
  echo $n >$d/etc/nodeinfo
done
# What a director does at boot: directord keeps the table ready on both (only the VIP moves),
# the sync backup daemon listens on both, sloppy TCP lets a director take over connections
# it has not seen the start of; then heartbeatd.
boot_director() {
  n=$1 d=$W/$1
  run_in $n sh -c 'echo 1 >/proc/sys/net/ipv4/vs/sloppy_tcp'
  run_in $n directord --pidfile $d/directord.pid $d/ldirectord.cf start >/dev/null
  run_in $n directord sync backup hb0 1 >/dev/null
  run_in $n heartbeatd -f -c $d/etc -S $d/var -p $d/var/hb.pid -L $d/lock >>$d/stderr 2>&1 &
}
say "Directors: ldirectord.cf (both), ha.cf and haresources (same on both)"
sed -n '/^virtual/,$p' $W/nodea/ldirectord.cf
cat $W/nodea/etc/ha.cf | grep -vE '^(logfile|node )'
cat $W/nodea/etc/haresources
boot_director nodea; boot_director nodeb
vip_on() { ip -n $1 -o addr show dev lan0 | grep -q "inet $VIP/"; }
reals_in() { [ "$(ip netns exec $1 ipvsadm -Ln | grep -c -- '-> 10.20.0.2[12]:80 ')" = 2 ]; }
through_vip() { ip netns exec client timeout 5 wget -q -O - http://$VIP/ 2>/dev/null | grep -q 'served by'; }   # (this busybox's wget -T crashes)
if ! wait_for 60 vip_on nodea; then fail demo/lvs/cluster-up "nodea never took the VIP"; tail -n 20 $W/nodea/ha-log
elif ! wait_for 20 reals_in nodea || ! wait_for 20 reals_in nodeb; then
  fail demo/lvs/cluster-up "the real servers are not in both tables"; ip netns exec nodea ipvsadm -Ln; ip netns exec nodeb ipvsadm -Ln
elif ! wait_for 20 through_vip; then fail demo/lvs/cluster-up "the client gets no page through the VIP"
else pass demo/lvs/cluster-up; fi
echo "--- nodea (active): $(ip netns exec nodea directord sync status | tr '\n' ';')"
ip netns exec nodea ipvsadm -Ln | tail -n +3
echo "--- nodeb (standby): $(ip netns exec nodeb directord sync status | tr '\n' ';')"
echo "--- the client, through the VIP: $(ip netns exec client timeout 5 wget -q -O - http://$VIP/)"

# --- (3) a long-lived connection, opened before the crash -------------------------------------
say "A long-lived connection: the client opens $VIP:7 (echo) and sends a line every 100 ms"
run_in client timeout 200 lvs_demo hold $VIP 7 $W/hold.log $W/stop.hold & HOLD=$!
wait_for 10 grep -qs '^echo' $W/hold.log
echo "    connected to $(sed -n 's/^connected [0-9]* //p' $W/hold.log) through nodea"
synced() { ip netns exec nodeb ipvsadm -Lnc | grep -q "10.20.0.2:[0-9]* *$VIP:7"; }
if wait_for 15 synced; then
  echo "    nodeb (standby) already knows it, from nodea's sync master:"
  ip netns exec nodeb ipvsadm -Lnc | grep -E "^pro|$VIP:7" | sed 's/^/    /'
  pass demo/lvs/connection-synced
else fail demo/lvs/connection-synced "nodeb's table never got the connection"; ip netns exec nodeb ipvsadm -Lnc | detail; fi

# --- (1) crash ------------------------------------------------------------------------------
say "(1) The client sends a request every 10 ms; nodea crashes (kill -9 of everything in it, links down)"
run_in client timeout 120 lvs_demo load $VIP 80 $W/crash.log $W/stop.crash 10 $CLIENT_TIMEOUT_MS & LOAD=$!
sleep 2
T_CRASH=$(up_ms)
for p in $(ip netns pids nodea); do kill -9 $p; done
ip -n nodea link set lan0 down; ip -n nodea link set hb0 down
if wait_for 20 vip_on nodeb; then
  echo "    nodeb holds the VIP (seen by a poll from this script $(( $(up_ms) - T_CRASH )) ms after the crash; the client's view is below)"
else fail demo/lvs/crash-takeover "nodeb did not take over"; tail -n 20 $W/nodeb/ha-log; fi
sleep 3; touch $W/stop.crash; reap $LOAD 10
echo "    nodeb's log:"
grep -E 'is dead|Acquiring|Running .* start|complete' $W/nodeb/ha-log | tail -n 5 | sed -E 's/^\[[^|]* ([0-9:]{8}) [0-9]{4}\|[^]]*\] /      \1 /' 
sleep 2   # the long-lived connection goes on meanwhile
after_crash=$(awk -v t=$T_CRASH '$1 == "echo" && $2 > t' $W/hold.log | wc -l)
if grep -q '^reset' $W/hold.log; then SYNCED=reset
elif [ "$after_crash" -ge 5 ]; then SYNCED=survived
else SYNCED=reset; fi
echo "    the long-lived connection: $SYNCED ($after_crash echoes since the crash$(sed -n 's/^reset [0-9]* / - /p' $W/hold.log))"

# --- (4) status on the new active -----------------------------------------------------------
say "(4) Status on the new active director, nodeb"
echo "\$ directord ldirectord.cf status"
ip netns exec nodeb directord --pidfile $W/nodeb/directord.pid $W/nodeb/ldirectord.cf status
stats_shown=
for form in "--stats $W/nodeb/ldirectord.cf status" "$W/nodeb/ldirectord.cf status --stats"; do
  if out=$(ip netns exec nodeb directord --pidfile $W/nodeb/directord.pid $form 2>&1) && [ -n "$out" ]; then
    echo "\$ directord $form"; echo "$out"
    ip netns exec nodeb directord --pidfile $W/nodeb/directord.pid $(echo "$form" | sed 's/--stats/--rate/') 2>&1
    stats_shown=1; break
  fi
done
if [ -z "$stats_shown" ]; then
  echo "\$ ipvsadm -Ln --stats      (the real tool: this directord has no --stats/--rate yet)"
  ip netns exec nodeb ipvsadm -Ln --stats
  echo "\$ ipvsadm -Ln --rate"
  ip netns exec nodeb ipvsadm -Ln --rate
fi
echo "\$ directord sync status"; ip netns exec nodeb directord sync status
echo "\$ heartbeatd status rscstatus: $(heartbeatd -S $W/nodeb/var status rscstatus 2>&1 | head -n 1)"

# --- nodea comes back as the standby ----------------------------------------------------------
say "nodea reboots and comes back as the standby (auto_failback off)"
ip -n nodea addr del $VIP/24 dev lan0 2>/dev/null   # what the reboot cleared
ip netns exec nodea ipvsadm -C; ip netns exec nodea directord sync stop >/dev/null
rm -f $W/nodea/directord.pid $W/nodea/var/hb.pid
ip -n nodea link set lan0 up; ip -n nodea link set hb0 up
boot_director nodea
seen_active() { [ "$(heartbeatd -S $W/nodeb/var status nodestatus nodea 2>/dev/null)" = active ]; }
if wait_for 30 seen_active && wait_for 20 reals_in nodea; then
  echo "    nodeb sees nodea active; nodea's table is ready"; pass demo/lvs/standby-back
else fail demo/lvs/standby-back "nodea did not rejoin"; tail -n 20 $W/nodea/ha-log; fi
sleep 2

# --- (2) planned switchover -------------------------------------------------------------------
say "(2) The same client load; a planned switchover: hb_standby on nodeb (heartbeatd standby)"
run_in client timeout 120 lvs_demo load $VIP 80 $W/switch.log $W/stop.switch 10 $CLIENT_TIMEOUT_MS & LOAD=$!
sleep 2
T_SWITCH=$(up_ms)
heartbeatd -S $W/nodeb/var standby >/dev/null 2>&1
echo "    heartbeatd standby returned after $(( $(up_ms) - T_SWITCH )) ms"
if wait_for 20 vip_on nodea; then
  echo "    nodea holds the VIP; nodeb's log:"
  grep -E 'standby|Releasing|Running .* stop' $W/nodeb/ha-log | tail -n 5 | sed -E 's/^\[[^|]* ([0-9:]{8}) [0-9]{4}\|[^]]*\] /      \1 /'
  echo "    nodea's log:"
  awk '/Acquiring/ { b = "" } { b = b $0 "\n" } END { printf "%s", b }' $W/nodea/ha-log | grep -E 'Acquiring|Running .* start' | sed -E 's/^\[[^|]* ([0-9:]{8}) [0-9]{4}\|[^]]*\] /      \1 /' 
else fail demo/lvs/switchover "nodea did not take the resources"; tail -n 20 $W/nodeb/ha-log; fi
sleep 3; touch $W/stop.switch; reap $LOAD 10
touch $W/stop.hold; reap $HOLD 3

# --- the picture and the figures --------------------------------------------------------------
say "What the client saw"
lvs_demo report $W/lvs-dr-client.svg "crash:$W/crash.log:$T_CRASH:kill -9 nodea (active)" \
  "switchover:$W/switch.log:$T_SWITCH:hb_standby on nodeb (active)" >$W/report.txt
grep -v '^result ' $W/report.txt
crash_out=$(sed -n 's/^result crash outage_ms=\([0-9]*\).*/\1/p' $W/report.txt)
crash_failed=$(sed -n 's/^result crash .*failed=\([0-9]*\).*/\1/p' $W/report.txt)
switch_failed=$(sed -n 's/^result switchover .*failed=\([0-9]*\).*/\1/p' $W/report.txt)
field() { sed -n "s/^result $1 .*$2=\([0-9]*\).*/\1/p" $W/report.txt; }
for ph in crash switchover; do
  echo "$ph: $(field $ph total) requests, $(field $ph failed) failed, $(field $ph late) answered after 1 s or more (a SYN resent by TCP)"
done
echo "(a request fails on an error or without a whole answer within $((CLIENT_TIMEOUT_MS / 1000)) s)"
echo "DEMO-SVG-BEGIN"; cat $W/lvs-dr-client.svg; echo "DEMO-SVG-END"

[ -n "$crash_out" ] && [ "$crash_out" -le $((DEADTIME * 1000 + 1000)) ] && pass demo/lvs/crash-outage-within-deadtime-plus-1s ||
  fail demo/lvs/crash-outage-within-deadtime-plus-1s "longest gap ${crash_out:-?} ms"
[ "$switch_failed" = 0 ] && pass demo/lvs/switchover-no-failed-request || fail demo/lvs/switchover-no-failed-request "$switch_failed failed"
[ "$SYNCED" = survived ] && pass demo/lvs/synced-connection-survived || fail demo/lvs/synced-connection-survived "$SYNCED"
echo "DEMO deadtime_ms $((DEADTIME * 1000))"
echo "DEMO crash_client_outage_ms ${crash_out:-unknown}"
echo "DEMO crash_client_failed ${crash_failed:-unknown}"
echo "DEMO switchover_client_failed ${switch_failed:-unknown}"
echo "DEMO synced_connection $SYNCED"

for n in client nodea nodeb r1 r2; do for p in $(ip netns pids $n); do kill -9 $p; done; ip netns del $n; done
ip link del lan
