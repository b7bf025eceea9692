#!/bin/bash
# Garbage, truncated packets, an unknown node and a replayed (older) generation are dropped
# and counted per cause; the daemon keeps answering and the real peer stays active.
. "$(dirname "$0")/lib.sh"
lib_init bad-packets
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
hb_conf nodea "sha1 bp" "bcast hb0"; hb_conf nodeb "sha1 bp" "bcast hb0"
hb_start nodea; hb_start nodeb
wait_for 15 seen_as nodea nodeb active || { fail bad-packets "never active"; exit 0; }
count() { hbq nodea counters | sed -n "s/.*$1=\([0-9]*\).*/\1/p"; }

# Garbage and a truncated netstring packet, sent from nodeb's namespace.
ip netns exec "$P-nodeb" bash -c 'for i in $(seq 50); do
  printf "garbage %d" $i > /dev/udp/192.168.77.1/694
  printf "###\n11:(0)t=status,10:(0)st=" > /dev/udp/192.168.77.1/694
  head -c 300 /dev/urandom > /dev/udp/192.168.77.1/694
done' 2>/dev/null
sleep 0.5
m=$(count malformed)
[ "${m:-0}" -ge 100 ] && pass bad-packets-malformed-counted || fail bad-packets-malformed-counted "malformed=${m:-}"
[ "$(grep -c 'dropped packet (malformed)' "$W/nodea/ha-log")" -le 2 ] && pass bad-packets-log-rate-limited \
    || fail bad-packets-log-rate-limited "$(grep -c 'dropped packet (malformed)' "$W/nodea/ha-log") lines"
[ "$(hbq nodea nodestatus nodeb)" = active ] && pass bad-packets-peer-still-active || fail bad-packets-peer-still-active "$(hbq nodea nodestatus nodeb)"

# Replay: nodeb restarts with an older generation than nodea has seen.
hb_kill nodeb 9
wait_for 5 seen_as nodea nodeb dead
g=$(tr -d ' \n' < "$W/nodeb/var/hb_generation")
printf '%15d\n' $((g - 5)) > "$W/nodeb/var/hb_generation"
hb_start nodeb
sleep 2
r=$(count replay)
[ "${r:-0}" -gt 3 ] && [ "$(hbq nodea nodestatus nodeb)" = dead ] && pass bad-packets-replay-dropped \
    || fail bad-packets-replay-dropped "replay=${r:-} status $(hbq nodea nodestatus nodeb)"
grep -q "replay" "$W/nodea/ha-log" && pass bad-packets-replay-logged || fail bad-packets-replay-logged "not logged"

# Unknown node: a third heartbeatd named nodez with the right key.
ns_node nodez 192.168.77.3
NODES="nodez nodea" hb_conf nodez "sha1 bp" "bcast hb0"
hb_start nodez
sleep 1.5
u=$(count unknown_node)
[ "${u:-0}" -gt 3 ] && pass bad-packets-unknown-node || fail bad-packets-unknown-node "unknown_node=${u:-}"
exit 0
