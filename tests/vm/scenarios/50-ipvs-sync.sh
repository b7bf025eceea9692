# The IPVS connection-sync daemon on the real kernel: `directord sync` and resource.d/IPVSsyncd
# start, replace, show and stop it over generic netlink (as `ipvsadm -L --daemon` sees it);
# then a small LVS-DR network (client, two directors, a real server on a bridge) shows what it
# is for: a connection opened through director A survives the VIP moving to director B only
# when B ran the backup daemon (without it, B resets the connection).
ip() { /usr/sbin/ip "$@"; }
W=/tmp/sync; rm -rf $W; mkdir -p $W
SYNCD=/opt/ha/resource.d/IPVSsyncd
daemons() { ipvsadm -L --daemon 2>&1 | sed 's/[[:space:]]*$//'; }

# --- the command line against this namespace's kernel state ---------------------------------
ip link add sy0 type dummy; ip addr add 192.168.31.1/24 dev sy0; ip link set sy0 up
expect_output sync/status-none sh -c 'directord sync status; echo "rc=$?"' <<EOF2
no IPVS sync daemon is running
rc=3
EOF2
expect_output sync/no-such-interface sh -c 'directord sync master nosuch0 1; echo "rc=$?"' <<EOF2
directord: starting the IPVS sync master on nosuch0, syncid 1 failed: no such interface
rc=1
EOF2
check sync/master-start directord sync master sy0 5
expect_output sync/ipvsadm-sees-master daemons <<EOF2
master sync daemon (mcast=sy0, syncid=5, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)
EOF2
expect_output sync/master-again-is-a-no-op directord sync master sy0 5 <<EOF2
IPVS sync master on sy0, syncid 5: already running
EOF2
expect_output sync/master-replaced directord sync master sy0 6 <<EOF2
IPVS sync master on sy0, syncid 5: stopped (replaced)
IPVS sync master on sy0, syncid 6: started
EOF2
check sync/backup-start directord sync backup sy0 6
expect_output sync/status-both sh -c 'directord sync status | sort' <<EOF2
IPVS sync backup on sy0, syncid 6
IPVS sync master on sy0, syncid 6
EOF2
expect_output sync/stop-master directord sync stop master <<EOF2
IPVS sync master on sy0, syncid 6: stopped
EOF2
expect_output sync/ipvsadm-sees-backup-only daemons <<EOF2
backup sync daemon (mcast=sy0, syncid=6, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)
EOF2
check sync/stop-all directord sync stop
expect_output sync/stop-when-none sh -c 'directord sync stop; echo "rc=$?"; ipvsadm -L --daemon | wc -l' <<EOF2
rc=0
0
EOF2
expect_output sync/bad-syncid sh -c 'directord sync master sy0 300 2>&1 | head -n 1; directord sync master sy0 300 >/dev/null 2>&1; echo "rc=$?"' <<EOF2
directord: sync: syncid '300' is not a number from 0 to 255
rc=2
EOF2
# The resource script: start = master (+ backup), stop = master off, backup on; status 0/3.
expect_output sync/IPVSsyncd-start-status sh -c "$SYNCD sy0 9 start >/dev/null; $SYNCD sy0 9 status; echo rc=\$?; directord sync status | sort" <<EOF2
IPVSsyncd master on sy0 (syncid 9) is running
rc=0
IPVS sync backup on sy0, syncid 9
IPVS sync master on sy0, syncid 9
EOF2
expect_output sync/IPVSsyncd-stop-status sh -c "$SYNCD sy0 9 stop >/dev/null; $SYNCD sy0 9 status; echo rc=\$?; directord sync status" <<EOF2
IPVSsyncd master on sy0 (syncid 9) is stopped
rc=3
IPVS sync backup on sy0, syncid 9
EOF2
directord sync stop >/dev/null; ip link del sy0

# --- what it is for: a connection survives the VIP moving ------------------------------------
P=sy$$ VIP=10.30.0.100
ip link add br0 type bridge; ip link set br0 up
i=0
for n in c a b r; do
  i=$((i+1)); ip netns add $P$n
  ip link add lan$i type veth peer name lan0 netns $P$n
  ip link set lan$i master br0 up
  ip -n $P$n link set lo up; ip -n $P$n link set lan0 up
