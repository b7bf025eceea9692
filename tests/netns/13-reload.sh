#!/bin/bash
# ha.cf reload on SIGHUP (heartbeatd -r): a broken ha.cf is refused with its line and the node
# runs on unchanged; a change needing a restart (udpport) is reported and not half-applied;
# a shorter deadtime applied live makes a kill -9 detected in well under the old deadtime.
. "$(dirname "$0")/lib.sh"
lib_init reload
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
TIMING="keepalive 200ms
deadtime 6
warntime 3
initdead 8"
hb_conf nodea "md5 k3y" "bcast hb0"; hb_conf nodeb "md5 k3y" "bcast hb0"
hb_start nodea; hb_start nodeb
if ! wait_for 20 seen_as nodea nodeb active || ! wait_for 5 seen_as nodeb nodea active; then
    fail reload-setup "nodes never saw each other active"; show_log nodea; exit 0
fi
reload() { "$HB" -p "$W/$1/var/heartbeatd.pid" -r; }
logged() { grep -qF -- "$2" "$W/$1/ha-log"; }
cf="$W/nodea/etc/ha.cf"
cp "$cf" "$W/good.cf"

# 1. A broken file: every error with file:line, the old configuration kept whole.
sed -i 's/^deadtime 6$/deadtime 1/' "$cf"          # valid on its own: must not be half-applied
echo "keepalive banana" >> "$cf"; bad1=$(wc -l < "$cf")
echo "frobnicate yes" >> "$cf"; bad2=$(wc -l < "$cf")
reload nodea
if wait_for 5 logged nodea "reload failed; the running configuration is kept"; then
    logged nodea "$cf:$bad1:" && logged nodea "$cf:$bad2:" && pass reload-bad-cf-logged-with-lines \
        || fail reload-bad-cf-logged-with-lines "no '$cf:$bad1:' and '$cf:$bad2:' in the log"
else
    fail reload-bad-cf-logged-with-lines "no refusal logged"; show_log nodea
fi
sleep 0.5
if kill -0 "${HB_PID[nodea]}" 2>/dev/null && [ "$(hbq nodea hbparameter deadtime)" = 6 ] && seen_as nodea nodeb active; then
    pass reload-bad-cf-keeps-running-config
else
    fail reload-bad-cf-keeps-running-config "alive? $(kill -0 "${HB_PID[nodea]}" 2>/dev/null && echo yes || echo no), deadtime $(hbq nodea hbparameter deadtime), nodeb $(hbq nodea nodestatus nodeb)"
fi

# 2. A change that needs a restart is reported with its line; the node keeps its old port.
cp "$W/good.cf" "$cf"
sed -i '0,/^bcast/s//udpport 7694\nbcast/' "$cf"
uline=$(grep -n '^udpport' "$cf" | cut -d: -f1)
reload nodea
if wait_for 5 logged nodea "ha.cf: udpport changed at line $uline: takes effect at restart"; then
    sleep 1
    seen_as nodea nodeb active && seen_as nodeb nodea active && [ -z "$(hbq nodea hbparameter udpport)" ] \
        && pass reload-restart-only-change-deferred \
        || fail reload-restart-only-change-deferred "nodes lost each other or udpport applied ($(hbq nodea hbparameter udpport))"
else
    fail reload-restart-only-change-deferred "no 'udpport changed at line $uline' in the log"; show_log nodea
fi

# 3. deadtime 6 -> 1 live on both nodes (each node announces its own deadtime as dt).
for n in nodea nodeb; do
    cp "$W/good.cf" "$W/$n/etc/ha.cf"
    sed -i 's/^deadtime 6$/deadtime 1/; s/^warntime 3$/warntime 500ms/' "$W/$n/etc/ha.cf"
    sed -i "s|^logfile .*|logfile $W/$n/ha-log|" "$W/$n/etc/ha.cf"
    [ $n = nodea ] && sed -i 's/^auto_failback on$/auto_failback off/' "$W/$n/etc/ha.cf"
    reload $n
done
if wait_for 5 logged nodea "deadtime 6000ms -> 1000ms" && wait_for 5 logged nodeb "deadtime 6000ms -> 1000ms"; then
    pass reload-deadtime-applied
else
    fail reload-deadtime-applied "no 'deadtime 6000ms -> 1000ms' logged"; show_log nodea
fi
[ "$(hbq nodea hbparameter deadtime)" = 1 ] && pass reload-hbparameter-follows \
    || fail reload-hbparameter-follows "hbparameter deadtime says $(hbq nodea hbparameter deadtime)"
sleep 1   # a status from nodeb with the new dt reaches nodea
t0=$(date +%s%N)
hb_kill nodeb 9
if wait_for 5 seen_as nodea nodeb dead; then
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    echo "detection after kill -9 with deadtime reloaded 6 s -> 1 s: ${ms} ms"
    [ $ms -lt 3000 ] && pass reload-deadtime-shortens-detection \
        || fail reload-deadtime-shortens-detection "took ${ms} ms"
else
    fail reload-deadtime-shortens-detection "nodea still says $(hbq nodea nodestatus nodeb) 5 s after the kill (old deadtime 6 s)"
    show_log nodea
fi
wait_for 3 logged nodea "auto_failback on -> off" && [ "$(hbq nodea hbparameter auto_failback)" = off ] \
    && pass reload-auto-failback-live || fail reload-auto-failback-live "not applied: $(hbq nodea hbparameter auto_failback)"

# 4. A new logfile takes over at once.
sed -i "s|^logfile .*|logfile $W/nodea/ha-log2|" "$cf"
reload nodea
wait_for 5 grep -q "applied logfile" "$W/nodea/ha-log2" && pass reload-logfile-live \
    || fail reload-logfile-live "nothing in the new logfile"
exit 0
