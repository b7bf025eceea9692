#!/bin/bash
# Two heartbeatd nodes see each other active, over bcast and then over ucast.
. "$(dirname "$0")/lib.sh"
lib_init membership

both_active() {
    seen_as nodea nodeb active && seen_as nodeb nodea active &&
    seen_as nodea nodea active && seen_as nodeb nodeb active
}

ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2

for medium in bcast ucast; do
    if [ $medium = bcast ]; then
        hb_conf nodea "sha1 s3cret" "bcast hb0"; hb_conf nodeb "sha1 s3cret" "bcast hb0"
    else
        # Identical files on both nodes, own address included (its copies must be ignored).
        hb_conf nodea "sha1 s3cret" "ucast hb0 192.168.77.1" "ucast hb0 192.168.77.2"
        hb_conf nodeb "sha1 s3cret" "ucast hb0 192.168.77.1" "ucast hb0 192.168.77.2"
    fi
    hb_start nodea; hb_start nodeb
    if wait_for 15 both_active; then
        ok=1
        [ "$(hbq nodea hbstatus)" = "Heartbeat is running on this machine." ] || { ok=0; why="hbstatus"; }
        [ "$(hbq nodea linkstatus nodeb hb0)" = up ] || { ok=0; why="linkstatus nodeb hb0 is not up"; }
        [ "$(hbq nodeb listnodes | tr '\n' ' ')" = "nodea nodeb " ] || { ok=0; why="listnodes"; }
        [ $ok = 1 ] && pass "$medium-active" || fail "$medium-active" "$why"
    else
        fail "$medium-active" "a sees b: $(hbq nodea nodestatus nodeb), b sees a: $(hbq nodeb nodestatus nodea)"
        show_log nodea; show_log nodeb
    fi
    hb_kill nodea TERM; hb_kill nodeb TERM
done
exit 0
