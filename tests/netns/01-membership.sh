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

ip -n "$P-nodea" addr add fd77::1/64 dev hb0 nodad
ip -n "$P-nodeb" addr add fd77::2/64 dev hb0 nodad

for medium in bcast ucast mcast mcast6 ucast6; do
    if [ $medium = bcast ]; then
        hb_conf nodea "sha1 s3cret" "bcast hb0"; hb_conf nodeb "sha1 s3cret" "bcast hb0"
    elif [ $medium = mcast ]; then
        hb_conf nodea "sha1 s3cret" "mcast hb0 239.192.0.42 694 1 0"; hb_conf nodeb "sha1 s3cret" "mcast hb0 239.192.0.42 694 1 0"
    elif [ $medium = mcast6 ]; then
        hb_conf nodea "sha1 s3cret" "mcast6 hb0 ff02::1:4242 694 1 0"; hb_conf nodeb "sha1 s3cret" "mcast6 hb0 ff02::1:4242 694 1 0"
    elif [ $medium = ucast6 ]; then
        hb_conf nodea "sha1 s3cret" "ucast6 hb0 fd77::2"; hb_conf nodeb "sha1 s3cret" "ucast6 hb0 fd77::1"
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
