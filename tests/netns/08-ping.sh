#!/bin/bash
# ping and ping_group nodes watched by ICMP: alive ("ping") while the address answers,
# dead after deadping once it stops; a group lives while any member answers.
. "$(dirname "$0")/lib.sh"
lib_init ping
ns_node nodea 192.168.77.1
ns_node target 192.168.77.8   # keeps the subnet route when the watched /32s go
ip -n "$P-target" addr add 192.168.77.9/32 dev hb0
ip -n "$P-target" addr add 192.168.77.10/32 dev hb0
NODES=nodea EXTRA="deadping 2" hb_conf nodea "sha1 p" "bcast hb0" "ping 192.168.77.9" "ping_group grp 192.168.77.10 192.168.77.11"
hb_start nodea
if wait_for 10 seen_as nodea 192.168.77.9 ping && wait_for 3 seen_as nodea grp ping; then
    [ "$(hbq nodea nodetype grp)" = ping ] && pass ping-nodes-alive || fail ping-nodes-alive "nodetype grp $(hbq nodea nodetype grp)"
else
    fail ping-nodes-alive "ping node $(hbq nodea nodestatus 192.168.77.9), group $(hbq nodea nodestatus grp)"; show_log nodea
fi
ip -n "$P-target" addr del 192.168.77.9/32 dev hb0
if wait_for 5 seen_as nodea 192.168.77.9 dead; then
    [ "$(hbq nodea nodestatus grp)" = ping ] && pass ping-node-dies-alone || fail ping-node-dies-alone "group died too"
else
    fail ping-node-dies-alone "still $(hbq nodea nodestatus 192.168.77.9)"
fi
ip -n "$P-target" addr del 192.168.77.10/32 dev hb0
wait_for 5 seen_as nodea grp dead && pass ping-group-dies || fail ping-group-dies "group $(hbq nodea nodestatus grp)"
[ "$(hbq nodea nodestatus nodea)" = active ] && pass ping-death-not-node-death || fail ping-death-not-node-death "local $(hbq nodea nodestatus nodea)"
exit 0
