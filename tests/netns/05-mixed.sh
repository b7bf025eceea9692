#!/bin/bash
# Mixed pair: heartbeatd (nodea) and Debian's heartbeat 3.0.6 (nodeb) see each other active,
# and each declares the other dead after a kill -9.
. "$(dirname "$0")/lib.sh"
lib_init mixed
if [ ! -x /usr/libexec/heartbeat/heartbeat ] || ! command -v cl_status >/dev/null; then
    skip mixed-active "Debian heartbeat 3.0.6 not installed"; exit 0
fi
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
for auth in "sha1 mixk3y" "md5 mixk3y" "crc"; do
    tag=${auth%% *}
    hb_conf nodea "$auth" "bcast hb0"; hb_conf nodeb "$auth" "bcast hb0"
    rm -rf "$W/nodeb/var"; mkdir -p "$W/nodeb/var"
    hb_start nodea; real_hb_start nodeb
    if wait_for 25 seen_as nodea nodeb active && wait_for 10 real_seen_as nodeb nodea active; then
        pass "mixed-active-$tag"
    else
        fail "mixed-active-$tag" "heartbeatd sees 3.0.6 '$(hbq nodea nodestatus nodeb)', 3.0.6 sees heartbeatd '$(real_cl nodeb nodestatus nodea)'"
        show_log nodea; show_log nodeb 40
    fi
    if [ $tag = sha1 ]; then
        # 3.0.6 notices heartbeatd's death...
        t0=$(date +%s%N); hb_kill nodea 9
        if wait_for 5 real_seen_as nodeb nodea dead; then
            echo "3.0.6 declared heartbeatd dead after $(( ($(date +%s%N) - t0) / 1000000 )) ms (deadtime 2000)"
            pass mixed-3.0.6-detects-heartbeatd-death
        else fail mixed-3.0.6-detects-heartbeatd-death "3.0.6 says $(real_cl nodeb nodestatus nodea)"; fi
        # ...and heartbeatd, restarted (higher generation, accepted by 3.0.6), notices 3.0.6's.
        hb_start nodea
        wait_for 15 seen_as nodea nodeb active && wait_for 10 real_seen_as nodeb nodea active \
            && pass mixed-restart-rejoin || fail mixed-restart-rejoin "no rejoin after restart"
        # 3.0.6 announces dt = deadtime + 2 s for a few seconds around a join; let that pass.
        sleep 6
        t0=$(date +%s%N)
        for p in $(ip netns pids "$P-nodeb"); do kill -9 "$p" 2>/dev/null; done
        if wait_for 5 seen_as nodea nodeb dead; then
            ms=$(( ($(date +%s%N) - t0) / 1000000 ))
            echo "heartbeatd declared 3.0.6 dead after $ms ms (deadtime 2000)"
            [ $ms -le 4000 ] && pass mixed-heartbeatd-detects-3.0.6-death \
                || fail mixed-heartbeatd-detects-3.0.6-death "took $ms ms (> deadtime + 2 s)"
        else fail mixed-heartbeatd-detects-3.0.6-death "heartbeatd says $(hbq nodea nodestatus nodeb)"; fi
    fi
    hb_kill nodea 9
    for p in $(ip netns pids "$P-nodeb"); do kill -9 "$p" 2>/dev/null; done
    sleep 0.5
done
exit 0
