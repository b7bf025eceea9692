#!/bin/bash
# bench-time-limit: 3000
# Failover benchmark: heartbeatd pair vs Debian's heartbeat 3.0.6 pair, each at the fastest
# timing it holds without false failovers under load (issue 15).
#
# Two directors (nodea, nodeb) and a client namespace on a private bridge (tests/netns/lib.sh);
# heartbeatd keepalive 10ms, deadtime 50ms, warntime 30ms; 3.0.6 keepalive 100ms, deadtime
# 500ms, warntime 300ms (at 50/200 and at 20/100 it declared a live peer dead within 120 s of
# load + 1% loss); initdead 2s, auto_failback off, realtime on (SCHED_FIFO + mlockall, both daemons),
# haresources "nodea IPaddr2::$VIP/24/hb0" (heartbeatd: our resource.d/IPaddr2, which lets the
# daemon add the address itself before its start; 3.0.6: Debian's resource.d wrapper around
# the OCF agent, as shipped).
#
# Part 1, failover time: BENCH_KILLS (20) rounds of: kill -9 every process of the node holding
# the VIP (its VIP is removed too: a power loss), time until the survivor answers for the VIP,
# seen from the client (bin/vip_probe: the kill and the answer are timestamped in one process;
# ARP who-has every 10 ms; an ARP reply or gratuitous ARP from the survivor's MAC counts);
# then restart the killed node and let it rejoin. auto_failback is off, so the VIP stays on the
# survivor and every kill moves it. p99 is the nearest rank (with 20 kills: the slowest). A
# round that goes wrong is reported, restarts the pair, and is not counted (failed_rounds).
# BENCH_KILL_BUSY=N runs N busy loops during the kills too (default 0: as before).
# Part 2, false failovers under load: a fresh pair runs for BENCH_LOAD_SECONDS (600; 3.0.6:
# BENCH_LOAD306_SECONDS, 300) while 2 x nproc busy loops (nice 0) saturate the CPUs and nft
# on nodea drops BENCH_LOSS_PERMILLE (10: 1%) of the heartbeat packets at random, both ways
# (numgen; the loss measured by the rule counters is printed); every "node X: is dead" in the two logs
# in that window is a false failover; late heartbeats (over warntime) and the longest one are
# counted too.
#
# Env: BENCH_KILLS, BENCH_LOAD_SECONDS, BENCH_LOAD306_SECONDS, BENCH_KINDS ("heartbeatd
# heartbeat306"), BENCH_SETTLE (s after a rejoin before the next kill, 6: 3.0.6 announces
# deadtime + 2 s for 5 s after it starts), BENCH_REALTIME (on|off), BENCH_KEEPALIVE /
# BENCH_DEADTIME / BENCH_WARNTIME (heartbeatd, ms), BENCH306_KEEPALIVE / BENCH306_DEADTIME /
# BENCH306_WARNTIME (3.0.6, ms), BENCH_LOSS_PERMILLE, BENCH_KILL_BUSY, BENCH_TRACE (epoch
# times of every IPaddr2 call in $W/failover-*.trace). Prints BENCH lines only for what it
# measured; never fails.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../netns/lib.sh"
pass() { :; }
fail() { echo "# failover: $1: $2"; }
skip() { echo "# failover bench skipped: $2"; }

