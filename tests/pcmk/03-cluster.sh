#!/bin/bash
# A real two-node Corosync 3 + Pacemaker 2.1 cluster (Debian's packages) running the CIB
# `heartbeatd cib` made from a director pair's ha.cf + haresources. Each node is a network
# namespace on a bridge (in a "switch" namespace: the host's network is untouched) with its
# own mount, PID and UTS namespaces: private /run, /dev/shm, /etc/corosync, /var/lib/corosync,
# /var/lib/pacemaker, /var/log/pacemaker, and its own hostname. Kill a node (every process
# of it, and its link) -> the VIP (ocf:heartbeat:IPaddr2, on the survivor's eth0) and
# directord's table (ocf:heartbeat:ldirectord running bin/directord) move to the other.
# This kernel has no IPVS: directord writes its table through the ipvsadm stand-in
# bin/ipvsadm-record (DIRECTORD_IPVSADM), one table per node.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
pass() { echo "PASS pcmk/$1"; }
fail() { echo "FAIL pcmk/$1: $2"; }
skip() { echo "SKIP pcmk/$1: $2"; exit 0; }
[ "$(id -u)" = 0 ] || skip cluster "needs root (namespaces)"
for t in corosync pacemakerd crm_mon corosync-quorumtool unshare nsenter ip; do
  command -v "$t" >/dev/null || skip cluster "$t not installed (Debian's corosync, pacemaker, pacemaker-cli-utils)"
done
[ -x /usr/lib/ocf/resource.d/heartbeat/IPaddr2 ] || skip cluster "ocf:heartbeat:IPaddr2 missing (resource-agents)"
for b in heartbeatd directord ipvsadm-record; do [ -x "bin/$b" ] || skip cluster "bin/$b not built"; done

