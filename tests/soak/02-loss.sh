#!/bin/bash
# Part 2: a heartbeatd pair (IPaddr2 VIP, keepalive 200 ms, deadtime 2 s) with 20% random
# loss on the heartbeat link, both ways: nft on nodea drops UDP 694 on input and output with
# `numgen random mod 100 < LOSS`. For SOAK_LOSS_SECONDS (600) nothing may fail over: no
# "is dead" in either log, no "returning after partition", and the VIP stays on one node
# (sampled every second with `ip addr` in both). The counters of the nft rules give the loss
# measured. BENCH lines: false failovers, VIP moves, late heartbeats logged, loss measured.
# Env: SOAK_LOSS_SECONDS (600), SOAK_LOSS_PERCENT (20).
. "$(dirname "$0")/lib.sh"
SECS=${SOAK_LOSS_SECONDS:-600}
LOSS=${SOAK_LOSS_PERCENT:-20}
TIMING="keepalive 200ms
deadtime 2
warntime 1
initdead 4"
lib_init loss
vip_pair 192.168.77.100
pair_start || { fail loss "the pair did not start"; exit 0; }
sleep 3
la=$(wc -l < "$W/nodea/ha-log"); lb=$(wc -l < "$W/nodeb/ha-log")
ip netns exec "$P-nodea" nft -f - <<NFT || { fail loss "nft rules not accepted"; exit 0; }
table inet soakloss {
  chain in  { type filter hook input priority 0; udp dport 694 counter; udp dport 694 numgen random mod 100 < $LOSS counter drop; }
  chain out { type filter hook output priority 0; udp dport 694 counter; udp dport 694 numgen random mod 100 < $LOSS counter drop; }
}
NFT
first=$(vip_holders | tr '\n' ' '); first=${first% }
say "$(stamp) ${LOSS}% loss both ways on nodea's heartbeats for $SECS s; VIP on $first"
moves=0 prev=$first end=$(( $(date +%s) + SECS ))
while [ "$(date +%s)" -lt "$end" ]; do
    sleep 1
    h=$(vip_holders | tr '\n' ' '); h=${h% }
    if [ "$h" != "$prev" ]; then moves=$((moves + 1)); say "$(stamp) VIP holders: '$prev' -> '$h'"; prev=$h; fi
done
# packets seen / dropped, per direction, from the rule counters
counts=$(ip netns exec "$P-nodea" nft list table inet soakloss | sed -n 's/.*counter packets \([0-9]*\) .*/\1/p' | tr '\n' ' ')
ip netns exec "$P-nodea" nft delete table inet soakloss
{ tail -n +$((la + 1)) "$W/nodea/ha-log"; tail -n +$((lb + 1)) "$W/nodeb/ha-log"; } > "$W/window-log"
dead=$(grep -c "is dead" "$W/window-log")
part=$(grep -c "returning after partition" "$W/window-log")
late=$(grep -ci "late heartbeat" "$W/window-log")
read -r in_all in_drop out_all out_drop <<<"$counts"
measured=$(awk -v a="${in_all:-0}" -v b="${in_drop:-0}" -v c="${out_all:-0}" -v d="${out_drop:-0}" 'BEGIN { if (a + c > 0) printf "%.1f", (b + d) * 100 / (a + c); else print "none" }')
say "nft: in $in_drop of $in_all dropped, out $out_drop of $out_all; load average $(cut -d' ' -f1-3 /proc/loadavg)"
bench loss_false_failovers "$dead" count
bench loss_partition_restarts "$part" count
bench loss_vip_moves "$moves" count
bench loss_late_heartbeats "$late" count
bench loss_measured "$measured" %
[ "${in_all:-0}" -gt 0 ] && [ "${out_drop:-0}" -gt 0 ] || fail loss-applied "the nft rules dropped nothing ($counts)"
if [ "$dead" = 0 ] && [ "$part" = 0 ] && [ "$moves" = 0 ]; then pass "loss-${LOSS}pct-${SECS}s-no-false-failover"
else
    fail "loss-${LOSS}pct-${SECS}s-no-false-failover" "$dead dead declarations, $part partition restarts, $moves VIP moves"
    grep -E "is dead|returning after partition|Late heartbeat" "$W/window-log" | head -20 | sed 's/^/    /'
fi
exit 0
