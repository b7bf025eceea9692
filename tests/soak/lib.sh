# Helpers of the fault campaign (tests/soak/NN-*.sh). Sources tests/netns/lib.sh (namespaces
# on a bridge, heartbeatd pair helpers, wait_for, cleanup trap) and adds:
#   pass/fail/skip NAME [WHY]     "PASS soak/NAME" ... lines; fail sets SOAK_FAILED=1
#   bench NAME VALUE UNIT         a "BENCH soak_NAME VALUE UNIT" line
#   now_ms                        monotonic-enough wall clock in ms (date +%s%N)
#   vip_pair VIP                  nodea, nodeb (IPaddr2 VIP on hb0, auto_failback off) and a
#                                 client namespace; pair_start / pair_stop / pair_joined
#   vip_holders                   the nodes whose hb0 holds the VIP (ip addr), one a line
#   arp_macs                      the distinct MACs answering ARP for the VIP, seen by the client
#   mac_of N                      hb0's MAC in node N
#   proc_rss_kb PID / proc_fds PID   VmRSS and open file descriptors of a process
#   soak_init NAME                for parts without namespaces: work dir $W, PID cleanup
#   soak_bg CMD...                starts CMD in the background, remembers its PID ($!)
set -u
SOAK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$SOAK_DIR/../netns/lib.sh"
SOAK_FAILED=0
pass() { echo "PASS soak/$1"; }
fail() { echo "FAIL soak/$1: $2"; SOAK_FAILED=1; LIB_FAILED=1; }
skip() { echo "SKIP soak/$1: $2"; }
bench() { echo "BENCH soak_$1 $2 $3"; }
say() { echo "# $*"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
stamp() { date +%H:%M:%S.%3N; }

proc_rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
proc_fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

# --- heartbeatd pair with an IPaddr2 VIP (parts 1 and 2) --------------------------------
mac_of() { ip -n "$P-$1" -o link show hb0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'; }
other() { [ "$1" = nodea ] && echo nodeb || echo nodea; }
holds_vip() { ip -n "$P-$1" -o -4 addr show dev hb0 2>/dev/null | grep -q " $VIP/"; }
vip_holders() { local n; for n in nodea nodeb; do holds_vip $n && echo $n; done; }
holder_count() { local c=0; holds_vip nodea && c=$((c+1)); holds_vip nodeb && c=$((c+1)); echo $c; }
# Distinct MACs that answer a broadcast ARP request for the VIP from the client namespace
# (-b: every request stays broadcast, so every holder answers every request).
arp_macs() {
    ip netns exec "$P-client" arping -b -I hb0 -c 10 -w "${ARP_SECONDS:-2}" "$VIP" 2>/dev/null |
        sed -n 's/.*reply from [0-9.]* \[\([0-9A-Fa-f:]*\)\].*/\1/p' | tr 'A-F' 'a-f' | sort -u
}

# vip_pair VIP: the three namespaces and both nodes' configs (haresources "nodea IPaddr2::VIP").
vip_pair() {
    VIP=$1
    ns_node nodea 192.168.77.1
    ns_node nodeb 192.168.77.2
    ns_node client 192.168.77.3
}
pair_setup_node() {
    local n=$1
    rm -rf "${W:?}/$n/etc" "$W/$n/var" "$W/$n/lock"; mkdir -p "$W/$n/etc/resource.d" "$W/$n/var" "$W/$n/lock"
    hb_conf "$n" "sha1 s0ak" "bcast hb0"
    sed -i -e "s/^auto_failback on/auto_failback off/" "$W/$n/etc/ha.cf"
    echo "nodea IPaddr2::$VIP/24/hb0" > "$W/$n/etc/haresources"
    cp "$ROOT/resource.d/IPaddr2" "$W/$n/etc/resource.d/"
}
# disown: no "Killed" job report on every kill -9.
node_start() { hb_start "$1"; disown "${HB_PID[$1]}"; }
node_stop() {
    local p
    for p in $(ip netns pids "$P-$1" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns exec "$P-$1" nft delete table inet soakcut 2>/dev/null
    ip -n "$P-$1" link set hb0 up 2>/dev/null
    ip -n "$P-$1" addr del "$VIP/24" dev hb0 2>/dev/null
    return 0
}
pair_joined() { seen_as nodea nodeb active && seen_as nodeb nodea active; }
# nodea alone first (takes the VIP after initdead), then nodeb (holds nothing: auto_failback off).
pair_start() {
    pair_setup_node nodea; pair_setup_node nodeb
    node_start nodea
    wait_for 20 holds_vip nodea || { say "nodea never took the VIP"; show_log nodea; return 1; }
    node_start nodeb
    wait_for 20 pair_joined || { say "the pair never saw each other active"; show_log nodea; show_log nodeb; return 1; }
}
pair_stop() { node_stop nodea; node_stop nodeb; }

# --- parts without namespaces (3, 4, 5) ----------------------------------------------------
SOAK_PIDS=()
soak_cleanup() {
    local p
    for p in "${SOAK_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    sleep 0.5
    for p in "${SOAK_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    [ -n "${W:-}" ] && [ -z "${KEEP:-}" ] && rm -rf "$W"
}
soak_init() {
    LIB_NAME=$1
    W=$(mktemp -d "/tmp/soak.$1.XXXXXX")
    chmod 755 "$W"
    trap soak_cleanup EXIT
    trap 'exit 1' INT TERM
}
soak_bg() { "$@" & SOAK_PIDS+=($!); }

# --- a farm of HTTP real servers on loopback (parts 3 and 4) ------------------------------
# farm_addr PREFIX I: the I-th address of a farm in PREFIX.0.0/16 (PREFIX like 127.6).
farm_addr() { echo "$1.$(( $2 / 250 )).$(( $2 % 250 + 1 ))"; }
# nginx_farm PREFIX N PORT: one nginx (1 worker) listening on N addresses; GET /.testpage
# answers "Test Page", or 500 while $W/fail/<server address> exists. Sets FARM_PID.
nginx_farm() {
    local prefix=$1 n=$2 port=$3 i d="$W/nginx"
    command -v nginx >/dev/null || return 1
    mkdir -p "$d/tmp" "$W/fail"
    {
        echo "worker_processes 1; worker_rlimit_nofile 65536; pid $d/nginx.pid; error_log $d/error.log error;"
        echo "events { worker_connections 32768; multi_accept on; }"
        echo "http { access_log off; default_type text/html; keepalive_timeout 0;"
        echo "  client_body_temp_path $d/tmp; proxy_temp_path $d/tmp; fastcgi_temp_path $d/tmp;"
        echo "  uwsgi_temp_path $d/tmp; scgi_temp_path $d/tmp;"
        echo "  server {"
        for ((i = 0; i < n; i++)); do echo "    listen $(farm_addr "$prefix" $i):$port;"; done
        echo "    location = /.testpage { if (-f $W/fail/\$server_addr) { return 500; } return 200 \"<html>Test Page</html>\\n\"; }"
        echo "  }"
        echo "}"
    } > "$d/nginx.conf"
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    nginx -p "$d" -e "$d/error.log" -c "$d/nginx.conf" 2> "$d/start.err" || { say "nginx: $(tail -1 "$d/start.err")"; return 1; }
    for i in $(seq 100); do [ -s "$d/nginx.pid" ] && break; sleep 0.1; done
    FARM_PID=$(cat "$d/nginx.pid" 2>/dev/null)
    [ -n "$FARM_PID" ] || return 1
    SOAK_PIDS+=("$FARM_PID")   # its worker exits with the master
    curl -s -m 2 "http://$(farm_addr "$prefix" $(( n - 1 ))):$port/.testpage" | grep -q "Test Page"
}