P=pcmk$$
W=$(mktemp -d /tmp/pcmk-cluster.XXXXXX)
NS=() INIT_PIDS=()
declare -A INIT
cleanup() {
  local p ns
  for p in "${INIT_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  for ns in "${NS[@]}"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  done
  for p in "${INIT_PIDS[@]}"; do   # disowned: poll until they are gone (at most 5 s)
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  done
  for ns in "${NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
  [ -z "${KEEP:-}" ] && rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
ip netns add "$P-sw" || skip cluster "cannot create network namespaces"
NS+=("$P-sw")
ip -n "$P-sw" link add br0 type bridge || skip cluster "cannot create a bridge (kernel without bridge support?)"
ip -n "$P-sw" link set br0 up

declare -A ADDR=([nodea]=10.77.0.1 [nodeb]=10.77.0.2)
i=0
for n in nodea nodeb; do
  i=$((i+1))
  ip netns add "$P-$n"; NS+=("$P-$n")
  ip link add "pc$$a$i" type veth peer name "pc$$b$i" || skip cluster "cannot create veth pairs"
  ip link set "pc$$a$i" netns "$P-$n"
  ip link set "pc$$b$i" netns "$P-sw"
  ip -n "$P-$n" link set "pc$$a$i" name eth0
  ip -n "$P-sw" link set "pc$$b$i" master br0 up
  ip -n "$P-$n" addr add "${ADDR[$n]}/24" dev eth0
  ip -n "$P-$n" link set eth0 up
  ip -n "$P-$n" link set lo up
done

# The pair as heartbeatd ran it.
mkdir -p "$W/ha.d"
cat >"$W/ha.d/ha.cf" <<'EOF'
keepalive 500ms
deadtime 3
auto_failback on
ucast eth0 10.77.0.1
ucast eth0 10.77.0.2
node nodea nodeb
EOF
cat >"$W/ha.d/haresources" <<'EOF'
nodea 10.77.0.100/24/eth0 directord::lvs.cf
nodeb IPaddr2::10.77.0.200/24/eth0
EOF
cat >"$W/ha.d/lvs.cf" <<'EOF'
checkinterval=1
logfile="/var/log/pacemaker/directord.log"
virtual=10.77.0.100:80
	real=10.77.0.11:80 gate
	real=10.77.0.12:80 gate
	checktype=on
EOF
if ! bin/heartbeatd cib -c "$W/ha.d" >"$W/cib.xml" 2>"$W/cib.err"; then
  fail cluster_cib "heartbeatd cib: $(cat "$W/cib.err")"; exit 1
fi
# corosync.conf from the advice in the CIB's comment (token numbers), with the addresses.
token=$(sed -n 's/^ *token: \([0-9]*\)$/\1/p' "$W/cib.xml" | head -1)
retr=$(sed -n 's/^ *token_retransmits_before_loss_const: \([0-9]*\)$/\1/p' "$W/cib.xml" | head -1)
[ -n "$token" ] && [ -n "$retr" ] || { fail cluster_corosync_advice "no token advice in the CIB"; exit 1; }

start_node() {
  local n=$1 d="$W/$1"
  mkdir -p "$d/corosync" "$d/lib-corosync" "$d/lib-pacemaker"/{cib,pengine,blackbox,cores} "$d/log" "$d/ipvs"
  chown -R hacluster:haclient "$d/lib-pacemaker" "$d/log"
  cat >"$d/corosync/corosync.conf" <<EOF
totem {
    version: 2
    cluster_name: pcmk$$
    transport: knet
    crypto_cipher: none
    crypto_hash: none
    token: $token
    token_retransmits_before_loss_const: $retr
}
nodelist {
    node {
        name: nodea
        nodeid: 1
        ring0_addr: ${ADDR[nodea]}
    }
    node {
        name: nodeb
        nodeid: 2
        ring0_addr: ${ADDR[nodeb]}
    }
}
quorum {
    provider: corosync_votequorum
    two_node: 1
}
logging {
    to_logfile: yes
    logfile: /var/log/pacemaker/corosync.log
    to_stderr: no
    to_syslog: no
}
EOF
  cat >"$d/boot.sh" <<EOF
#!/bin/bash
# PID 1 of node $n: private mounts, corosync, then pacemakerd in the foreground.
hostname $n
mount --make-rprivate /
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /dev/shm
mkdir -p /run/resource-agents /run/crm /run/lock
mount --bind $d/corosync /etc/corosync
mount --bind $d/lib-corosync /var/lib/corosync
mount --bind $d/lib-pacemaker /var/lib/pacemaker
mount --bind $d/log /var/log/pacemaker
export DIRECTORD_IPVSADM=$ROOT/bin/ipvsadm-record IPVS_RECORD_DIR=$d/ipvs
export PCMK_logfile=/var/log/pacemaker/pacemaker.log
corosync -f >/var/log/pacemaker/corosync.out 2>&1 &
for i in \$(seq 100); do corosync-quorumtool -s >/dev/null 2>&1 && break; sleep 0.1; done
pacemakerd >/var/log/pacemaker/pacemakerd.out 2>&1
EOF
  chmod +x "$d/boot.sh"
  ip netns exec "$P-$n" unshare --pid --fork --kill-child --mount-proc --mount --uts "$d/boot.sh" 2>>"$d/unshare.err" &
  local u=$!
  INIT_PIDS+=("$u"); disown "$u"   # no job-control notice when it is killed
  for _ in $(seq 50); do INIT[$n]=$(pgrep -P "$u" | head -1); [ -n "${INIT[$n]}" ] && break; sleep 0.1; done
}
# on N CMD...: CMD inside node N's namespaces (its IPC, mounts, hostname).
on() { local n=$1; shift; nsenter -t "${INIT[$n]}" -m -u -n -p "$@"; }
wait_for() {
  local secs=$1; shift
  local end=$(( $(date +%s%N) + secs * 1000000000 ))
  while [ "$(date +%s%N)" -lt "$end" ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  return 1
}
has_vip() { ip -n "$P-$1" -o -4 addr show dev eth0 | grep -q " inet $2/"; }
table_on() { IPVS_RECORD_DIR=$W/$1/ipvs "$ROOT/bin/ipvsadm-record" -S -n 2>/dev/null | grep -q -- '-a -t 10.77.0.100:80 -r 10.77.0.12'; }
both_online() { on "$1" crm_mon -1 2>/dev/null | grep -q 'Online: \[ nodea nodeb \]'; }
show() { echo "--- $1:"; on "$1" crm_mon -1 2>&1 | sed 's/^/    /' | head -30; tail -n 15 "$W/$1/log/pacemaker.log" 2>/dev/null | sed 's/^/    /'; }

t0=$(date +%s)
start_node nodea
start_node nodeb
if wait_for 60 both_online nodea; then pass cluster_formed; else fail cluster_formed "after 60 s"; show nodea; exit 1; fi
# The converted CIB replaces the empty one.
if on nodea cibadmin --replace --xml-file "$W/cib.xml" >"$W/cibadmin.out" 2>&1; then pass cluster_cib_loaded
else fail cluster_cib_loaded "$(cat "$W/cibadmin.out")"; exit 1; fi
if wait_for 60 has_vip nodea 10.77.0.100 && wait_for 30 table_on nodea && wait_for 30 has_vip nodeb 10.77.0.200; then
  pass cluster_groups_on_home_nodes
  echo "cluster up and groups placed $(( $(date +%s) - t0 )) s after boot"
else
  fail cluster_groups_on_home_nodes "vip a=$(has_vip nodea 10.77.0.100 && echo y) table a=$(table_on nodea && echo y) vip2 b=$(has_vip nodeb 10.77.0.200 && echo y)"
  show nodea; exit 1
fi
has_vip nodeb 10.77.0.100 && fail cluster_vip_only_on_home "VIP also on nodeb" || pass cluster_vip_only_on_home
on nodea cat /run/ldirectord.lvs.cf.pid >/dev/null 2>&1 && pass cluster_directord_running_on_nodea \
  || fail cluster_directord_running_on_nodea "no pid file in nodea's /run"

# Kill nodea: every process of it (its PID namespace's init) and its link.
ta=$(date +%s%N)
kill -9 "${INIT[nodea]}"
ip -n "$P-nodea" link set eth0 down
if wait_for 60 has_vip nodeb 10.77.0.100 && wait_for 30 table_on nodeb; then
  pass cluster_failover_vip_and_table
  echo "kill of nodea to VIP and directord's table on nodeb: $(( ($(date +%s%N) - ta) / 1000000 )) ms (token $token ms)"
else
  fail cluster_failover_vip_and_table "vip b=$(has_vip nodeb 10.77.0.100 && echo y) table b=$(table_on nodeb && echo y)"; show nodeb
fi
on nodeb cat /run/ldirectord.lvs.cf.pid >/dev/null 2>&1 && pass cluster_directord_running_on_nodeb \
  || fail cluster_directord_running_on_nodeb "no pid file in nodeb's /run"
has_vip nodeb 10.77.0.200 && pass cluster_nodeb_keeps_its_group || fail cluster_nodeb_keeps_its_group "VIP 2 gone"

# nodea comes back (rebooted: its VIP gone with the old kernel); auto_failback on became
# resource-stickiness 0, so its group goes home.
ip -n "$P-nodea" addr del 10.77.0.100/24 dev eth0 2>/dev/null
rm -rf "$W/nodea/ipvs"; mkdir -p "$W/nodea/ipvs"   # and its IPVS table
ip -n "$P-nodea" link set eth0 up
tb=$(date +%s%N)
start_node nodea
gone_from_b() { ! has_vip nodeb 10.77.0.100; }
if wait_for 90 has_vip nodea 10.77.0.100 && wait_for 10 gone_from_b; then
  pass cluster_failback_home
  echo "nodea restart to its VIP back on nodea: $(( ($(date +%s%N) - tb) / 1000000 )) ms"
else
  fail cluster_failback_home "vip a=$(has_vip nodea 10.77.0.100 && echo y) b=$(has_vip nodeb 10.77.0.100 && echo y)"; show nodea
fi
wait_for 20 table_on nodea && pass cluster_failback_table || fail cluster_failback_table "no table on nodea"
# directord stopped on nodeb on the way (cleanstop: its virtual left nodeb's table).
no_table_b() { ! table_on nodeb; }
wait_for 20 no_table_b && pass cluster_failback_nodeb_cleaned || fail cluster_failback_nodeb_cleaned "virtual still in nodeb's table"
exit 0
