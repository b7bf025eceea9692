#!/bin/bash
# cl_status front-end (heartbeatd cl_status ..., or a symlink named cl_status): heartbeat's
# words and exit codes against a running heartbeatd, then side by side with Debian's
# heartbeat 3.0.6 and its own cl_status in a mixed pair (when installed).
. "$(dirname "$0")/lib.sh"
lib_init cl-status
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
hb_conf nodea "sha1 clk3y" "bcast hb0"; hb_conf nodeb "sha1 clk3y" "bcast hb0"
ln -s "$HB" "$W/cl_status"
# cl_status on node N: through the symlink (argv[0]) for nodea, the subcommand for nodeb.
cla() { HA_VARLIB="$W/nodea/var" "$W/cl_status" "$@" 2>/dev/null; }
clb() { "$HB" -S "$W/nodeb/var" cl_status "$@" 2>/dev/null; }
# expect NAME WANT-OUTPUT WANT-EXIT CMD...
expect() {
    local name=$1 want=$2 want_rc=$3; shift 3
    local out rc
    out=$("$@"); rc=$?
    if [ "$out" = "$want" ] && [ $rc = "$want_rc" ]; then pass "$name"
    else fail "$name" "got '$out' exit $rc, want '$want' exit $want_rc"; fi
}

expect cl-status-stopped "Heartbeat is stopped on this machine." 1 cla hbstatus
expect cl-status-stopped-listnodes "" 1 cla listnodes
hb_start nodea; hb_start nodeb
if ! wait_for 20 seen_as nodea nodeb active; then fail cl-status-setup "nodeb never active"; show_log nodea; exit 0; fi
expect cl-status-running "Heartbeat is running on this machine." 0 cla hbstatus
expect cl-status-listnodes "nodea
nodeb" 0 cla listnodes
expect cl-status-nodestatus-active active 0 cla nodestatus nodeb
expect cl-status-nodestatus-unknown "" 11 cla nodestatus nosuch
expect cl-status-nodetype normal 0 clb nodetype nodea
expect cl-status-listhblinks "$(printf '\thb0')" 0 cla listhblinks nodeb
expect cl-status-hblinkstatus up 0 clb hblinkstatus nodea hb0
expect cl-status-hbparameter 2 0 cla hbparameter -p deadtime
expect cl-status-hbparameter-unset "" 1 cla hbparameter -p udpport
# Right after start the (empty) group set may still be in transition: any of heartbeat's words.
r=$(cla rscstatus); rc=$?
[[ $r =~ ^(all|local|foreign|none|transition)$ ]] && [ $rc = 0 ] && pass cl-status-rscstatus \
    || fail cl-status-rscstatus "got '$r' exit $rc"
expect cl-status-bad-subcommand "" 11 cla frobnicate
hb_kill nodeb 9
wait_for 5 seen_as nodea nodeb dead
expect cl-status-nodestatus-dead dead 1 cla nodestatus nodeb
expect cl-status-hblinkstatus-dead dead 1 cla hblinkstatus nodeb hb0
hb_kill nodea 15

# Side by side with 3.0.6: the same question asked on both nodes gives the same answer.
if [ ! -x "$REAL_HB" ] || ! command -v cl_status >/dev/null; then
    skip cl-status-vs-3.0.6 "Debian heartbeat 3.0.6 not installed"; exit 0
fi
rm -rf "$W/nodeb/var"; mkdir -p "$W/nodeb/var"
hb_start nodea; real_hb_start nodeb
if ! wait_for 25 seen_as nodea nodeb active || ! wait_for 10 real_seen_as nodeb nodea active; then
    fail cl-status-vs-3.0.6 "mixed pair never active"; show_log nodea; exit 0
fi
sleep 2
same() {   # same NAME "ARGS on nodea" "ARGS on nodeb"
    local name=$1 a b ra rb
    a=$(cla $2); ra=$?
    b=$(real_cl nodeb $3); rb=$?
    if [ -n "${SORT:-}" ]; then a=$(sort <<<"$a"); b=$(sort <<<"$b"); fi
    if [ "$a" = "$b" ] && [ $ra = $rb ]; then pass "cl-status-vs-3.0.6-$name"
    else fail "cl-status-vs-3.0.6-$name" "heartbeatd '$a' exit $ra, 3.0.6 '$b' exit $rb"; fi
}
same hbstatus "hbstatus" "hbstatus"
# 3.0.6 lists its own node first; heartbeatd in ha.cf order: compare the sets.
SORT=sort same listnodes "listnodes" "listnodes"
same nodestatus-self "nodestatus nodea" "nodestatus nodeb"
same nodestatus-peer "nodestatus nodeb" "nodestatus nodea"
same nodestatus-unknown "nodestatus nosuch" "nodestatus nosuch"
same nodetype "nodetype nodeb" "nodetype nodea"
same listhblinks-peer "listhblinks nodeb" "listhblinks nodea"
same hblinkstatus-peer "hblinkstatus nodeb hb0" "hblinkstatus nodea hb0"
same hbparameter "hbparameter -p deadtime" "hbparameter -p deadtime"
same hbparameter-keepalive "hbparameter -p keepalive" "hbparameter -p keepalive"
same bad-subcommand "frobnicate" "frobnicate"
exit 0
