#!/bin/bash
# etc/init.d/lvs-realserver on a real server namespace: DR puts the VIPs on lo (/32, /128),
# the server then accepts packets for the VIP but never answers ARP for it (arp_ignore=1,
# arp_announce=2); stop restores the sysctls it found; LSB exit codes; bad configs exit 6.
# The script runs in a private mount namespace with a temporary /etc/default and /run.
. "$(dirname "$0")/lib.sh"
lib_init lvs-realserver
# Result names under lvs-realserver/, apart from the heartbeatd tests'.
pass() { echo "PASS netns/lvs-realserver/$1"; }
fail() { echo "FAIL netns/lvs-realserver/$1: $2"; LIB_FAILED=1; }
skip() { echo "SKIP netns/lvs-realserver/$1: $2"; }
SCRIPT=$ROOT/etc/init.d/lvs-realserver
ns_node real 10.9.0.11
ns_node peer 10.9.0.1
VIP=10.9.0.100 VIP6=2001:db8:9::100
mkdir -p "$W/default" "$W/run"
conf() { printf '%s\n' "$@" >"$W/default/lvs-realserver"; }
# rs ACTION: the init script inside the real server, with our /etc/default and /run.
rs() {
    ip netns exec "$P-real" unshare -m sh -c \
        'mount --bind "$1" /etc/default && mount --bind "$2" /run && exec sh "$3" "$4"' \
        rs "$W/default" "$W/run" "$SCRIPT" "$1" >"$W/out" 2>&1
}
sysctl_of() { ip netns exec "$P-real" cat "/proc/sys/net/ipv4/conf/all/$1"; }
addrs_lo() { ip -n "$P-real" -o addr show dev lo | awk '{ print $4 }' | sort | tr '\n' ' '; }
expect_rc() {   # expect_rc NAME WANT ACTION
    rs "$3"; local rc=$?
    if [ "$rc" = "$2" ]; then pass "$1"; else fail "$1" "'$3' exited $rc, want $2: $(tr '\n' ' ' <"$W/out")"; fi
}
# The peer asks who has the VIP (ARP) and pings it through hb0.
vip_reachable() {
    ip -n "$P-peer" neigh flush dev hb0 2>/dev/null
    ip netns exec "$P-peer" ping -c 1 -W 1 "$VIP" >/dev/null 2>&1
}
ip -n "$P-peer" route add "$VIP/32" dev hb0

# Non-default values before start: stop must bring back these, not the kernel's defaults.
ip netns exec "$P-real" sh -c 'echo 1 >/proc/sys/net/ipv4/conf/all/arp_announce; echo 0 >/proc/sys/net/ipv4/conf/all/arp_ignore'

conf 'LVS_MODE=dr' "LVS_VIPS=\"$VIP $VIP6\""
expect_rc status-before-start 3 status
expect_rc dr-start 0 start
got=$(addrs_lo)
case $got in
    *"$VIP/32 "*"$VIP6/128 "*|*"$VIP6/128 "*"$VIP/32 "*) pass dr-vips-on-lo ;;
    *) fail dr-vips-on-lo "lo has: $got" ;;
