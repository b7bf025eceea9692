#!/bin/bash
# Both daemons under a stand-in service manager: NOTIFY_SOCKET names a datagram socket that a
# python3 listener reads (one as a path, one abstract '@'); each daemon in the foreground
# (-f, as its systemd unit runs it) sends READY=1 once really ready, RELOADING=1 and READY=1
# around a reload (SIGHUP), and STOPPING=1 on SIGTERM.
. "$(dirname "$0")/lib.sh"
lib_init notify
D=$ROOT/bin/directord
command -v python3 >/dev/null || { skip notify "no python3 for the listener"; exit 0; }
[ -x "$D" ] || { skip notify "$D not built"; exit 0; }
cat >"$W/listen.py" <<'PY'
import socket, sys, time
# listen.py NAME OUT SECONDS: appends each datagram to OUT, newlines as '|'
name, out, secs = sys.argv[1], sys.argv[2], float(sys.argv[3])
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + name[1:] if name.startswith("@") else name)
open(out + ".bound", "w").close()
end = time.time() + secs
while time.time() < end:
    s.settimeout(max(0.05, end - time.time()))
    try:
        d = s.recv(4096)
    except socket.timeout:
        break
    with open(out, "a") as f:
        f.write(d.decode().replace("\n", "|") + "\n")
PY
listen() {   # NAME OUT [NETNS]: starts the listener, waits until it is bound
    # (an abstract name lives in a network namespace: the listener must be in the daemon's)
    if [ -n "${3:-}" ]; then ip netns exec "$3" python3 "$W/listen.py" "$1" "$2" 60 & LIB_PIDS+=($!)
    else python3 "$W/listen.py" "$1" "$2" 60 & LIB_PIDS+=($!); fi
    for i in $(seq 50); do [ -e "$2.bound" ] && return 0; sleep 0.1; done
    return 1
}
wait_line() { wait_for 10 grep -qx -- "$2" "$1"; }   # FILE LINE

# heartbeatd: READY=1 with its media up, in a node namespace; the socket is abstract.
ns_node nodea 192.168.77.1
NODES=nodea hb_conf nodea "sha1 notify" "bcast hb0"
sock="@hbnotify-$$"
listen "$sock" "$W/hb.msgs" "$P-nodea" || { fail notify-hb-listener "listener did not bind"; exit 0; }
NOTIFY_SOCKET=$sock hb_start nodea
wait_line "$W/hb.msgs" "READY=1|STATUS=media up" && pass notify-hb-ready || fail notify-hb-ready "$(cat "$W/hb.msgs" 2>/dev/null; show_log nodea)"
# Ready means ready: the control socket answers by then.
[ -S "$W/nodea/var/heartbeatd.sock" ] && pass notify-hb-ready-means-serving || fail notify-hb-ready-means-serving "no control socket"
kill -HUP "${HB_PID[nodea]}"
wait_for 10 grep -q "authkeys re-read" "$W/nodea/ha-log"
wait_line "$W/hb.msgs" "RELOADING=1" && [ "$(grep -c '^READY=1' "$W/hb.msgs")" -ge 2 ] \
    && pass notify-hb-reload || fail notify-hb-reload "$(tr '\n' ' ' <"$W/hb.msgs")"
kill -TERM "${HB_PID[nodea]}"
wait_line "$W/hb.msgs" "STOPPING=1" && pass notify-hb-stopping || fail notify-hb-stopping "$(tr '\n' ' ' <"$W/hb.msgs")"
wait "${HB_PID[nodea]}" 2>/dev/null

# directord: READY=1 only after the config is loaded and the first table sync (dry run);
# the socket is a path. It stays in the foreground: the pid file names this very process.
cat >"$W/d.cf" <<CF
logfile="$W/d.log"
checkinterval=1
virtual=10.11.0.1:80
	real=10.11.0.2:80 gate
	checktype=on
CF
listen "$W/notify.sock" "$W/d.msgs" || { fail notify-d-listener "listener did not bind"; exit 0; }
NOTIFY_SOCKET=$W/notify.sock "$D" -f --dry-run --pidfile "$W/d.pid" "$W/d.cf" start >"$W/d.out" 2>&1 &
DPID=$!; LIB_PIDS+=($DPID)
wait_line "$W/d.msgs" "READY=1|STATUS=first table sync done" && pass notify-d-ready || fail notify-d-ready "$(cat "$W/d.msgs" "$W/d.out" 2>/dev/null)"
grep -q 'Added real server: 10\.11\.0\.2' "$W/d.log" && pass notify-d-ready-after-sync || fail notify-d-ready-after-sync "$(tail -3 "$W/d.log")"
[ "$(cat "$W/d.pid" 2>/dev/null)" = "$DPID" ] && pass notify-d-foreground || fail notify-d-foreground "pid file $(cat "$W/d.pid" 2>/dev/null), started $DPID"
kill -HUP "$DPID"
wait_line "$W/d.msgs" "RELOADING=1" && [ "$(grep -c '^READY=1' "$W/d.msgs")" -ge 2 ] && pass notify-d-reload || fail notify-d-reload "$(tr '\n' ' ' <"$W/d.msgs")"
kill -TERM "$DPID"
wait_line "$W/d.msgs" "STOPPING=1" && pass notify-d-stopping || fail notify-d-stopping "$(tr '\n' ' ' <"$W/d.msgs")"
wait "$DPID" 2>/dev/null
exit 0
