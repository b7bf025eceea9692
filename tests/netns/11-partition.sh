#!/bin/bash
# Partition then heal (two heartbeatd nodes, dummy resources): during the partition both
# hold everything (v1 has no quorum); after healing both restart like 3.0.6 and each group
# ends up with exactly one holder.
. "$(dirname "$0")/lib.sh"
lib_init partition
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
for n in nodea nodeb; do
    dummy_groups $n
    hb_conf $n "sha1 part" "bcast hb0"
done
has() { test -e "$W/$1/state/$2"; }
hb_start nodea; hb_start nodeb
wait_for 25 has nodea alpha && wait_for 5 has nodeb beta || { fail partition-heal "no start"; exit 0; }
ip netns exec "$P-nodeb" nft -f - <<'NFT'
table inet hbcut {
  chain in  { type filter hook input priority 0; udp dport 694 drop; }
  chain out { type filter hook output priority 0; udp dport 694 drop; }
}
NFT
if wait_for 10 has nodea beta && wait_for 5 has nodeb alpha; then pass partition-both-take-all
else fail partition-both-take-all "a: $(ls "$W/nodea/state" | tr '\n' ' ') b: $(ls "$W/nodeb/state" | tr '\n' ' ')"; fi
ip netns exec "$P-nodeb" nft delete table inet hbcut
one_holder() {
    local g n=0
    for g in alpha beta; do n=0; has nodea $g && n=$((n+1)); has nodeb $g && n=$((n+1)); [ $n = 1 ] || return 1; done
}
# As 3.0.6: both see the other "returning after partition", give up everything and restart.
restarted() { grep -q "restart exec" "$W/nodea/ha-log" && grep -q "restart exec" "$W/nodeb/ha-log"; }
wait_for 20 restarted && pass partition-heal-restart || fail partition-heal-restart "no restart exec logged"
stable_one_holder() { one_holder && sleep 3 && one_holder; }
if wait_for 40 stable_one_holder; then pass partition-heal-one-holder
else fail partition-heal-one-holder "a: $(ls "$W/nodea/state" | tr '\n' ' ') b: $(ls "$W/nodeb/state" | tr '\n' ' ')"; show_log nodea 30; show_log nodeb 30; fi
exit 0
