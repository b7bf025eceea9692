#!/bin/bash
# etc/init.d/heartbeatd and etc/init.d/directord, run as the system runs them, inside a
# network namespace and a private mount namespace whose /run, /etc/default and /etc/init.d
# are tmpfs (nothing of the host changes): every action with its LSB exit code, the pid
# files in /run, /etc/default settings, and the systemctl redirection of init-functions.
. "$(dirname "$0")/lib.sh"
lib_init init
D=$ROOT/bin/directord
[ -x "$D" ] || { skip init "$D not built"; exit 0; }
[ -r /lib/lsb/init-functions ] || { skip init "no /lib/lsb/init-functions (sysvinit-utils)"; exit 0; }
ns_node nodea 192.168.77.1
NODES=nodea hb_conf nodea "sha1 init" "bcast hb0"
mkdir -p "$W/noconf" "$W/fakebin"
cat >"$W/d.cf" <<CF
logfile="$W/d.log"
checkinterval=1
virtual=10.11.0.1:80
	real=10.11.0.2:80 gate
	checktype=on
CF
printf 'virtual=10.11.0.1:80\n\treal=10.11.0.2:80 gate\n\tbogus=1\n' >"$W/bad.cf"
# A systemctl that records how it was called (for the redirection check).
cat >"$W/fakebin/systemctl" <<'SH'
#!/bin/sh
echo "systemctl $*" >>"$FAKE_SYSTEMCTL_LOG"
case "$*" in *"show"*) echo loaded ;; esac
exit 0
SH
chmod +x "$W/fakebin/systemctl"

