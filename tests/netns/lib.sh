# Helpers for the multi-node namespace tests; sourced by every tests/netns/NN-*.sh.
# A test calls lib_init once (unique names, cleanup trap), then builds nodes on a private
# bridge that lives in its own "switch" namespace, so the host's network is never touched.
#
#   lib_init NAME                 work dir $W, prefix $P, trap cleanup; needs root
#   ns_node N IP                  namespace $P-N with hb0 = IP/24 brd + on the bridge
#   hb_conf N KEY MEDIA...        writes $W/N/etc/{ha.cf,authkeys,haresources,nodeinfo}
#                                 (MEDIA lines as given; TIMING/NODES/EXTRA vars override)
#   hb_start N                    starts bin/heartbeatd -f for node N in its namespace
#   hb_kill N [SIG]               kills that heartbeatd (by the PID we started)
#   hbq N WORDS...                control query ("status ..." words) against node N
#   wait_for SECS CMD...          polls CMD every 0.1 s until it succeeds
#   pass NAME / fail NAME WHY / skip NAME WHY    the suite's result lines
#   start_bg CMD...               runs CMD in the background and remembers its PID
# Every PID started is recorded and killed by PID on exit; namespaces are deleted.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HB=${HEARTBEATD:-$ROOT/bin/heartbeatd}
LIB_PIDS=()
LIB_NS=()
declare -A HB_PID

pass() { echo "PASS netns/$1"; }
fail() { echo "FAIL netns/$1: $2"; LIB_FAILED=1; }
skip() { echo "SKIP netns/$1: $2"; }

lib_cleanup() {
    local p
    for p in "${LIB_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
    for p in "${LIB_PIDS[@]}"; do wait "$p" 2>/dev/null; done
    local ns
    for ns in "${LIB_NS[@]}"; do
        # Anything still running in a namespace we created is ours (e.g. a daemon's child).
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    [ -n "${W:-}" ] && [ -z "${KEEP:-}" ] && rm -rf "$W"
}

lib_init() {
    LIB_NAME=$1
    LIB_FAILED=0
    if [ "$(id -u)" != 0 ]; then skip "$LIB_NAME" "needs root"; exit 0; fi
    if [ ! -x "$HB" ]; then skip "$LIB_NAME" "$HB not built"; exit 0; fi
    P=hbt$$
    W=$(mktemp -d /tmp/hbnetns.$LIB_NAME.XXXXXX)
    trap lib_cleanup EXIT
    trap 'exit 1' INT TERM
    ip netns add "$P-sw" || { skip "$LIB_NAME" "cannot create network namespaces"; exit 0; }
    LIB_NS+=("$P-sw")
    ip -n "$P-sw" link add br0 type bridge
    ip -n "$P-sw" link set br0 up
    ip -n "$P-sw" link set lo up
    LIB_IDX=0
}

ns_node() {
    local n=$1 ip=$2 ns="$P-$1"
    LIB_IDX=$((LIB_IDX+1))
    ip netns add "$ns"; LIB_NS+=("$ns")
    ip link add "h$$x$LIB_IDX" type veth peer name "s$$x$LIB_IDX"
    ip link set "h$$x$LIB_IDX" netns "$ns"
    ip link set "s$$x$LIB_IDX" netns "$P-sw"
    ip -n "$ns" link set "h$$x$LIB_IDX" name hb0
    ip -n "$P-sw" link set "s$$x$LIB_IDX" master br0 up
    ip -n "$ns" addr add "$ip/24" brd + dev hb0
    ip -n "$ns" link set hb0 up
    ip -n "$ns" link set lo up
    mkdir -p "$W/$n/etc" "$W/$n/var" "$W/$n/lock"
}

# The switch-side port of node N (to cut a node off at the bridge).
sw_port() { ip -n "$P-$1" -o link show hb0 | sed -n 's/.*@if\([0-9]*\).*/\1/p' | xargs -I{} sh -c "ip -n $P-sw -o link | awk -F': ' '\$1=={} {print \$2}' | cut -d@ -f1"; }

