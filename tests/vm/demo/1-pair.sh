# The director pair, inside the VM (real IPVS kernel): two directors, each in its own network
# namespace, heartbeatd on both; haresources gives nodea the VIP and directord. nodea crashes,
# nodeb takes over VIP and IPVS table; nodea comes back and takes them home (auto_failback on).
say() { echo; echo "==> $*"; }
ip() { /usr/sbin/ip "$@"; }   # iproute2 (netns support), not busybox's applet
W=/tmp/pair; rm -rf $W; mkdir -p $W
for b in heartbeatd directord; do ln -sf /opt/ha/bin/$b /usr/sbin/$b; done
RESOURCE_D=/opt/ha/resource.d   # shipped by make demo (VM_EXTRA_FILES)
cat >$W/ldirectord.cf <<'EOF2'
checkinterval=1
logfile="/tmp/pair/directord.log"
virtual=10.0.0.100:80
	real=10.0.0.11:80 gate
	real=10.0.0.12:80 gate
	checktype=on
	scheduler=wlc
EOF2
ip netns add nodea; ip netns add nodeb
ip link add hb-a netns nodea type veth peer name hb-b netns nodeb
for n in a b; do
  ip -n node$n link set lo up; ip -n node$n link set hb-$n up
  ip -n node$n addr add 10.0.0.$([ $n = a ] && echo 1 || echo 2)/24 brd + dev hb-$n
  d=$W/node$n; mkdir -p $d/etc/resource.d $d/var $d/lock
  for s in IPaddr IPaddr2 directord; do cp $RESOURCE_D/$s $d/etc/resource.d/; done
  cat >$d/etc/ha.cf <<EOF2
logfile $d/ha-log
keepalive 200ms
warntime 1
deadtime 2
initdead 10
auto_failback on
realtime off
bcast hb-$n
node nodea nodeb
EOF2
  printf 'auth 1\n1 sha1 pair-demo-secret\n' >$d/etc/authkeys; chmod 600 $d/etc/authkeys
  echo "nodea 10.0.0.100 directord::$W/ldirectord.cf" >$d/etc/haresources
  echo node$n >$d/etc/nodeinfo
done
start_node() {
  ip netns exec node$1 heartbeatd -f -c $W/node$1/etc -S $W/node$1/var -p $W/node$1/var/hb.pid -L $W/node$1/lock \
    >>$W/node$1/stderr 2>&1 &
}
q() { n=$1; shift; heartbeatd -S $W/node$n/var status "$@" 2>&1 | head -n 1; }
vip_gone() { ! vip_on $1; }
svc_on() { ip netns exec node$1 ipvsadm -Ln | grep -q 10.0.0.100; }
vip_on() { ip -n node$1 -o addr show | grep -q 'inet 10.0.0.100/'; }
wait_for() { t=$1; shift; i=0; while [ $i -lt $((t * 10)) ]; do "$@" && return 0; sleep 0.1; i=$((i+1)); done; return 1; }
show() {   # show NODE...
  for n in "$@"; do
    echo "--- node$n: heartbeatd says resources=$(q $n rscstatus); VIP $(vip_on $n && echo here || echo absent)"
    ip netns exec node$n ipvsadm -Ln | tail -n +4
  done
}
say "haresources on both directors:"; cat $W/nodea/etc/haresources
say "Starting heartbeatd on both directors (keepalive 200ms, deadtime 2s)"
start_node a; start_node b
if wait_for 40 vip_on a && wait_for 10 svc_on a; then
  show a b; pass pair/start
else fail pair/start "nodea never took its resources"; tail -n 20 $W/nodea/ha-log; fi
say "nodea crashes (every process in its namespace gets SIGKILL)"
up_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
t0=$(up_ms)
for p in $(ip netns pids nodea); do kill -9 $p; done
if wait_for 20 vip_on b && wait_for 10 svc_on b; then
  echo "nodeb holds the VIP and the IPVS table $(( $(up_ms) - t0 )) ms after the crash (deadtime 2000 ms, polled every 100 ms)"
  show b; pass pair/failover
else fail pair/failover "nodeb did not take over"; tail -n 30 $W/nodeb/ha-log; fi
say "nodea comes back: auto_failback on moves the resources home"
ip -n nodea addr del 10.0.0.100/24 dev hb-a 2>/dev/null   # what a reboot would have cleared
ip netns exec nodea ipvsadm -C
start_node a
if wait_for 60 vip_on a && wait_for 20 vip_gone b; then
  sleep 2; show a b; pass pair/failback
else fail pair/failback "resources did not move back"; tail -n 30 $W/nodea/ha-log; fi
say "Gratuitous ARPs and takeovers, from nodeb's log:"
grep -iE 'takeover|acquir|releas|dead|IPaddr|directord' $W/nodeb/ha-log | tail -n 12 | sed 's/^[^]]*] //'
for n in a b; do heartbeatd -p $W/node$n/var/hb.pid -k >/dev/null 2>&1; done
sleep 1
for n in a b; do for p in $(ip netns pids node$n); do kill -9 $p; done; done
ip netns del nodea; ip netns del nodeb
