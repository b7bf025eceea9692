#!/bin/bash
# heartbeatd adds an IPaddr2 address itself (rtnetlink + gratuitous ARP from a packet socket)
# before the script's start, which then confirms it (doc/heartbeatd-differences.md): the
# address lands as the script would put it, a client hears the gratuitous ARP from the
# survivor after a kill -9, a clean stop still releases it through the script, and
# `env NATIVE_TAKEOVER=no` in ha.cf leaves everything to the script.
. "$(dirname "$0")/lib.sh"
lib_init native-takeover
PROBE=$ROOT/bin/vip_probe
[ -x "$PROBE" ] || { skip native-takeover "$PROBE not built"; exit 0; }
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
ns_node client 192.168.77.3
VIP=192.168.77.100
setup() { # node [extra ha.cf line]
    local n=$1
    rm -f "$W/$n/ha-log"
    mkdir -p "$W/$n/etc/resource.d"; cp "$ROOT/resource.d/IPaddr2" "$W/$n/etc/resource.d/"
    echo "nodea IPaddr2::$VIP/24/hb0" > "$W/$n/etc/haresources"
    EXTRA=${2:-} hb_conf "$n" "sha1 native" "bcast hb0"
    sed -i "s/^auto_failback on/auto_failback off/" "$W/$n/etc/ha.cf"
}
vip_line() { ip -n "$P-$1" -o -4 addr show dev hb0 | grep " $VIP/"; }
holds() { vip_line "$1" >/dev/null; }
mac_of() { ip -n "$P-$1" -o link show hb0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'; }
active() { seen_as nodea nodeb active && seen_as nodeb nodea active; }

setup nodea; setup nodeb
hb_start nodea; disown "${HB_PID[nodea]}"   # no "Killed" job report for the kill -9 below
if wait_for 20 holds nodea && grep -q "IPaddr2::$VIP/24/hb0: added by heartbeatd ($VIP/24 added to hb0" "$W/nodea/ha-log"; then
    pass native-takeover-start
else
    fail native-takeover-start "VIP: '$(vip_line nodea)'"; show_log nodea 20
fi
# As the script adds it: /24 with the broadcast address; and the script confirmed it.
line=$(vip_line nodea)
case "$line" in *"inet $VIP/24 brd 192.168.77.255 "*) pass native-takeover-address-as-script ;;
    *) fail native-takeover-address-as-script "got '$line'" ;; esac
if grep -q "Running IPaddr2::$VIP/24/hb0 start" "$W/nodea/ha-log" && ! grep -q "Running IPaddr2::$VIP/24/hb0 status" "$W/nodea/ha-log" &&
   ! grep -q "Giving up" "$W/nodea/ha-log"; then pass native-takeover-script-confirms
else fail native-takeover-script-confirms "script calls: $(grep -o 'Running IPaddr2.*' "$W/nodea/ha-log" | tr '\n' ';')"; fi

hb_start nodeb
wait_for 20 active || fail native-takeover-pair "the pair never saw each other active"
sleep 1
out=$(ip netns exec "$P-client" "$PROBE" hb0 "$VIP" "$(mac_of nodeb)" 8000 "${HB_PID[nodea]}")
ip -n "$P-nodea" addr del "$VIP/24" dev hb0 2>/dev/null   # a power loss takes the address too
echo "kill -9 of nodea -> nodeb answers for the VIP: $out (deadtime 2000 ms)"
case "$out" in answer_ms=*) pass native-takeover-after-kill ;; *) fail native-takeover-after-kill "$out"; show_log nodeb 20 ;; esac
grep -q "added by heartbeatd" "$W/nodeb/ha-log" && pass native-takeover-on-survivor \
    || fail native-takeover-on-survivor "no native add logged on nodeb"

# A clean stop releases it through the script's stop.
"$HB" -p "$W/nodeb/var/heartbeatd.pid" -k >/dev/null
wait "${HB_PID[nodeb]}" 2>/dev/null
if ! holds nodeb && grep -q "Running IPaddr2::$VIP/24/hb0 stop" "$W/nodeb/ha-log"; then pass native-takeover-stop-by-script
else fail native-takeover-stop-by-script "VIP '$(vip_line nodeb)'"; fi

# Switched off: the script alone, status then start, as 3.0.6 does.
setup nodea "env NATIVE_TAKEOVER=no"
hb_start nodea
if wait_for 20 holds nodea && grep -q "Running IPaddr2::$VIP/24/hb0 status" "$W/nodea/ha-log" &&
   ! grep -q "added by heartbeatd" "$W/nodea/ha-log"; then pass native-takeover-switched-off
else fail native-takeover-switched-off "VIP '$(vip_line nodea)'"; show_log nodea 20; fi
hb_kill nodea 9
ip -n "$P-nodea" addr del "$VIP/24" dev hb0 2>/dev/null
exit 0
