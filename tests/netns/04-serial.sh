#!/bin/bash
# Serial only (a socat pty pair): membership works; then bcast + serial with UDP cut by
# nft in nodeb's namespace: nobody is declared dead while the serial link still carries.
. "$(dirname "$0")/lib.sh"
lib_init serial
command -v socat >/dev/null || { skip serial-only "socat not installed"; skip udp-cut-serial-up "socat not installed"; exit 0; }
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
start_bg socat pty,raw,echo=0,link="$W/ttyA" pty,raw,echo=0,link="$W/ttyB"
wait_for 5 test -e "$W/ttyA" -a -e "$W/ttyB" || { fail serial-only "socat made no ptys"; exit 0; }

EXTRA="baud 115200"
hb_conf nodea "sha1 s" "serial $W/ttyA"; hb_conf nodeb "sha1 s" "serial $W/ttyB"
hb_start nodea; hb_start nodeb
if wait_for 15 seen_as nodea nodeb active && wait_for 5 seen_as nodeb nodea active; then
    [ "$(hbq nodea linkstatus nodeb "$W/ttyA")" = up ] && pass serial-only \
        || fail serial-only "link $W/ttyA is $(hbq nodea linkstatus nodeb "$W/ttyA")"
    ls "$W/nodea/lock/LCK..ttyA" >/dev/null 2>&1 && pass serial-uucp-lock || fail serial-uucp-lock "no LCK..ttyA"
else
    fail serial-only "a sees b $(hbq nodea nodestatus nodeb), b sees a $(hbq nodeb nodestatus nodea)"
    show_log nodea; show_log nodeb
fi
hb_kill nodea TERM; hb_kill nodeb TERM

if ! ip netns exec "$P-nodeb" nft list tables >/dev/null 2>&1; then
    skip udp-cut-serial-up "nft unusable here"; exit 0
fi
EXTRA="baud 115200"
hb_conf nodea "sha1 s" "bcast hb0" "serial $W/ttyA"; hb_conf nodeb "sha1 s" "bcast hb0" "serial $W/ttyB"
hb_start nodea; hb_start nodeb
if ! wait_for 15 seen_as nodea nodeb active; then fail udp-cut-serial-up "never active"; show_log nodea; exit 0; fi
la=$(wc -l < "$W/nodea/ha-log"); lb=$(wc -l < "$W/nodeb/ha-log")
ip netns exec "$P-nodeb" nft -f - <<'NFT'
table inet hbcut {
  chain in  { type filter hook input priority 0; udp dport 694 drop; }
  chain out { type filter hook output priority 0; udp dport 694 drop; }
}
NFT
sleep 4.5   # more than deadtime (2 s) + margin
ok=1; why=""
[ "$(hbq nodea nodestatus nodeb)" = active ] || { ok=0; why="nodea sees nodeb $(hbq nodea nodestatus nodeb)"; }
[ "$(hbq nodeb nodestatus nodea)" = active ] || { ok=0; why="$why; nodeb sees nodea $(hbq nodeb nodestatus nodea)"; }
[ "$(hbq nodea linkstatus nodeb hb0)" = dead ] || { ok=0; why="$why; hb0 link not dead"; }
[ "$(hbq nodea linkstatus nodeb "$W/ttyA")" = up ] || { ok=0; why="$why; serial link not up"; }
{ tail -n +$((la+1)) "$W/nodea/ha-log"; tail -n +$((lb+1)) "$W/nodeb/ha-log"; } | grep -q "is dead" \
    && { ok=0; why="$why; a node was declared dead"; }
[ $ok = 1 ] && pass udp-cut-serial-up || { fail udp-cut-serial-up "$why"; show_log nodea; }
ip netns exec "$P-nodeb" nft delete table inet hbcut
link_up() { [ "$(hbq nodea linkstatus nodeb hb0)" = up ]; }
wait_for 5 link_up && pass udp-heal-link-up || fail udp-heal-link-up "hb0 link did not come back"
exit 0