KILLS=${BENCH_KILLS:-20}
LOAD=${BENCH_LOAD_SECONDS:-600}
LOAD306=${BENCH_LOAD306_SECONDS:-300}
KINDS=${BENCH_KINDS:-"heartbeatd heartbeat306"}
SETTLE=${BENCH_SETTLE:-6}
REALTIME=${BENCH_REALTIME:-on}
LOSS_PERMILLE=${BENCH_LOSS_PERMILLE:-10}   # 1% random loss on the heartbeat link during part 2
VIP=192.168.77.100
PROBE=${VIP_PROBE:-$ROOT/bin/vip_probe}
# Timing per kind: heartbeatd at 10/50 ms, 3.0.6 at the fastest setting it holds (see header).
HBD_KEEPALIVE=${BENCH_KEEPALIVE:-10}; HBD_DEADTIME=${BENCH_DEADTIME:-50}; HBD_WARNTIME=${BENCH_WARNTIME:-30}
HB306_KEEPALIVE=${BENCH306_KEEPALIVE:-100}; HB306_DEADTIME=${BENCH306_DEADTIME:-500}; HB306_WARNTIME=${BENCH306_WARNTIME:-300}
KILL_BUSY=${BENCH_KILL_BUSY:-0}
DISK_LOAD=${BENCH_DISK_LOAD:-0}
STALL_TRACE=${BENCH_STALL_TRACE:-}
timing_for() { # kind -> ha.cf lines
    if [ "$1" = heartbeatd ]; then printf 'keepalive %sms\ndeadtime %sms\nwarntime %sms\ninitdead 2\n' "$HBD_KEEPALIVE" "$HBD_DEADTIME" "$HBD_WARNTIME"
    else printf 'keepalive %sms\ndeadtime %sms\nwarntime %sms\ninitdead 2\n' "$HB306_KEEPALIVE" "$HB306_DEADTIME" "$HB306_WARNTIME"; fi
}
deadtime_for() { if [ "$1" = heartbeatd ]; then echo "$HBD_DEADTIME"; else echo "$HB306_DEADTIME"; fi; }
NODES="nodea nodeb"

[ -x "$PROBE" ] || { echo "# failover bench skipped: $PROBE not built"; exit 0; }
lib_init failover-bench
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
ns_node client 192.168.77.3
has_306() { [ -x "$REAL_HB" ] && command -v cl_status >/dev/null; }

