#!/bin/bash
# ipfail built into heartbeatd (issue 11): two directors on the heartbeat bridge, each with
# an uplink on a second bridge to a "gateway" namespace that is their ping node, and
# `respawn hacluster /usr/libexec/heartbeat/ipfail` in ha.cf. Cut the active director's
# uplink -> its groups move to the standby; uplink back -> they come home (auto_failback on);
# cut both uplinks -> nothing moves. Also an ordinary respawn client: run as the user of its
# line with heartbeat's HA_* environment, restarted when killed, left alone after exit 100.
. "$(dirname "$0")/lib.sh"
lib_init ipfail
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
ip netns add "$P-gw"; LIB_NS+=("$P-gw")
ip -n "$P-sw" link add br1 type bridge
ip -n "$P-sw" link set br1 up
ip -n "$P-gw" link set lo up
# uplink N IP PORT: a veth "up0" in N's namespace, its switch side PORT on br1.
uplink() {
    local ns=$1 ip=$2 port=$3
    ip link add "t$port" type veth peer name "$port"
    ip link set "t$port" netns "$ns"
    ip link set "$port" netns "$P-sw"
    ip -n "$ns" link set "t$port" name up0
    ip -n "$P-sw" link set "$port" master br1 up
    ip -n "$ns" addr add "$ip/24" dev up0
    ip -n "$ns" link set up0 up
}
uplink "$P-nodea" 10.77.0.1 "ua$$"
uplink "$P-nodeb" 10.77.0.2 "ub$$"
uplink "$P-gw" 10.77.0.254 "ug$$"
link_down() { ip -n "$P-sw" link set "$1" down; }
link_up() { ip -n "$P-sw" link set "$1" up; }

chmod 755 "$W"
export TIMING="keepalive 500ms
deadtime 3
warntime 2
initdead 6"
for n in nodea nodeb; do
    dummy_groups $n
    mkdir -p "$W/$n/client"; chmod 1777 "$W/$n/client"; chmod 755 "$W/$n"
    cat > "$W/$n/client.sh" <<CLIENT
#!/bin/sh
echo "\$\$ \$(id -un) \$HA_CURHOST \$HA_DIR" >> $W/$n/client/runs
[ -e $W/$n/client/exit100 ] && exit 100
exec sleep 1000
CLIENT
    chmod 755 "$W/$n/client.sh"
    EXTRA="deadping 2" hb_conf $n "sha1 ipf" "bcast hb0" "ping 10.77.0.254" \
        "respawn hacluster /usr/libexec/heartbeat/ipfail" "respawn hacluster $W/$n/client.sh"
done
hb_start nodea; hb_start nodeb
rsc() { [ "$(hbq "$1" rscstatus)" = "$2" ]; }
both_home() { rsc nodea local && rsc nodeb local; }
if wait_for 30 both_home && wait_for 5 seen_as nodea 10.77.0.254 ping && wait_for 5 seen_as nodeb 10.77.0.254 ping; then
    pass ipfail-start
else
    fail ipfail-start "rscstatus a=$(hbq nodea rscstatus) b=$(hbq nodeb rscstatus) gw=$(hbq nodea nodestatus 10.77.0.254)"
    show_log nodea 40; exit 0
fi
grep -q 'ipfail built in' "$W/nodea/ha-log" && pass ipfail-selected-by-respawn-line \
    || fail ipfail-selected-by-respawn-line "no 'ipfail built in' in the log"

# 1. The active director of alpha (nodea) loses its uplink; nodeb still reaches the gateway.
t0=$(date +%s%N)
link_down "ua$$"
if wait_for 20 rsc nodeb all && wait_for 5 rsc nodea none && [ -e "$W/nodeb/state/alpha" ] && [ ! -e "$W/nodea/state/alpha" ]; then
    echo "uplink cut on nodea -> nodeb holds all: $(( ($(date +%s%N) - t0) / 1000000 )) ms (deadping 2000, giveup delay 1000)"
    pass ipfail-uplink-cut-moves-resources
else
    fail ipfail-uplink-cut-moves-resources "rscstatus a=$(hbq nodea rscstatus) b=$(hbq nodeb rscstatus)"; show_log nodea 40
