#!/bin/bash
# Mixed pair failover with a dummy resource: heartbeatd (nodea) and Debian's heartbeat
# 3.0.6 (nodeb), auto_failback on. Each takes its own group; kill -9 of heartbeatd -> 3.0.6
# takes alpha; heartbeatd restarts -> alpha fails back; kill -9 of 3.0.6 -> heartbeatd
# takes beta.
. "$(dirname "$0")/lib.sh"
lib_init mixed-failover
if [ ! -x /usr/libexec/heartbeat/heartbeat ] || ! command -v cl_status >/dev/null; then
    skip mixed-failover "Debian heartbeat 3.0.6 not installed"; exit 0
fi
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
for n in nodea nodeb; do
    dummy_groups $n
    hb_conf $n "sha1 mixfo" "bcast hb0"
done
has() { test -e "$W/$1/state/$2"; }
lacks() { ! test -e "$W/$1/state/$2"; }
hb_start nodea; real_hb_start nodeb
if wait_for 40 has nodea alpha && wait_for 10 has nodeb beta && lacks nodea beta && lacks nodeb alpha; then
    pass mixed-failover-start
else
    fail mixed-failover-start "nodea: $(ls "$W/nodea/state" | tr '\n' ' ') nodeb: $(ls "$W/nodeb/state" | tr '\n' ' ')"
    show_log nodea 30; show_log nodeb 30
fi
hb_kill nodea 9; rm -f "$W/nodea/state/"*   # power loss: what nodea held is gone
t0=$(date +%s%N)
if wait_for 15 has nodeb alpha; then
    echo "3.0.6 took heartbeatd's group $(( ($(date +%s%N) - t0) / 1000000 )) ms after kill -9 (deadtime 2000)"
    pass mixed-failover-3.0.6-takes-over
else fail mixed-failover-3.0.6-takes-over "nodeb holds $(ls "$W/nodeb/state" | tr '\n' ' ')"; show_log nodeb 30; fi
hb_start nodea
if wait_for 40 has nodea alpha && wait_for 10 lacks nodeb alpha; then pass mixed-failover-failback-to-heartbeatd
else fail mixed-failover-failback-to-heartbeatd "nodea: $(ls "$W/nodea/state" | tr '\n' ' ') nodeb: $(ls "$W/nodeb/state" | tr '\n' ' ')"; show_log nodea 30; show_log nodeb 30; fi
sleep 6   # past 3.0.6's join-time dt bump
for p in $(ip netns pids "$P-nodeb"); do kill -9 "$p" 2>/dev/null; done
t0=$(date +%s%N)
if wait_for 15 has nodea beta; then
    echo "heartbeatd took 3.0.6's group $(( ($(date +%s%N) - t0) / 1000000 )) ms after kill -9 (deadtime 2000)"
    pass mixed-failover-heartbeatd-takes-over
else fail mixed-failover-heartbeatd-takes-over "nodea holds $(ls "$W/nodea/state" | tr '\n' ' ')"; show_log nodea 30; fi
exit 0