other() { [ "$1" = nodea ] && echo nodeb || echo nodea; }
mac_of() { ip -n "$P-$1" -o link show hb0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'; }
holds_vip() { ip -n "$P-$1" -o -4 addr show dev hb0 | grep -q " $VIP/"; }
holder() { local n; for n in nodea nodeb; do holds_vip $n && echo $n; done; }

# Fresh config, state and log for node N of kind K.
setup_node() {
    local k=$1 n=$2
    rm -rf "$W/$n"; mkdir -p "$W/$n/etc" "$W/$n/var" "$W/$n/lock"
    TIMING=$(timing_for "$k") hb_conf "$n" "sha1 b3nch" "bcast hb0"
    sed -i -e "s/^auto_failback on/auto_failback off/" -e "s/^realtime off/realtime $REALTIME/" "$W/$n/etc/ha.cf"
    echo "nodea IPaddr2::$VIP/24/hb0" > "$W/$n/etc/haresources"
    if [ "$k" = heartbeatd ]; then
        mkdir -p "$W/$n/etc/resource.d"; cp "$ROOT/resource.d/IPaddr2" "$W/$n/etc/resource.d/"
        if [ -n "${BENCH_TRACE:-}" ]; then   # epoch times of every script run, to see where time goes
            mv "$W/$n/etc/resource.d/IPaddr2" "$W/$n/etc/resource.d/IPaddr2.real"
            printf '#!/bin/sh\necho "$(date +%%s.%%N) begin $*" >> %s\n%s "$@"; rc=$?\necho "$(date +%%s.%%N) end $* rc=$rc" >> %s\nexit $rc\n' \
                "$W/$n/trace" "$W/$n/etc/resource.d/IPaddr2.real" "$W/$n/trace" > "$W/$n/etc/resource.d/IPaddr2"
            chmod +x "$W/$n/etc/resource.d/IPaddr2"
        fi
    fi
}
# disown: no "Killed" job report for every kill.
start_node() { if [ "$1" = heartbeatd ]; then hb_start "$2"; disown "${HB_PID[$2]}"; else real_hb_start "$2"; fi; }
# Every process in node N's namespace: the daemon, its children, 3.0.6's namespace wrapper.
node_pids() { ip netns pids "$P-$1" 2>/dev/null; }
stop_node() {
    local p
    for p in $(node_pids "$1"); do kill -9 "$p" 2>/dev/null; done
    ip -n "$P-$1" addr del "$VIP/24" dev hb0 2>/dev/null
    return 0
}
sees_active() { # kind from on
    if [ "$1" = heartbeatd ]; then seen_as "$2" "$3" active; else real_seen_as "$2" "$3" active; fi
}
joined() { sees_active "$1" nodea nodeb && sees_active "$1" nodeb nodea; }

# Brings up a pair of kind K with the VIP on nodea: nodea alone first (it takes everything
# after initdead), then nodeb, which holds nothing with auto_failback off.
start_pair() {
    local k=$1
    setup_node "$k" nodea; setup_node "$k" nodeb
    start_node "$k" nodea
    wait_for 20 holds_vip nodea || { fail "$k-start" "nodea never took the VIP"; show_log nodea; return 1; }
    start_node "$k" nodeb
    wait_for 20 joined "$k" || { fail "$k-start" "the pair never saw each other active"; show_log nodea; show_log nodeb; return 1; }
}
stop_pair() { stop_node nodea; stop_node nodeb; }

# Prints "min median p99" (nearest rank) of the numbers on stdin.
stats() { sort -n | awk '{v[NR]=$1} END {if (NR==0) exit 1
    p=int(NR*0.99); if (p<NR*0.99) p++; m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2
    printf "%.1f %.1f %.1f\n", v[1], m, v[p]}'; }

# One kill of the VIP holder; appends the time to $W/times-K. Fails (saying why) when the
# pair is not in shape or the survivor never answers.
kill_round() {
    local k=$1 i=$2 h s out ms probe
    h=$(holder)
    case "$h" in nodea|nodeb) ;; *) fail "$k-round$i" "VIP holder is '$h'"; return 1 ;; esac
    s=$(other "$h")
    wait_for 20 joined "$k" || { fail "$k-round$i" "no rejoin"; show_log "$s"; return 1; }
    sleep "$SETTLE"
    # Still the only holder (the rejoined node must not have taken the VIP back meanwhile).
    [ "$(holder)" = "$h" ] || { fail "$k-round$i" "before the kill the VIP is on '$(holder | tr '\n' ' ')', not only on $h"; show_log "$s"; return 1; }
    ip netns exec "$P-client" "$PROBE" hb0 "$VIP" "$(mac_of "$s")" 10000 $(node_pids "$h") > "$W/probe" &
    probe=$!
    ip -n "$P-$h" addr del "$VIP/24" dev hb0 2>/dev/null   # what the dead node held is gone
    wait $probe
    stop_node "$h"   # clears anything left
    out=$(cat "$W/probe")
    ms=$(sed -n 's/^answer_ms=\([0-9.]*\).*/\1/p' <<<"$out")
    if [ -z "$ms" ]; then fail "$k-round$i" "survivor $s never answered for the VIP ($out)"; show_log "$s"; return 1; fi
    echo "# $k round $i: $h killed, $s answered after $ms ms (${out#* })"
    echo "$ms" >> "$W/times-$k"
    start_node "$k" "$h"
}

failover_rounds() {
    local k=$1 i=0 failed=0 n busy=()
    : > "$W/times-$k"
    start_pair "$k" || { stop_pair; return 1; }
    for i in $(seq "$KILL_BUSY"); do nice -n 0 bash -c 'while :; do :; done' & busy+=($!); LIB_PIDS+=($!); done
    i=0
    # A failed round (kept in the output and its logs in $W) restarts the pair and is not
    # counted; a few are tolerated so that one hiccup does not cut the sample short.
    while [ "$(wc -l < "$W/times-$k")" -lt "$KILLS" ] && [ $i -lt $((KILLS + 5)) ]; do
        i=$((i + 1))
        kill_round "$k" $i && continue
        failed=$((failed + 1))
        for n in nodea nodeb; do cp "$W/$n/ha-log" "$W/failed-$k-$i-$n.log" 2>/dev/null; done
        stop_pair
        start_pair "$k" || break
    done
    for n in "${busy[@]}"; do kill -9 "$n" 2>/dev/null; wait "$n" 2>/dev/null; done
    echo "BENCH failover_${k}_failed_rounds $failed count"
    echo "BENCH failover_${k}_keepalive $(timing_for "$k" | sed -n 's/^keepalive \([0-9]*\)ms/\1/p') ms"
    echo "BENCH failover_${k}_deadtime $(deadtime_for "$k") ms"
    stop_pair
    for i in nodea nodeb; do cp "$W/$i/ha-log" "$W/failover-$k-$i.log" 2>/dev/null; cp "$W/$i/trace" "$W/failover-$k-$i.trace" 2>/dev/null; done
    local r; r=$(stats < "$W/times-$k") || return 1
    set -- $r
    echo "BENCH failover_${k}_min $1 ms"
    echo "BENCH failover_${k}_median $2 ms"
    echo "BENCH failover_${k}_p99 $3 ms"
    echo "# $k: $(wc -l < "$W/times-$k") kills, $(timing_for "$k" | head -2 | tr '\n' ' ')realtime $REALTIME, $KILL_BUSY busy loops"
}

