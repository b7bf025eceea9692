#!/bin/bash
# The init-script command line: daemonized start, -s (LSB codes), -r reload, control
# socket mode 0600 (0660 with haclient), standby through the socket, -k stop; a bad config fails the start.
. "$(dirname "$0")/lib.sh"
lib_init cli
ns_node nodea 192.168.77.1
NODES=nodea EXTRA="realtime on
rtprio 10" hb_conf nodea "sha1 cli" "bcast hb0"
args=(-c "$W/nodea/etc" -S "$W/nodea/var" -p "$W/nodea/var/hb.pid" -L "$W/nodea/lock")
if ip netns exec "$P-nodea" "$HB" "${args[@]}"; then
    pid=$(cat "$W/nodea/var/hb.pid"); LIB_PIDS+=("$pid")
    pass cli-daemon-start
else
    fail cli-daemon-start "start failed"; exit 0
fi
out=$("$HB" "${args[@]}" -s); rc=$?
[ $rc = 0 ] && [[ $out == *"is running"* ]] && pass cli-status-running || fail cli-status-running "rc $rc: $out"
"$HB" "${args[@]}" >/dev/null 2>&1 && fail cli-no-second-instance "second start succeeded" || pass cli-no-second-instance
pol=$(chrt -p "$pid" 2>/dev/null | head -1)
[[ $pol == *SCHED_FIFO* ]] && grep -q "memory locked" "$W/nodea/ha-log" && pass cli-realtime-on \
    || fail cli-realtime-on "policy '$pol'; $(grep realtime "$W/nodea/ha-log" | tr '\n' ' ')"
# 0600, or 0660 group haclient where that group exists (read-only queries for its members).
mode=$(stat -c %a "$W/nodea/var/heartbeatd.sock")
want=600; getent group haclient >/dev/null && want=660
[ "$mode" = $want ] && pass cli-socket-0600 || fail cli-socket-0600 "mode $mode, want $want"
wait_for 5 seen_as nodea nodea active && pass cli-one-node-active || fail cli-one-node-active "$(hbq nodea nodestatus nodea)"
"$HB" "${args[@]}" standby all >/dev/null 2>&1; [ $? -le 1 ] && pass cli-standby-answered || fail cli-standby-answered "no answer"
"$HB" "${args[@]}" status nodestatus nosuchnode >/dev/null 2>&1 && fail cli-query-error-exit "unknown node accepted" || pass cli-query-error-exit
printf 'auth 2\n2 md5 newkey\n' > "$W/nodea/etc/authkeys"
"$HB" "${args[@]}" -r && wait_for 3 grep -q "authkeys re-read" "$W/nodea/ha-log" && pass cli-reload-authkeys || fail cli-reload-authkeys "no reload logged"
"$HB" "${args[@]}" -k; rc=$?
! kill -0 "$pid" 2>/dev/null && [ $rc = 0 ] && pass cli-stop || fail cli-stop "rc $rc, pid alive"
"$HB" "${args[@]}" -s >/dev/null; rc=$?
[ $rc = 3 ] && pass cli-status-stopped || fail cli-status-stopped "rc $rc"
# -t: the config test checks what the files name on this node.
out=$(ip netns exec "$P-nodea" "$HB" -t -c "$W/nodea/etc" 2>&1); rc=$?
[ $rc = 0 ] && [[ $out == *"configuration OK"* ]] && pass cli-config-test-ok || fail cli-config-test-ok "rc $rc: $out"
cp "$W/nodea/etc/haresources" "$W/nodea/haresources.orig" 2>/dev/null
echo "nodea no_such_script 192.168.77.50/24/eth9" >> "$W/nodea/etc/haresources"
out=$(ip netns exec "$P-nodea" "$HB" -t -c "$W/nodea/etc" 2>&1); rc=$?
[ $rc = 6 ] && [[ $out == *"haresources:"*"no script 'no_such_script'"* ]] && [[ $out == *"interface 'eth9' does not exist"* ]] \
    && pass cli-config-test-names-problems || fail cli-config-test-names-problems "rc $rc: $out"
if [ -f "$W/nodea/haresources.orig" ]; then cp "$W/nodea/haresources.orig" "$W/nodea/etc/haresources"; else rm -f "$W/nodea/etc/haresources"; fi
"$HB" --version | grep -q '^heartbeatd ' && pass cli-version || fail cli-version "$("$HB" --version 2>&1)"
echo "bogus_directive 1" >> "$W/nodea/etc/ha.cf"
err=$(ip netns exec "$P-nodea" "$HB" "${args[@]}" 2>&1); rc=$?
[ $rc -ne 0 ] && [[ $err == *"ha.cf:"* ]] && pass cli-bad-config || fail cli-bad-config "rc $rc: $err"
exit 0
