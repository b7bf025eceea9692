#!/bin/bash
# What others on the box can plant or send: a FIFO owned by someone else, a group-writable
# state directory, an oversized control-socket request, a crc key beside an HMAC key, and a
# umask that would make its files world-writable. Each is refused with a clear message.
. "$(dirname "$0")/lib.sh"
lib_init harden
ns_node nodea 192.168.78.1
NODES=nodea hb_conf nodea "sha1 hardkey" "bcast hb0"
V="$W/nodea/var"
args=(-c "$W/nodea/etc" -S "$V" -p "$V/hb.pid" -L "$W/nodea/lock")
start() { ip netns exec "$P-nodea" "$HB" "${args[@]}" 2>&1; }

# 1. A FIFO planted by another user in the state directory: not opened (its writer would
#    command the cluster); heartbeatd runs without it and says why.
mkdir -p "$V"; chmod 755 "$V"
mkfifo "$V/fifo"; chown nobody "$V/fifo"
out=$(start); rc=$?
[ -f "$V/hb.pid" ] && LIB_PIDS+=("$(cat "$V/hb.pid")")
if [ $rc -eq 0 ] && wait_for 3 grep -q "fifo: not a FIFO owned by uid 0" "$W/nodea/ha-log" \
   && [ -z "$(ls -l /proc/"$(cat "$V/hb.pid")"/fd 2>/dev/null | grep "$V/fifo")" ]; then pass harden-foreign-fifo-refused
else fail harden-foreign-fifo-refused "rc $rc: $out; $(grep -i fifo "$W/nodea/ha-log" | head -3)"; fi
"$HB" "${args[@]}" -k >/dev/null 2>&1
rm -f "$V/fifo"

# 2. A group-writable state directory.
chmod 775 "$V"
out=$(start); rc=$?
if [ $rc -ne 0 ] && [[ $out == *"writable by group or others"* ]]; then pass harden-state-dir-refused
else fail harden-state-dir-refused "rc $rc: $out"; "$HB" "${args[@]}" -k >/dev/null 2>&1; fi
chmod 755 "$V"

# 3. A crc key beside the sha1 key: refused, unless HEARTBEATD_ALLOW_CRC=yes.
printf 'auth 1\n1 sha1 hardkey\n3 crc\n' > "$W/nodea/etc/authkeys"; chmod 600 "$W/nodea/etc/authkeys"
out=$(start); rc=$?
if [ $rc -ne 0 ] && [[ $out == *"authkeys:3: key 3 is crc beside sha1 key 1"* ]]; then pass harden-crc-beside-hmac-refused
else fail harden-crc-beside-hmac-refused "rc $rc: $out"; "$HB" "${args[@]}" -k >/dev/null 2>&1; fi

# 4. authkeys writable by others (heartbeat 3.0.6 accepted 0622).
printf 'auth 1\n1 sha1 hardkey\n' > "$W/nodea/etc/authkeys"; chmod 622 "$W/nodea/etc/authkeys"
out=$(start); rc=$?
if [ $rc -ne 0 ] && [[ $out == *"mode 0622"* ]]; then pass harden-authkeys-0622-refused
else fail harden-authkeys-0622-refused "rc $rc: $out"; "$HB" "${args[@]}" -k >/dev/null 2>&1; fi
chmod 600 "$W/nodea/etc/authkeys"

# 5. Started under umask 000: what it creates is still not world-writable; an oversized
#    request on the control socket gets a refusal, and the daemon keeps answering.
if (umask 000; ip netns exec "$P-nodea" "$HB" "${args[@]}"); then
    LIB_PIDS+=("$(cat "$V/hb.pid")")
    m=$(stat -c %a "$V/hb.pid"); f=$(stat -c %a "$V/fifo")
    [ "$m" = 644 ] && [ "$f" = 600 ] && pass harden-umask || fail harden-umask "pid file $m, fifo $f"
    reply=$(python3 - "$V/heartbeatd.sock" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect(sys.argv[1])
s.sendall(b"a" * 6000)   # over the 4096-byte bound, within the socket buffer
print(s.recv(4096).decode(errors="replace"))
PY
)
    [[ $reply == *"request too long"* ]] && pass harden-control-request-bounded || fail harden-control-request-bounded "reply: ${reply:0:200}"
    "$HB" "${args[@]}" -s >/dev/null && pass harden-still-answering || fail harden-still-answering "status failed"
    "$HB" "${args[@]}" -k >/dev/null 2>&1
else
    fail harden-umask "start failed"
fi
exit 0
