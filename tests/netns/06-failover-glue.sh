#!/bin/bash
# The daemon drives the failover policy and the resource scripts (glue check with a dummy
# script): both nodes take their own group, kill -9 of one -> the survivor holds all.
. "$(dirname "$0")/lib.sh"
lib_init failover-glue
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
for n in nodea nodeb; do
    dummy_groups $n
    hb_conf $n "sha1 glue" "bcast hb0"
done
hb_start nodea; hb_start nodeb
rsc() { [ "$(hbq "$1" rscstatus)" = "$2" ]; }
# Both start together: 3.0.6 waits RQSTDELAY (10 s) before taking local groups.
if wait_for 25 rsc nodea local && wait_for 5 rsc nodeb local &&
   [ -e "$W/nodea/state/alpha" ] && [ -e "$W/nodeb/state/beta" ]; then
    pass glue-start-local-groups
else
    fail glue-start-local-groups "rscstatus a=$(hbq nodea rscstatus) b=$(hbq nodeb rscstatus)"; show_log nodea 40
fi
# Debian's hb_standby script writes to the FIFO; heartbeatd's own control socket takes back.
if HA_FIFO="$W/nodea/var/fifo" /usr/share/heartbeat/hb_standby all >/dev/null 2>&1 || true; then
    if wait_for 20 rsc nodeb all && wait_for 5 rsc nodea none; then pass glue-hb_standby-via-fifo
    else fail glue-hb_standby-via-fifo "rscstatus a=$(hbq nodea rscstatus) b=$(hbq nodeb rscstatus)"; show_log nodea 30; fi
fi
"$HB" -S "$W/nodea/var" takeover local >/dev/null
if wait_for 20 rsc nodea local && wait_for 5 rsc nodeb local; then pass glue-takeover-local
else fail glue-takeover-local "rscstatus a=$(hbq nodea rscstatus) b=$(hbq nodeb rscstatus)"; fi
t0=$(date +%s%N)
hb_kill nodeb 9
if wait_for 8 test -e "$W/nodea/state/beta" && wait_for 3 rsc nodea all; then
    echo "kill -9 to the peer's group running on the survivor: $(( ($(date +%s%N) - t0) / 1000000 )) ms (deadtime 2000)"
    pass glue-takeover-after-kill
else
    fail glue-takeover-after-kill "nodea rscstatus $(hbq nodea rscstatus)"; show_log nodea 40
fi
# Graceful stop releases what the node holds.
"$HB" -p "$W/nodea/var/heartbeatd.pid" -k >/dev/null
[ ! -e "$W/nodea/state/alpha" ] && [ ! -e "$W/nodea/state/beta" ] && pass glue-stop-releases \
    || fail glue-stop-releases "resources left: $(ls "$W/nodea/state")"
exit 0
