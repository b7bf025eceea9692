#!/bin/bash
# resource.d/IPv6addr on a private bridge: start puts the address on the interface usable at
# once (nodad) and sends unsolicited neighbour advertisements that a client namespace sees
# (tcpdump) and acts on (its stale cache entry moves to our MAC), the client can ping6 it;
# status says running/stopped like heartbeat's scripts; stop removes it; the explicit
# interface form, another spelling of the address, busybox sh, and bad arguments.
. "$(dirname "$0")/lib.sh"
lib_init ipv6addr
RS=$ROOT/resource.d/IPv6addr
NA=${SEND_UNSOLICITED_NA:-$ROOT/bin/send_unsolicited_na}
[ -x "$NA" ] || { skip ipv6addr "$NA not built"; exit 0; }
ns_node nodea 192.168.77.1
ns_node client 192.168.77.3
for n in nodea client; do ip netns exec "$P-$n" sysctl -qw net.ipv6.conf.hb0.disable_ipv6=0 2>/dev/null; done
ip -n "$P-nodea" -6 addr add 2001:db8::1/64 dev hb0 nodad
ip -n "$P-client" -6 addr add 2001:db8::2/64 dev hb0 nodad
VIP=2001:db8::10
mac_a=$(ip -n "$P-nodea" -o link show hb0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
export HA_NA_SENDER=$NA
ina() { timeout 20 ip netns exec "$P-nodea" "$@"; }
on_a() { ip -n "$P-nodea" -o -6 addr show dev "${2:-hb0}" | grep " inet6 $1 "; }

# The client believes the VIP is at some other MAC: only a valid advertisement with Override
# (hop limit 255, good checksum, target link-layer option) makes its kernel take ours.
ip -n "$P-client" -6 neigh replace $VIP lladdr 02:00:00:00:00:99 dev hb0 nud stale
if command -v tcpdump >/dev/null; then
    timeout 8 ip netns exec "$P-client" tcpdump -l -n -vv -i hb0 'icmp6 and ip6[40] == 136' >"$W/cap" 2>/dev/null &
    LIB_PIDS+=($!); td=$!
    sleep 1
fi
out=$(HA_NA_COUNT=3 HA_NA_INTERVAL_MS=100 ina "$RS" $VIP/64 start); rc=$?
a=$(on_a $VIP/64)
if [ $rc -eq 0 ] && [ -n "$a" ]; then pass ipv6addr-start; else fail ipv6addr-start "rc=$rc out=$out addr: $(ip -n "$P-nodea" -o -6 addr show dev hb0)"; fi
case "$a" in *tentative*) fail ipv6addr-nodad "the address is tentative: $a" ;; *) pass ipv6addr-nodad ;; esac

if [ -n "${td:-}" ]; then
    sleep 1.5; kill "$td" 2>/dev/null; wait "$td" 2>/dev/null
    n=$(grep -c "neighbor advertisement.*tgt is $VIP" "$W/cap")
    hl=$(grep -c "hlim 255" "$W/cap")
    if [ "$n" -ge 3 ] && [ "$hl" -ge 3 ] && grep -q "Flags \[override\]" "$W/cap" \
        && grep -q "destination link-address option.*$mac_a" "$W/cap"; then
        pass ipv6addr-na-seen
    else
        fail ipv6addr-na-seen "$n advertisements for $VIP, $hl with hop limit 255: $(head -4 "$W/cap" | tr '\n' ' ')"
    fi
else
    skip ipv6addr-na-seen "no tcpdump"
fi
neigh=$(ip -n "$P-client" -6 neigh show $VIP dev hb0)
case "$neigh" in *"$mac_a"*) pass ipv6addr-na-updates-neighbour ;; *) fail ipv6addr-na-updates-neighbour "client's entry: $neigh (want $mac_a)" ;; esac
# ping6: inetutils' and iputils' both take -n -c -w; their exit codes differ, the output does not.
ip netns exec "$P-client" ping6 -n -c 1 -w 2 $VIP 2>&1 | grep -q "bytes from" && pass ipv6addr-ping6 || fail ipv6addr-ping6 "no echo reply from $VIP"

st=$(ina "$RS" $VIP/64 status); rc=$?
case "$st" in *running*) [ $rc -eq 0 ] && pass ipv6addr-status-running || fail ipv6addr-status-running "rc=$rc";; *) fail ipv6addr-status-running "$st";; esac
st=$(ina "$RS" 2001:0db8:0:0::0010/64 monitor); rc=$?
case "$st" in *running*) [ $rc -eq 0 ] && pass ipv6addr-other-spelling || fail ipv6addr-other-spelling "rc=$rc";; *) fail ipv6addr-other-spelling "$st";; esac
HA_NA_COUNT=0 ina "$RS" $VIP/64 start >/dev/null && [ "$(on_a $VIP/64 | wc -l)" = 1 ] \
    && pass ipv6addr-start-idempotent || fail ipv6addr-start-idempotent "second start failed or added twice"