TIMING=${TIMING:-"keepalive 200ms
deadtime 2
warntime 1
initdead 4"}
NODES=${NODES:-"nodea nodeb"}

hb_conf() {
    local n=$1 key=$2; shift 2
    local d="$W/$n/etc"
    {
        echo "logfile $W/$n/ha-log"
        echo "$TIMING"
        echo "auto_failback on"
        echo "realtime off"
        [ -n "${EXTRA:-}" ] && echo "$EXTRA"   # before the media: udpport/baud apply to later lines
        for m in "$@"; do echo "$m"; done
        echo "node $NODES"
    } > "$d/ha.cf"
    printf 'auth 1\n1 %s\n' "$key" > "$d/authkeys"; chmod 600 "$d/authkeys"
    [ -f "$d/haresources" ] || : > "$d/haresources"
    echo "$n" > "$d/nodeinfo"
}

# dummy_groups N: for node N, resource.d/hbdummy (a resource that is a file under
# $W/N/state: start creates it, stop removes it) and the haresources
# "nodea hbdummy::alpha" / "nodeb hbdummy::beta".
dummy_groups() {
    local n=$1
    mkdir -p "$W/$n/etc/resource.d" "$W/$n/state"
    cat > "$W/$n/etc/resource.d/hbdummy" <<SCRIPT
#!/bin/sh
s=$W/$n/state/\$1
case \$2 in
start) touch "\$s" ;;
stop) rm -f "\$s" ;;
status) if [ -e "\$s" ]; then echo "running"; else echo "stopped"; fi ;;
esac
exit 0
SCRIPT
    chmod +x "$W/$n/etc/resource.d/hbdummy"
    printf 'nodea hbdummy::alpha\nnodeb hbdummy::beta\n' > "$W/$n/etc/haresources"
}

start_bg() { "$@" & LIB_PIDS+=($!); }

hb_start() {
    local n=$1
    ip netns exec "$P-$n" "$HB" -f -c "$W/$n/etc" -S "$W/$n/var" -p "$W/$n/var/heartbeatd.pid" \
        -L "$W/$n/lock" >>"$W/$n/stderr" 2>&1 &
    HB_PID[$n]=$!
    LIB_PIDS+=($!)
}

hb_kill() { kill "-${2:-9}" "${HB_PID[$1]}" 2>/dev/null; wait "${HB_PID[$1]}" 2>/dev/null; }

hbq() { local n=$1; shift; "$HB" -S "$W/$n/var" status "$@" 2>/dev/null; }

wait_for() {
    local secs=$1; shift
    local end=$(( $(date +%s%N) + secs * 1000000000 ))
    while [ "$(date +%s%N)" -lt "$end" ]; do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

# nodestatus of node ON as seen by node FROM equals WANT
seen_as() { [ "$(hbq "$1" nodestatus "$2")" = "$3" ]; }

# Shows a node's log tail in the suite log (after a failure).
show_log() { echo "--- $1 log:"; tail -n "${2:-30}" "$W/$1/ha-log" 2>/dev/null | sed 's/^/    /'; tail -n 5 "$W/$1/stderr" 2>/dev/null | sed 's/^/    /'; }

# Debian's real heartbeat 3.0.6 as node N, in private pid/mount/uts namespaces inside $P-N
# (its pid file, API sockets, FIFO and state are global paths). Config from hb_conf.
REAL_HB=/usr/libexec/heartbeat/heartbeat
declare -A REAL_INIT
real_hb_start() {
    local n=$1 base="$W/$1"
    cp -a /etc/ha.d/resource.d "$base/etc/" 2>/dev/null
    cp -a /etc/ha.d/shellfuncs /etc/ha.d/harc /etc/ha.d/rc.d "$base/etc/" 2>/dev/null
    cat > "$base/run.sh" <<RUN
#!/bin/bash
hostname $n
mount -t tmpfs tmpfs /run
mkdir -p /run/heartbeat/ccm /run/heartbeat/crm /run/heartbeat/dopd /run/lock /run/resource-agents
chown -R hacluster:haclient /run/heartbeat /run/resource-agents 2>/dev/null
mount --bind $base/etc /etc/ha.d
mount --bind $base/var /var/lib/heartbeat
mkdir -p /var/lock; mount -t tmpfs tmpfs /var/lock
$REAL_HB -l > $base/hb.out 2>&1
exec sleep 100000
RUN
    chmod +x "$base/run.sh"
    ip netns exec "$P-$n" unshare --pid --fork --kill-child --mount-proc --mount --uts "$base/run.sh" &
    local u=$! i
    LIB_PIDS+=($u); disown $u
    for i in $(seq 50); do REAL_INIT[$n]=$(pgrep -P $u | head -1); [ -n "${REAL_INIT[$n]}" ] && break; sleep 0.1; done
}
# cl_status inside the real node's namespaces.
real_cl() { local n=$1; shift; nsenter -t "${REAL_INIT[$n]}" -m -u -n -p cl_status "$@" 2>/dev/null; }
real_seen_as() { [ "$(real_cl "$1" nodestatus "$2")" = "$3" ]; }