esac
if [ "$(sysctl_of arp_ignore)/$(sysctl_of arp_announce)" = 1/2 ]; then pass dr-arp-sysctls
else fail dr-arp-sysctls "arp_ignore/arp_announce = $(sysctl_of arp_ignore)/$(sysctl_of arp_announce), want 1/2"; fi
if vip_reachable; then fail dr-no-arp-reply "the real server answered ARP for $VIP"
else pass dr-no-arp-reply; fi
# As a director does: the frame goes to the real server's MAC, the VIP is the destination.
mac=$(ip -n "$P-real" -o link show hb0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
ip -n "$P-peer" neigh replace "$VIP" lladdr "$mac" dev hb0 nud permanent
if ip netns exec "$P-peer" ping -c 1 -W 2 "$VIP" >/dev/null 2>&1; then pass dr-accepts-vip-traffic
else fail dr-accepts-vip-traffic "no answer from $VIP sent to $mac"; fi
ip -n "$P-peer" neigh del "$VIP" dev hb0
expect_rc dr-status 0 status
expect_rc dr-start-again 0 start
[ "$(addrs_lo)" = "$got" ] && pass dr-start-again-changes-nothing || fail dr-start-again-changes-nothing "lo now: $(addrs_lo)"
# Someone removes a VIP behind the script's back: status says so (LSB 1).
ip -n "$P-real" addr del "$VIP/32" dev lo
expect_rc dr-status-vip-missing 1 status
grep -q "no longer in place: $VIP" "$W/out" && pass dr-status-names-missing-vip || fail dr-status-names-missing-vip "$(cat "$W/out")"
# Stop undoes what start did, even if the config changed meanwhile.
conf 'LVS_MODE=dr' 'LVS_VIPS="10.9.0.200"'
expect_rc dr-stop 0 stop
got=$(addrs_lo)
case $got in *"$VIP"*|*"$VIP6"*) fail dr-stop-removes-vips "lo still has: $got" ;; *) pass dr-stop-removes-vips ;; esac
if [ "$(sysctl_of arp_ignore)/$(sysctl_of arp_announce)" = 0/1 ]; then pass dr-stop-restores-sysctls
else fail dr-stop-restores-sysctls "arp_ignore/arp_announce = $(sysctl_of arp_ignore)/$(sysctl_of arp_announce), want the previous 0/1"; fi
expect_rc status-after-stop 3 status
expect_rc stop-when-stopped 0 stop
# Control: a VIP on lo without the sysctls answers ARP, which is what DR must avoid.
ip -n "$P-real" addr add "$VIP/32" dev lo
if vip_reachable; then pass control-plain-lo-vip-answers-arp
else fail control-plain-lo-vip-answers-arp "no ARP answer even without the sysctls: the DR check above proves nothing"; fi
ip -n "$P-real" addr del "$VIP/32" dev lo

# restart = stop + start
conf 'LVS_MODE=dr' "LVS_VIPS=\"$VIP\""
expect_rc restart 0 restart
case $(addrs_lo) in *"$VIP/32"*) pass restart-vip-present ;; *) fail restart-vip-present "lo: $(addrs_lo)" ;; esac
expect_rc stop-after-restart 0 stop

# Bad configurations: LSB 6 (not configured), with the file named; bad usage: 2.
conf 'LVS_MODE=nat' "LVS_VIPS=\"$VIP\""
expect_rc bad-mode 6 start
grep -q "/etc/default/lvs-realserver: LVS_MODE='nat'" "$W/out" && pass bad-mode-message || fail bad-mode-message "$(cat "$W/out")"
conf 'LVS_MODE=dr' 'LVS_VIPS=""'
expect_rc no-vips 6 start
conf 'LVS_MODE=dr' 'LVS_VIPS="10.9.0.100/24"'
expect_rc vip-with-prefix 6 start
rm -f "$W/default/lvs-realserver"
expect_rc no-config-file 6 start
expect_rc bad-action 2 frobnicate

# TUN: tunl0 needs the ipip module (the VM scenario covers it where the host lacks it).
conf 'LVS_MODE=tun' "LVS_VIPS=\"$VIP\""
if ! ip netns exec "$P-real" sh -c '[ -e /sys/class/net/tunl0 ] || modprobe ipip 2>/dev/null; [ -e /sys/class/net/tunl0 ]'; then
    rs start; rc=$?
    if [ $rc = 1 ] && grep -q 'modprobe ipip' "$W/out"; then pass tun-without-ipip-says-why
    else fail tun-without-ipip-says-why "start exited $rc: $(cat "$W/out")"; fi
    skip tun-mode "this kernel has no ipip (tunl0): tested in tests/vm/scenarios/60-lvs-realserver-tun.sh"
else
    ip netns exec "$P-real" sh -c 'echo 1 >/proc/sys/net/ipv4/conf/all/rp_filter'
    expect_rc tun-start 0 start
    ip -n "$P-real" -o addr show dev tunl0 | grep -q "$VIP/32" && pass tun-vip-on-tunl0 || fail tun-vip-on-tunl0 "$(ip -n "$P-real" -o addr show dev tunl0)"
    rp=$(ip netns exec "$P-real" cat /proc/sys/net/ipv4/conf/tunl0/rp_filter /proc/sys/net/ipv4/conf/all/rp_filter | tr '\n' /)
    [ "$rp" = 0/0/ ] && pass tun-rp-filter-off || fail tun-rp-filter-off "tunl0/all rp_filter = $rp"
    expect_rc tun-stop 0 stop
    [ "$(ip netns exec "$P-real" cat /proc/sys/net/ipv4/conf/all/rp_filter)" = 1 ] && pass tun-stop-restores-rp-filter || fail tun-stop-restores-rp-filter "all.rp_filter not back to 1"
fi
exit 0