ina "$RS" $VIP/64 stop >/dev/null; rc=$?
if [ $rc -eq 0 ] && [ -z "$(on_a $VIP/64)" ]; then pass ipv6addr-stop; else fail ipv6addr-stop "rc=$rc, $(on_a $VIP/64)"; fi
st=$(ina "$RS" $VIP/64 status); rc=$?
case "$st" in *running*) fail ipv6addr-status-stopped "$st";; *stopped*) [ $rc -eq 3 ] && pass ipv6addr-status-stopped || fail ipv6addr-status-stopped "rc=$rc";; *) fail ipv6addr-status-stopped "$st";; esac
ina "$RS" $VIP/64 stop >/dev/null && pass ipv6addr-stop-idempotent || fail ipv6addr-stop-idempotent "stop of a stopped address failed"

# Bare address: the interface and prefix of the on-link route covering it.
HA_NA_COUNT=0 ina "$RS" 2001:db8::11 start >/dev/null
[ -n "$(on_a 2001:db8::11/64)" ] && pass ipv6addr-bare || fail ipv6addr-bare "$(ip -n "$P-nodea" -o -6 addr show)"
ina "$RS" 2001:db8::11 stop >/dev/null
# Explicit interface, on a network no route covers yet.
HA_NA_COUNT=0 ina "$RS" 2001:db8:5::5/96/hb0 start >/dev/null
[ -n "$(on_a 2001:db8:5::5/96)" ] && pass ipv6addr-explicit-nic || fail ipv6addr-explicit-nic "$(ip -n "$P-nodea" -o -6 addr show)"
ina "$RS" 2001:db8:5::5/96/hb0 stop >/dev/null
[ -z "$(on_a 2001:db8:5::5/96)" ] && pass ipv6addr-explicit-nic-stop || fail ipv6addr-explicit-nic-stop "still there"

# The same under busybox sh (a minimal system's /bin/sh).
if command -v busybox >/dev/null; then
    HA_NA_COUNT=1 ina busybox sh "$RS" $VIP/64 start >/dev/null
    s1=$(ina busybox sh "$RS" $VIP/64 status)
    ina busybox sh "$RS" $VIP/64 stop >/dev/null
    s2=$(ina busybox sh "$RS" $VIP/64 status)
    case "$s1|$s2|$(on_a $VIP/64)" in *running*"|"*stopped*"|") pass ipv6addr-busybox ;; *) fail ipv6addr-busybox "status '$s1' then '$s2'" ;; esac
else
    skip ipv6addr-busybox "no busybox"
fi

# Split at "::" the way heartbeat's ResourceManager passes IPv6addr::2001:db8::12/64.
HA_NA_COUNT=0 ina "$RS" 2001:db8 12/64 start >/dev/null
[ -n "$(on_a 2001:db8::12/64)" ] && pass ipv6addr-split-args || fail ipv6addr-split-args "$(ip -n "$P-nodea" -o -6 addr show dev hb0)"
ina "$RS" 2001:db8 12/64 stop >/dev/null

ina "$RS" 2001:db8:99::1 start >/dev/null 2>&1 && fail ipv6addr-no-interface "started" || pass ipv6addr-no-interface
ina "$RS" 192.168.77.50 start >/dev/null 2>&1; [ $? -eq 2 ] && pass ipv6addr-bad-address || fail ipv6addr-bad-address "IPv4 accepted"

# In a haresources group under heartbeatd (alone: it takes the group after initdead). The
# daemon gives scripts a fixed environment: the helper is found as ../bin beside resource.d.
mkdir -p "$W/nodea/etc/resource.d" "$W/nodea/etc/bin"
cp "$RS" "$W/nodea/etc/resource.d/"; cp "$NA" "$W/nodea/etc/bin/"
echo "nodea IPv6addr::2001:db8::20/64/hb0" > "$W/nodea/etc/haresources"
NODES="nodea nodeb" hb_conf nodea "sha1 v6k3y" "bcast hb0"
ip -n "$P-client" -6 neigh replace 2001:db8::20 lladdr 02:00:00:00:00:98 dev hb0 nud stale
hb_start nodea
if wait_for 20 on_a 2001:db8::20/64; then pass ipv6addr-heartbeatd-group
else fail ipv6addr-heartbeatd-group "address never added"; show_log nodea; fi
# The advertisements went out from there too: the client's entry moved to our MAC.
if wait_for 3 sh -c "ip -n $P-client -6 neigh show 2001:db8::20 dev hb0 | grep -q $mac_a"; then pass ipv6addr-heartbeatd-na
else fail ipv6addr-heartbeatd-na "client's entry: $(ip -n "$P-client" -6 neigh show 2001:db8::20 dev hb0)"; fi
"$HB" -p "$W/nodea/var/heartbeatd.pid" -k >/dev/null 2>&1
if wait_for 10 sh -c "! ip -n $P-nodea -o -6 addr show dev hb0 | grep -q 2001:db8::20/"; then pass ipv6addr-heartbeatd-release
else fail ipv6addr-heartbeatd-release "still on hb0 after heartbeatd -k"; show_log nodea; fi
exit 0
