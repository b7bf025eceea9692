#!/bin/bash
# The control socket for non-root users: with a haclient group, the socket is 0660 group
# haclient; a member (primary or supplementary group, as the kernel reports the peer)
# gets cl_status's answers, a standby from it is refused, a non-member is refused with
# "permission denied" (not told heartbeat is stopped). `heartbeatd status --json` too.
. "$(dirname "$0")/lib.sh"
lib_init haclient
if ! getent group haclient >/dev/null || ! command -v setpriv >/dev/null; then
    skip haclient-socket "no haclient group or no setpriv"; exit 0
fi
member=$(getent passwd hacluster >/dev/null && echo hacluster || echo nobody)
nogroup=$(getent group nogroup >/dev/null && echo nogroup || echo nobody)
ns_node nodea 192.168.77.1
NODES=nodea hb_conf nodea "sha1 haclient" "bcast hb0"
hb_start nodea
if ! wait_for 10 seen_as nodea nodea active; then fail haclient-setup "nodea never active"; show_log nodea; exit 0; fi
# The test's own work directory is 0700: let others walk to the socket (nothing writable).
chmod o+x "$W" "$W/nodea" "$W/nodea/var"
sock=$W/nodea/var/heartbeatd.sock
mode=$(stat -c '%a %G' "$sock")
[ "$mode" = "660 haclient" ] && pass haclient-socket-mode || fail haclient-socket-mode "$mode"
as_member() { setpriv --reuid="$member" --regid=haclient --clear-groups "$@"; }
as_supplementary() { setpriv --reuid=nobody --regid="$nogroup" --groups=haclient "$@"; }
as_other() { setpriv --reuid=nobody --regid="$nogroup" --clear-groups "$@"; }
out=$(as_member "$HB" -S "$W/nodea/var" cl_status hbstatus 2>&1); rc=$?
[ $rc = 0 ] && [ "$out" = "Heartbeat is running on this machine." ] && pass haclient-member-hbstatus \
    || fail haclient-member-hbstatus "rc $rc: $out"
out=$(as_supplementary "$HB" -S "$W/nodea/var" cl_status nodestatus nodea 2>&1); rc=$?
[ $rc = 0 ] && [ "$out" = active ] && pass haclient-supplementary-nodestatus || fail haclient-supplementary-nodestatus "rc $rc: $out"
out=$(as_member "$HB" -S "$W/nodea/var" status --json 2>&1); rc=$?
if [ $rc = 0 ] && python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["node"]=="nodea" and d["nodes"][0]["status"]=="active", d' "$out" 2>/dev/null
then pass haclient-status-json; else fail haclient-status-json "rc $rc: $out"; fi
out=$(as_member "$HB" -S "$W/nodea/var" standby all 2>&1); rc=$?
[ $rc != 0 ] && [[ $out == *"permission denied"* ]] && pass haclient-standby-refused || fail haclient-standby-refused "rc $rc: $out"
out=$("$HB" -S "$W/nodea/var" standby all 2>&1); rc=$?
[[ $out != *"permission denied"* ]] && pass haclient-root-standby-allowed || fail haclient-root-standby-allowed "rc $rc: $out"
out=$(as_other "$HB" -S "$W/nodea/var" cl_status hbstatus 2>&1); rc=$?
[ $rc != 0 ] && [[ $out == *"ermission denied"* ]] && [[ $out != *"stopped"* ]] && pass haclient-other-refused \
    || fail haclient-other-refused "rc $rc: $out"
hb_kill nodea 15
exit 0