done
ip -n ${P}c addr add 10.30.0.2/24 dev lan0
ip -n ${P}a addr add 10.30.0.11/24 dev lan0
ip -n ${P}b addr add 10.30.0.12/24 dev lan0
ip -n ${P}r addr add 10.30.0.21/24 dev lan0
# The directors' own link for the sync multicast (the kernel sends from the link's address).
ip link add sync0 netns ${P}a type veth peer name sync0 netns ${P}b
ip -n ${P}a addr add 192.168.30.1/24 dev sync0; ip -n ${P}a link set sync0 up
ip -n ${P}b addr add 192.168.30.2/24 dev sync0; ip -n ${P}b link set sync0 up
# Real server, direct routing: the VIP on lo, never answering ARP for it.
ip -n ${P}r addr add $VIP/32 dev lo
ip netns exec ${P}r sh -c 'echo 1 >/proc/sys/net/ipv4/conf/all/arp_ignore; echo 2 >/proc/sys/net/ipv4/conf/all/arp_announce'
ip netns exec ${P}r lvs_demo echo-server 7 real1 & ECHO=$!
for n in a b; do
  ip netns exec $P$n ipvsadm -A -t $VIP:7 -s rr
  ip netns exec $P$n ipvsadm -a -t $VIP:7 -r 10.30.0.21:7 -g
done
vip_to() {   # vip_to NEW OLD: the VIP leaves OLD's LAN link (a crash: link down) and goes to NEW
  ip -n $P$2 addr del $VIP/24 dev lan0 2>/dev/null; ip -n $P$2 link set lan0 down
  ip -n $P$1 link set lan0 up; ip -n $P$1 addr add $VIP/24 dev lan0
  ip netns exec $P$1 arping -U -c 2 -w 2 -I lan0 -s $VIP $VIP >/dev/null 2>&1 &
}
echoes() { grep -c '^echo' $W/hold.$1 2>/dev/null || echo 0; }
wait_until() { t=$1; shift; k=0; while [ $k -lt $((t * 5)) ]; do "$@" && return 0; sleep 0.2; k=$((k+1)); done; return 1; }
in_b_table() { ip netns exec ${P}b ipvsadm -Lnc | grep -q "10.30.0.2:[0-9]* *$VIP:7"; }
more_echoes() { [ "$(echoes $1)" -ge "$2" ]; }
# hold_across NAME: a long-lived connection through A, then the VIP moves to B; prints the
# end of the connection's log.
hold_across() {
  rm -f $W/stop; vip_to a b
  ip netns exec ${P}c lvs_demo hold $VIP 7 $W/hold.$1 $W/stop & HOLD=$!
  wait_until 15 more_echoes $1 5
  [ "$1" = synced ] && { wait_until 10 in_b_table &&
    pass sync/connection-reaches-backup || { fail sync/connection-reaches-backup "not in B's table"; ip netns exec ${P}b ipvsadm -Lnc | detail; }; }
  n=$(echoes $1); vip_to b a
  wait_until 20 sh -c "grep -q '^reset' $W/hold.$1 || [ \$(grep -c '^echo' $W/hold.$1) -ge $((n + 10)) ]"
  touch $W/stop; sleep 0.5; kill $HOLD 2>/dev/null; wait $HOLD 2>/dev/null
}
# Control: no sync daemon, B has never heard of the connection and resets it.
hold_across unsynced
if grep -q '^reset' $W/hold.unsynced; then pass sync/control-without-sync-resets
else fail sync/control-without-sync-resets "the connection survived without sync: the next check proves nothing"; tail -n 3 $W/hold.unsynced | detail; fi
ip netns exec ${P}a directord sync master sync0 3 >/dev/null && ip netns exec ${P}b directord sync backup sync0 3 >/dev/null ||
  fail sync/start-in-directors "directord sync failed"
hold_across synced
if grep -q '^reset' $W/hold.synced; then fail sync/connection-survives-failover "$(grep '^reset' $W/hold.synced)"
elif [ "$(echoes synced)" -ge 15 ]; then pass sync/connection-survives-failover
else fail sync/connection-survives-failover "only $(echoes synced) echoes"; fi
kill $ECHO 2>/dev/null
for n in c a b r; do for p in $(ip netns pids $P$n); do kill -9 $p; done; ip netns del $P$n; done
ip link del br0
