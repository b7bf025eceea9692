#!/bin/bash
# A node with the wrong key is ignored (never seen alive), and the drops are counted and logged.
. "$(dirname "$0")/lib.sh"
lib_init wrong-key
ns_node nodea 192.168.77.1
ns_node nodeb 192.168.77.2
hb_conf nodea "sha1 right" "bcast hb0"; hb_conf nodeb "sha1 wrong" "bcast hb0"
hb_start nodea; hb_start nodeb
# initdead is 4 s: by 6 s nodea must have declared the silent-to-it nodeb dead.
wait_for 8 seen_as nodea nodeb dead
st=$(hbq nodea nodestatus nodeb)
[ "$st" = dead ] && pass wrong-key-ignored || fail wrong-key-ignored "nodea sees nodeb as '$st'"
n=$(hbq nodea counters | sed -n 's/.*bad_signature=\([0-9]*\).*/\1/p')
[ "${n:-0}" -gt 5 ] && pass wrong-key-counted || fail wrong-key-counted "bad_signature count '${n:-}'"
logged=$(grep -c "dropped packet (bad_signature)" "$W/nodea/ha-log")
# Rate limit: about 5 packets a second for 6+ s, but at most one line per 10 s.
[ "$logged" -ge 1 ] && [ "$logged" -le 2 ] && pass wrong-key-logged-rate-limited \
    || fail wrong-key-logged-rate-limited "$logged log lines for $n drops"
[ "$(hbq nodea linkstatus nodeb hb0 2>&1)" != up ] && pass wrong-key-no-link || fail wrong-key-no-link "link up"
exit 0