# Everything below runs in the node's namespace, under a private mount namespace.
cat >"$W/inner.sh" <<'INNER'
set -u
W=$1 ROOT=$2
mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /etc/default && mount -t tmpfs tmpfs /etc/init.d || { echo "FAIL netns/init-mounts: tmpfs mounts failed"; exit 1; }
cp "$ROOT/etc/init.d/heartbeatd" "$ROOT/etc/init.d/directord" /etc/init.d/
hbdefault() {
    cat >/etc/default/heartbeatd <<EOF2
DAEMON=$ROOT/bin/heartbeatd
HA_DIR=${1:-$W/nodea/etc}
HA_VARLIB=$W/nodea/var
HA_LOCKDIR=$W/nodea/lock
HEARTBEATD_OPTS="-l"
EOF2
}
ddefault() {
    cat >/etc/default/directord <<EOF2
DAEMON=$ROOT/bin/directord
CONFIG_FILE=$1
DIRECTORD_OPTS="--dry-run"
EOF2
}
pass() { echo "PASS netns/init-$1"; }
fail() { echo "FAIL netns/init-$1: $2"; }
# rc NAME WANT ACTION...: runs the init script with ACTION, checks its exit code.
rc() {
    local name=$1 want=$2; shift 2
    "$@" >"$W/out" 2>&1; local got=$?
    if [ "$got" = "$want" ]; then pass "$name"; else fail "$name" "exit $got, want $want: $(head -c 300 "$W/out")"; fi
}
H=/etc/init.d/heartbeatd
hbdefault
rc hb-status-stopped 3 $H status
rc hb-reload-stopped 7 $H reload
rc hb-force-reload-stopped 7 $H force-reload
rc hb-stop-stopped 0 $H stop
rc hb-try-restart-stopped 0 $H try-restart
rc hb-start 0 $H start
pid=$(cat /run/heartbeat.pid 2>/dev/null)
[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && pass hb-pidfile-in-run || fail hb-pidfile-in-run "no live pid in /run/heartbeat.pid"
grep -q -- "-l" "/proc/$pid/cmdline" 2>/dev/null && pass hb-opts-from-default || fail hb-opts-from-default "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
rc hb-status-running 0 $H status
rc hb-start-running 0 $H start
rc hb-reload 0 $H reload
for i in $(seq 30); do grep -q "authkeys re-read" "$W/nodea/ha-log" && break; sleep 0.1; done
grep -q "authkeys re-read" "$W/nodea/ha-log" && pass hb-reload-done || fail hb-reload-done "no reload in the log"
rc hb-force-reload 0 $H force-reload
rc hb-restart 0 $H restart
pid2=$(cat /run/heartbeat.pid 2>/dev/null)
[ -n "$pid2" ] && [ "$pid2" != "$pid" ] && kill -0 "$pid2" 2>/dev/null && ! kill -0 "$pid" 2>/dev/null && pass hb-restart-new-pid || fail hb-restart-new-pid "pids $pid -> $pid2"
rc hb-try-restart 0 $H try-restart
pid3=$(cat /run/heartbeat.pid 2>/dev/null)
rc hb-stop 0 $H stop
[ -n "$pid3" ] && ! kill -0 "$pid3" 2>/dev/null && pass hb-stopped || fail hb-stopped "pid $pid3 alive"
rc hb-status-after-stop 3 $H status
rc hb-bad-action 2 $H frobnicate
hbdefault "$W/noconf"
rc hb-start-unconfigured 0 $H start
grep -q "not configured" "$W/out" && pass hb-unconfigured-says-so || fail hb-unconfigured-says-so "$(cat "$W/out")"
[ ! -e /run/heartbeat.pid ] && pass hb-unconfigured-not-started || fail hb-unconfigured-not-started "pid file exists"

I=/etc/init.d/directord
ddefault "$W/d.cf"
rc d-status-stopped 3 $I status
rc d-reload-stopped 7 $I reload
rc d-force-reload-stopped 7 $I force-reload
rc d-stop-stopped 0 $I stop
rc d-start 0 $I start
dpid=$(cat /run/ldirectord.d.cf.pid 2>/dev/null)
[ -n "$dpid" ] && kill -0 "$dpid" 2>/dev/null && pass d-pidfile-in-run || fail d-pidfile-in-run "$(ls /run)"
grep -q '\[dry-run\]' "$W/d.log" && pass d-opts-from-default || fail d-opts-from-default "$(tail -2 "$W/d.log")"
rc d-status-running 0 $I status
rc d-start-running 0 $I start
rc d-reload 0 $I reload
for i in $(seq 30); do grep -q "Reload complete" "$W/d.log" && break; sleep 0.1; done
grep -q "Reload complete" "$W/d.log" && pass d-reload-done || fail d-reload-done "$(tail -2 "$W/d.log")"
rc d-restart 0 $I restart
dpid2=$(cat /run/ldirectord.d.cf.pid 2>/dev/null)
[ -n "$dpid2" ] && [ "$dpid2" != "$dpid" ] && pass d-restart-new-pid || fail d-restart-new-pid "pids $dpid -> $dpid2"
rc d-stop 0 $I stop
rc d-status-after-stop 3 $I status
ddefault "$W/bad.cf"
rc d-start-bad-config 6 $I start
ddefault "$W/none.cf"
rc d-start-unconfigured 0 $I start
rc d-status-unconfigured 3 $I status
rc d-bad-action 2 $I frobnicate

# Under systemd (/run/systemd/system), init-functions hands /etc/init.d/NAME ACTION to
# systemctl: proof that the scripts source it before acting.
# The scripts set their own PATH: the stand-in systemctl is mounted over the real one.
if ! sc=$(command -v systemctl); then
    echo "SKIP netns/init-redirected-to-systemctl: no systemctl on this host"
else
mkdir -p /run/systemd/system
export FAKE_SYSTEMCTL_LOG=$W/systemctl.log
mount --bind "$W/fakebin/systemctl" "$sc" || echo "FAIL netns/init-fake-systemctl: cannot mount it over $sc"
for s in heartbeatd directord; do
    /etc/init.d/$s start >"$W/out" 2>&1
    grep -q "systemctl --no-pager start $s.service" "$W/systemctl.log" 2>/dev/null \
        && pass "$s-redirected-to-systemctl" || fail "$s-redirected-to-systemctl" "$(cat "$W/systemctl.log" "$W/out" 2>/dev/null | head -5)"
done
fi
INNER
ip netns exec "$P-nodea" unshare -m --propagation private bash "$W/inner.sh" "$W" "$ROOT"
# Nothing of the host changed: its /run has no pid file of ours.
for f in /run/ldirectord.d.cf.pid; do [ -e "$f" ] && fail init-host-untouched "$f exists" || pass init-host-untouched; done
exit 0
