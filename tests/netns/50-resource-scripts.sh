#!/bin/bash
# resource.d scripts in private network namespaces: IPaddr2/IPaddr add and remove the
# address on the right interface, report status as heartbeat reads it, and send
# gratuitous ARPs that the peer namespace sees. Prints PASS/FAIL/SKIP netns/<name> lines.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
rd=$here/resource.d
tag=rs$$
nsa=hbres-a-$tag nsb=hbres-b-$tag
cap=$(mktemp /tmp/hbres-cap.XXXXXX)

pass() { echo "PASS netns/$1"; }
fail() { echo "FAIL netns/$1: $2"; }
skip() { echo "SKIP netns/$1: $2"; }

cleanup() {
    [ -n "${tdpid:-}" ] && kill "$tdpid" 2>/dev/null
    ip netns del "$nsa" 2>/dev/null
    ip netns del "$nsb" 2>/dev/null
    rm -f "$cap"
}
trap cleanup EXIT

if [ "$(id -u)" != 0 ] || ! ip netns add "$nsa" 2>/dev/null; then
    skip resource-scripts "needs root and ip netns"
    exit 0
fi
ip netns add "$nsb"
ip link add veth-a netns "$nsa" type veth peer name veth-b netns "$nsb"
ip -n "$nsa" addr add 192.168.77.1/24 dev veth-a
ip -n "$nsb" addr add 192.168.77.2/24 dev veth-b
for n in "$nsa" "$nsb"; do ip -n "$n" link set lo up; done
ip -n "$nsa" link set veth-a up
ip -n "$nsb" link set veth-b up
# A second link for the explicit forms (a veth: this kernel may have no dummy module).
ip link add dum0 netns "$nsa" type veth peer name dum0p netns "$nsb"
ip -n "$nsb" link set dum0p up
ip -n "$nsa" addr add 10.9.0.1/16 dev dum0
ip -n "$nsa" link set dum0 up

ina() { timeout 20 ip netns exec "$nsa" "$@"; }
has_addr() { ip -n "$nsa" -o -4 addr show dev "$1" | grep -q " inet $2/$3 "; }

# Bare address: the interface whose network contains it, its prefix; GARPs seen by the peer.
if command -v tcpdump >/dev/null; then
    timeout 8 ip netns exec "$nsb" tcpdump -l -n -i veth-b arp >"$cap" 2>/dev/null &
    tdpid=$!
    sleep 1
fi
out=$(HA_ARP_COUNT=3 HA_ARP_INTERVAL_MS=100 ina "$rd/IPaddr2" 192.168.77.100 start); rc=$?
if [ $rc -eq 0 ] && has_addr veth-a 192.168.77.100 24; then pass ipaddr2-bare-start; else fail ipaddr2-bare-start "rc=$rc out=$out"; fi
st=$(ina "$rd/IPaddr2" 192.168.77.100 status); rc=$?
case "$st" in *running*) [ $rc -eq 0 ] && pass ipaddr2-status-running || fail ipaddr2-status-running "rc=$rc";; *) fail ipaddr2-status-running "$st";; esac
ina "$rd/IPaddr2" 192.168.77.100 start >/dev/null && pass ipaddr2-start-idempotent || fail ipaddr2-start-idempotent "second start failed"
if [ -n "${tdpid:-}" ]; then
    sleep 2
    kill "$tdpid" 2>/dev/null; wait "$tdpid" 2>/dev/null; tdpid=
    n=$(grep -c "192.168.77.100" "$cap")
    if [ "$n" -ge 3 ]; then pass ipaddr2-gratuitous-arp; else fail ipaddr2-gratuitous-arp "$n ARP frames for the VIP seen: $(head -3 "$cap" | tr '\n' ' ')"; fi
else
    skip ipaddr2-gratuitous-arp "no tcpdump"
fi
ina "$rd/IPaddr2" 192.168.77.100 stop >/dev/null; rc=$?
if [ $rc -eq 0 ] && ! has_addr veth-a 192.168.77.100 24; then pass ipaddr2-stop; else fail ipaddr2-stop "rc=$rc"; fi
st=$(ina "$rd/IPaddr2" 192.168.77.100 status); rc=$?
case "$st" in *running*) fail ipaddr2-status-stopped "$st";; *) [ $rc -eq 3 ] && pass ipaddr2-status-stopped || fail ipaddr2-status-stopped "rc=$rc";; esac
ina "$rd/IPaddr2" 192.168.77.100 stop >/dev/null && pass ipaddr2-stop-idempotent || fail ipaddr2-stop-idempotent "stop of a stopped address failed"

# Explicit forms: ip/cidr/nic/broadcast, ip/cidr/broadcast (nic found), IPaddr's label.
HA_ARP_COUNT=0 ina "$rd/IPaddr2" 10.9.5.5/24/dum0/10.9.5.255 start >/dev/null
if ip -n "$nsa" -o -4 addr show dev dum0 | grep -q "inet 10.9.5.5/24 brd 10.9.5.255"; then pass ipaddr2-explicit-form; else fail ipaddr2-explicit-form "$(ip -n "$nsa" -o -4 addr show dev dum0)"; fi
ina "$rd/IPaddr2" 10.9.5.5/24/dum0/10.9.5.255 stop >/dev/null
HA_ARP_COUNT=0 ina "$rd/IPaddr2" 10.9.6.6/16/10.9.255.255 start >/dev/null
if has_addr dum0 10.9.6.6 16; then pass ipaddr2-broadcast-third; else fail ipaddr2-broadcast-third "not on dum0"; fi
ina "$rd/IPaddr2" 10.9.6.6/16/10.9.255.255 stop >/dev/null
HA_ARP_COUNT=0 ina "$rd/IPaddr" 10.9.7.7/16/dum0:vip start >/dev/null
if ip -n "$nsa" -o -4 addr show dev dum0 | grep -q "inet 10.9.7.7/16 .*dum0:vip"; then pass ipaddr-label; else fail ipaddr-label "$(ip -n "$nsa" -o -4 addr show dev dum0)"; fi
ina "$rd/IPaddr" 10.9.7.7/16/dum0:vip stop >/dev/null
has_addr dum0 10.9.7.7 16 && fail ipaddr-stop "still there" || pass ipaddr-stop

# An address on no configured network cannot start.
ina "$rd/IPaddr2" 172.31.1.1 start >/dev/null 2>&1 && fail ipaddr2-no-interface "started" || pass ipaddr2-no-interface
exit 0