false_failovers() {
    local k=$1 secs=$2 n i pids=() dead late stalls
    start_pair "$k" || { stop_pair; return 1; }
    sleep "$SETTLE"
    local la lb; la=$(wc -l < "$W/nodea/ha-log"); lb=$(wc -l < "$W/nodeb/ha-log")
    n=$(( $(nproc) * 2 ))
    # Random loss on nodea's heartbeats, both ways (nft numgen, as tests/soak/02-loss.sh).
    ip netns exec "$P-nodea" nft -f - <<NFT || echo "# failover: nft loss rules not accepted: no loss"
table inet benchloss {
  chain in  { type filter hook input priority 0; udp dport 694 counter; udp dport 694 numgen random mod 1000 < $LOSS_PERMILLE counter drop; }
  chain out { type filter hook output priority 0; udp dport 694 counter; udp dport 694 numgen random mod 1000 < $LOSS_PERMILLE counter drop; }
}
NFT
    for i in $(seq $n); do nice -n 0 bash -c 'while :; do :; done' & pids+=($!); LIB_PIDS+=($!); done
    for i in $(seq "$DISK_LOAD"); do
        nice -n 10 bash -c "while :; do dd if=/dev/zero of='$W/ballast$i' bs=1M count=256 conv=fsync 2>/dev/null; rm -f '$W/ballast$i'; done" &
        pids+=($!); LIB_PIDS+=($!)
    done
    local tracer=
    if [ -n "$STALL_TRACE" ] && mkdir -p "$STALL_TRACE" && command -v perf >/dev/null; then
        local daemons; daemons=$( { node_pids nodea; node_pids nodeb; } | tr '\n' ',' | sed 's/,$//')
        perf trace --duration 5 -p "$daemons" -o "$STALL_TRACE/stall-trace-$k" 2>/dev/null & tracer=$!; LIB_PIDS+=($!)
    fi
    local sampler=
    if [ -n "$STALL_TRACE" ] && command -v python3 >/dev/null; then
        python3 "$HERE/steal_sampler.py" "$secs" > "$STALL_TRACE/steal-$k" & sampler=$!; LIB_PIDS+=($!)
    fi
    local load0; load0=$(cut -d' ' -f1-3 /proc/loadavg)
    local steal0; steal0=$(awk '/^cpu /{print $9}' /proc/stat)
    sleep "$secs"
    local load1; load1=$(cut -d' ' -f1-3 /proc/loadavg)
    local steal1; steal1=$(awk '/^cpu /{print $9}' /proc/stat)
    [ -n "$sampler" ] && { kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null; }
    [ -n "$tracer" ] && { kill -INT "$tracer" 2>/dev/null; wait "$tracer" 2>/dev/null; }
    # A writer killed mid-dd leaves its ballast; the loop's rm is gone with it.
    for i in "${pids[@]}"; do kill -9 "$i" 2>/dev/null; wait "$i" 2>/dev/null; done
    rm -f "$W"/ballast*
    local counts in_all in_drop out_all out_drop loss
    counts=$(ip netns exec "$P-nodea" nft list table inet benchloss 2>/dev/null | sed -n 's/.*counter packets \([0-9]*\) .*/\1/p' | tr '\n' ' ')
    ip netns exec "$P-nodea" nft delete table inet benchloss 2>/dev/null
    read -r in_all in_drop out_all out_drop <<<"$counts"
    loss=$(awk -v a="${in_all:-0}" -v b="${in_drop:-0}" -v c="${out_all:-0}" -v d="${out_drop:-0}" 'BEGIN { if (a + c > 0) printf "%.2f", (b + d) * 100 / (a + c); else print "none" }')
    { tail -n +$((la + 1)) "$W/nodea/ha-log"; tail -n +$((lb + 1)) "$W/nodeb/ha-log"; } > "$W/load-log-$k"
    # One line per declaration ("node X: is dead", both kinds); not "X is dead: taking over".
    dead=$(grep -c ": is dead" "$W/load-log-$k")
    stalls=$(grep -c "event loop stalled" "$W/load-log-$k")
    late=$(grep -c "Late heartbeat" "$W/load-log-$k")
    # The longest gap logged ("Late heartbeat: Node X: interval N ms"); 0: none over warntime.
    gap=$(sed -n 's/.*Late heartbeat.*interval \([0-9]*\) ms.*/\1/p' "$W/load-log-$k" | sort -n | tail -1)
    stop_pair
    echo "BENCH false_failovers_$k $dead count"
    echo "BENCH late_heartbeats_$k $late count"
    echo "BENCH longest_late_heartbeat_$k ${gap:-0} ms"
    echo "BENCH heartbeat_loss_$k $loss %"
    [ "$k" = heartbeatd ] && echo "BENCH event_loop_stalls_$k $stalls count"
    echo "BENCH cpu_steal_during_load_$k $(( (steal1 - steal0) * 10 )) ms"
    echo "# $k: ${secs} s with $n busy loops on $(nproc) CPUs, realtime $REALTIME, $(timing_for "$k" | head -3 | tr '\n' ' ')"
    echo "# $k: nft on nodea: in $in_drop of $in_all dropped, out $out_drop of $out_all"
    echo "# $k: load average at the start $load0, at the end $load1; $DISK_LOAD disk writers"
    if [ -n "$STALL_TRACE" ] && [ -s "$STALL_TRACE/stall-trace-$k" ]; then   # the slowest syscalls: name, count over 5 ms, longest
        cp "$W/nodea/ha-log" "$STALL_TRACE/load-nodea-$k.log"; cp "$W/nodeb/ha-log" "$STALL_TRACE/load-nodeb-$k.log"
        echo "# $k: daemons' syscalls over 5 ms (perf trace, epoll_wait included): $(grep -c ' ms): ' "$STALL_TRACE/stall-trace-$k") in $STALL_TRACE/stall-trace-$k"
        sed -n 's/.*( *\([0-9.]*\) ms): [^ ]* \([a-z_0-9]*\)(.*/\2 \1/p' "$STALL_TRACE/stall-trace-$k" |
            awk '$1 != "epoll_wait" {n[$1]++; if ($2 > m[$1]) m[$1] = $2} END {for (s in n) printf "#   %s: %d over 5 ms, longest %.1f ms\n", s, n[s], m[s]}'
    fi
    [ "$dead" = 0 ] || grep -E ": is dead|Late heartbeat|event loop stalled" "$W/load-log-$k" | grep -B3 ": is dead" | head -20 | sed 's/^/#   /'
}

for k in $KINDS; do
    if [ "$k" = heartbeat306 ] && ! has_306; then echo "# failover bench: Debian heartbeat 3.0.6 not installed"; continue; fi
    failover_rounds "$k"
done
read -r _ med_hbd p99_hbd < <({ stats < "$W/times-heartbeatd"; } 2>/dev/null || echo)
read -r _ med_306 p99_306 < <({ stats < "$W/times-heartbeat306"; } 2>/dev/null || echo)
if [ -n "${med_hbd:-}" ] && [ -n "${med_306:-}" ]; then
    awk -v a="$med_306" -v b="$med_hbd" 'BEGIN{printf "BENCH failover_median_ratio_heartbeat306_over_heartbeatd %.2f x\n", a/b}'
    awk -v a="$p99_306" -v b="$p99_hbd" 'BEGIN{printf "BENCH failover_p99_ratio_heartbeat306_over_heartbeatd %.2f x\n", a/b}'
fi
for k in $KINDS; do
    if [ "$k" = heartbeat306 ]; then has_306 && false_failovers "$k" "$LOAD306"
    else false_failovers "$k" "$LOAD"; fi
done
exit 0