fi
grep -q 'ipfail: the peer sees more ping nodes than we do: giving up' "$W/nodea/ha-log" &&
    grep -q 'ipfail: telling the peer we see more ping nodes (we see 1, the peer 0)' "$W/nodeb/ha-log" \
    && pass ipfail-reason-logged || { fail ipfail-reason-logged "reason lines missing"; show_log nodea 20; show_log nodeb 20; }

# 2. Uplink back: counts balanced, auto_failback on gives alpha back to nodea.
link_up "ua$$"
if wait_for 25 both_home && [ -e "$W/nodea/state/alpha" ]; then pass ipfail-uplink-back-fails-back
else fail ipfail-uplink-back-fails-back "rscstatus a=$(hbq nodea rscstatus) b=$(hbq nodeb rscstatus)"; show_log nodeb 30; fi

# 3. Both uplinks cut: both see 0 ping nodes, nothing moves (watched for 8 s: > deadping + delay).
if wait_for 10 seen_as nodea 10.77.0.254 ping && wait_for 10 seen_as nodeb 10.77.0.254 ping; then
    sleep 1
    link_down "ua$$"; link_down "ub$$"
    moved=""
    end=$(( $(date +%s) + 8 ))
    while [ "$(date +%s)" -lt "$end" ]; do
        both_home || moved="a=$(hbq nodea rscstatus) b=$(hbq nodeb rscstatus)"
        [ -n "$moved" ] && break
        sleep 0.2
    done
    if [ -z "$moved" ] && seen_as nodea 10.77.0.254 dead && seen_as nodeb 10.77.0.254 dead &&
       grep -q 'ping node count is balanced (we see 0, the peer 0): no failover' "$W/nodea/ha-log" "$W/nodeb/ha-log"; then
        pass ipfail-both-cut-nothing-moves
    else
        fail ipfail-both-cut-nothing-moves "${moved:-gw a=$(hbq nodea nodestatus 10.77.0.254) b=$(hbq nodeb nodestatus 10.77.0.254)}"
        show_log nodea 30; show_log nodeb 30
    fi
else
    fail ipfail-both-cut-nothing-moves "gateway not seen again after the heal"
fi

# 4. The ordinary respawn client.
runs="$W/nodeb/client/runs"
runs_at_least() { [ "$(wc -l < "$runs")" -ge "$1" ]; }
first=$(head -1 "$runs" 2>/dev/null)
if [ "$(echo "$first" | cut -d' ' -f2-)" = "hacluster nodeb $W/nodeb/etc" ]; then pass respawn-client-user-and-env
else fail respawn-client-user-and-env "first run: '$first'"; show_log nodeb 20; fi
cpid=$(head -1 "$runs" | cut -d' ' -f1)
if [ -n "$cpid" ] && kill "$cpid" 2>/dev/null && wait_for 5 runs_at_least 2; then
    pass respawn-client-restarted
else
    fail respawn-client-restarted "runs: $(wc -l < "$runs" 2>/dev/null)"; show_log nodeb 20
fi
touch "$W/nodeb/client/exit100"
cpid=$(tail -1 "$runs" | cut -d' ' -f1)
kill "$cpid" 2>/dev/null
if wait_for 5 runs_at_least 3; then
    sleep 2
    [ "$(wc -l < "$runs")" -eq 3 ] && grep -q 'exited with return code 100: not respawned' "$W/nodeb/ha-log" \
        && pass respawn-exit-100-not-respawned || fail respawn-exit-100-not-respawned "runs: $(wc -l < "$runs")"
else
    fail respawn-exit-100-not-respawned "not restarted after the kill: runs $(wc -l < "$runs")"
fi
# Stop: the client is terminated with the daemon.
cpid=$(head -1 "$W/nodea/client/runs" | cut -d' ' -f1)
"$HB" -p "$W/nodea/var/heartbeatd.pid" -k >/dev/null
if [ -n "$cpid" ] && wait_for 3 sh -c "! kill -0 $cpid 2>/dev/null"; then
    pass respawn-client-stopped-with-daemon
else
    fail respawn-client-stopped-with-daemon "client pid $cpid still there"
fi
exit 0
