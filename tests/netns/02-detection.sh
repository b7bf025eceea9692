#!/bin/bash
# kill -9 of one node: the other declares it dead within deadtime + 2 s (deadtime 2 s here).
. "$(dirname "$0")/lib.sh"
lib_init detection
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
hb_conf nodea "md5 k3y" "bcast hb0"; hb_conf nodeb "md5 k3y" "bcast hb0"
# nodeb starts after nodea's initdead (4 s) declared it dead: a late start, not a partition.
hb_start nodea; sleep 5; hb_start nodeb
if ! wait_for 15 seen_as nodea nodeb active; then
    fail kill9-dead-detected "nodeb never became active on nodea"; show_log nodea; exit 0
fi
sleep 1
grep -q "returning after partition" "$W/nodea/ha-log" && fail late-start-not-partition "nodea took it for a partition" \
    || pass late-start-not-partition
t0=$(date +%s%N)
hb_kill nodeb 9
if wait_for 4 seen_as nodea nodeb dead; then
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    echo "detection time after kill -9: ${ms} ms (deadtime 2000 ms)"
    pass kill9-dead-detected
else
    fail kill9-dead-detected "nodea still says $(hbq nodea nodestatus nodeb) 4 s after the kill"; show_log nodea
fi
grep -q "node nodeb: is dead" "$W/nodea/ha-log" && pass kill9-dead-logged || fail kill9-dead-logged "no 'node nodeb: is dead' in the log"
[ "$(hbq nodea linkstatus nodeb hb0)" = dead ] && pass kill9-link-dead || fail kill9-link-dead "link still $(hbq nodea linkstatus nodeb hb0)"

# Graceful stop (-k path: SIGTERM): the peer learns at once from shutdone, long before deadtime.
hb_start nodeb
wait_for 15 seen_as nodea nodeb active || { fail shutdone-fast "nodeb did not come back"; exit 0; }
t0=$(date +%s%N)
"$HB" -p "$W/nodeb/var/heartbeatd.pid" -k >/dev/null
if wait_for 3 seen_as nodea nodeb dead; then
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    echo "dead after graceful stop: ${ms} ms"
    [ $ms -lt 1500 ] && pass shutdone-fast || fail shutdone-fast "took ${ms} ms (deadtime is 2000)"
else
    fail shutdone-fast "nodea says $(hbq nodea nodestatus nodeb) after heartbeatd -k"
fi
exit 0
